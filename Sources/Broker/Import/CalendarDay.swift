import Foundation

/// A calendar date with no time or zone, as the import files write dates (`dd-mm-yyyy` in GIAS,
/// `dd/mm/yyyy` in Ofsted MI).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns `nil` if it does not exist (month 13, 31 April, 29 February in
    /// a common year).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `dd<separator>mm<separator>yyyy` with exactly two, two and four digits.
    public init?(dayMonthYear text: some StringProtocol, separator: Character) {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses ISO 8601 `yyyy-mm-dd` with exactly four, two and two digits.
    public init?(iso8601 text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The academic year the date falls in, as the year in which it ends (1 September – 31 August).
    public var academicYear: Int { month >= 9 ? year + 1 : year }

    /// ISO 8601, `yyyy-mm-dd` (the text PostgreSQL's `date` accepts).
    public var description: String {
        iso8601
    }

    /// ISO 8601, `yyyy-mm-dd`.
    public var iso8601: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
    }

    /// The date as published in a file: `dd<separator>mm<separator>yyyy`.
    public func dayMonthYear(separator: Character) -> String {
        "\(Self.padded(day, 2))\(separator)\(Self.padded(month, 2))\(separator)\(Self.padded(year, 4))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
