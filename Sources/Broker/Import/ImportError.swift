import Foundation

/// A problem found while reading an import file, located as precisely as the reader knows.
///
/// Its `description` is the conventional compiler-style `file:line: column: reason` (the column
/// part is left out when the problem is not about one column, the line part when it is about the
/// file as a whole), so it can be printed as-is or written to a reject report.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's name or path, as given to the reader.
    public var file: String
    /// The physical line (1-based) where the offending record starts, if known.
    public var line: Int?
    /// The header name of the offending column, if the problem is about one column.
    public var column: String?
    /// What is wrong, in plain words.
    public var reason: String

    /// Creates an error located at `file:line: column`.
    public init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line: column: reason`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ": \(column)" }
        return text + ": " + reason
    }
}
