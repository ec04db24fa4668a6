import Foundation

/// A column an importer reads, resolved against a file's header.
public struct ImportColumn: Hashable, Sendable {
    /// The header name as the file spells it.
    public let name: String
    /// The field position in each record.
    public let index: Int
}

/// Resolves the columns an importer wants against a file's header **by name**.
///
/// Names match case-insensitively, ignoring surrounding and repeated spaces, and each wanted column may list
/// alternative spellings (layouts differ between years). Missing required columns are collected
/// and reported together by ``validate()``; columns the importer never asked for are listed in
/// ``unusedColumns`` so that a summary can say what was ignored.
public struct ImportColumns {
    /// The file the header belongs to (for error messages).
    public let file: String
    /// The header names, in file order.
    public let names: [String]
    private let indexByKey: [String: Int]
    private var used = IndexSet()
    private var missing: [String] = []

    /// Maps `header` (the first record of `file`).
    public init(header: [String], file: String) {
        self.file = file
        self.names = header
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = Self.key(name)
            if index[key] == nil { index[key] = position }
        }
        self.indexByKey = index
    }

    /// Whether the header has a column called `name` (or any of `alternatives`).
    public func contains(_ name: String, _ alternatives: String...) -> Bool {
        ([name] + alternatives).contains { indexByKey[Self.key($0)] != nil }
    }

    /// The column called `name` or one of its `alternatives`; recorded as missing if absent.
    /// A missing required column resolves to a placeholder that reads as empty, so decoding code
    /// stays simple; ``validate()`` throws before any record is decoded.
    public mutating func required(_ name: String, _ alternatives: String...) -> ImportColumn {
        if let column = lookup([name] + alternatives) { return column }
        missing.append(name)
        return ImportColumn(name: name, index: Int.max)
    }

    /// The column called `name` or one of its `alternatives`, or `nil` if the file has neither.
    public mutating func optional(_ name: String, _ alternatives: String...) -> ImportColumn? {
        lookup([name] + alternatives)
    }

    /// The same as ``optional(_:_:)`` for a list of spellings.
    public mutating func optional(anyOf spellings: [String]) -> ImportColumn? {
        lookup(spellings)
    }

    /// Header names no importer asked for, in file order (empty names left out).
    public var unusedColumns: [String] {
        unusedIndices.filter { !names[$0].trimmingCharacters(in: .whitespaces).isEmpty }.map { names[$0] }
    }

    /// The positions of the header's columns no importer asked for.
    public var unusedIndices: IndexSet {
        IndexSet(integersIn: names.indices).subtracting(used)
    }

    /// Throws one ``ImportError`` naming every missing required column.
    public func validate() throws {
        guard !missing.isEmpty else { return }
        let plural = missing.count == 1 ? "column" : "columns"
        throw ImportError(file: file, line: 1,
                          reason: "missing required \(plural): \(missing.joined(separator: ", "))")
    }

    private mutating func lookup(_ spellings: [String]) -> ImportColumn? {
        for spelling in spellings {
            if let index = indexByKey[Self.key(spelling)] {
                used.insert(index)
                return ImportColumn(name: names[index], index: index)
            }
        }
        return nil
    }

    /// Lower case with runs of spaces collapsed (Ofsted writes `Latest OEIF  safeguarding…`).
    private static func key(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
