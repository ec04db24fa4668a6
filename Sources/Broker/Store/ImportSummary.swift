import Foundation

/// What an import does with a bad record.
public enum ImportPolicy: Sendable, Hashable {
    /// The first bad record aborts the import with its ``ImportError``; nothing is written.
    case allOrNothing
    /// Bad records are rejected (listed in ``ImportSummary/rejected``); the good ones load.
    case skipInvalid
}

/// What importing one file did to the database.
///
/// Counts are of the rows the file stages: one per establishment for GIAS, one per published
/// figure (school, measure) for performance tables and census, one per inspection for Ofsted.
public struct ImportSummary: Sendable, Hashable {
    /// The file, as given to the reader.
    public var file: String
    /// Rows that did not exist before.
    public var inserted = 0
    /// Rows that existed with different values.
    public var updated = 0
    /// Rows that existed with the same values (re-importing a file leaves everything unchanged),
    /// or that repeat an earlier row of the same file.
    public var unchanged = 0
    /// Records with nothing to import (such as a coordinates row without a location, or a
    /// postcode no school has).
    public var skipped = 0
    /// Bad records left out under ``ImportPolicy/skipInvalid``, in file order.
    public var rejected: [ImportError] = []

    /// A summary of nothing yet, for `file`.
    public init(file: String) {
        self.file = file
    }

    /// One line for people: `file: 12 inserted, 3 updated, 0 unchanged, 1 rejected`.
    public var description: String {
        "\(file): \(inserted) inserted, \(updated) updated, \(unchanged) unchanged, \(rejected.count) rejected"
            + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}
