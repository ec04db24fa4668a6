import Foundation

/// A value written into a `COPY … FROM STDIN` staging row as PostgreSQL's text form.
protocol StagingValue {
    /// The text PostgreSQL reads back as the same value.
    var stagingText: String { get }
}

extension String: StagingValue {
    var stagingText: String { self }
}

extension Int: StagingValue {
    var stagingText: String { String(self) }
}

extension Double: StagingValue {
    var stagingText: String { String(self) }
}

extension Decimal: StagingValue {
    var stagingText: String { description }
}

extension Bool: StagingValue {
    var stagingText: String { self ? "t" : "f" }
}

extension CalendarDay: StagingValue {
    var stagingText: String { iso8601 }
}

extension Optional where Wrapped: StagingValue {
    /// The staging text, or `nil` (SQL NULL) when missing.
    var stagingText: String? { map(\.stagingText) }
}

extension Array: StagingValue where Element: StagingValue {
    /// A one-dimensional array literal, every element quoted: `{"a","b \"c\""}`.
    var stagingText: String {
        "{" + map { element in
            "\"" + element.stagingText.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
