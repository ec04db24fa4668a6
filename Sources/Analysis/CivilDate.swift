/// A calendar date without a time zone (an inspection's start date, say), as stored in a SQL
/// `date` column.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The academic year the date falls in, as the year in which it ends (1 September – 31 August).
    public var academicYear: Int { month >= 9 ? year + 1 : year }

    /// The last day of an academic year: 31 August of the year in which it ends.
    public static func endOfAcademicYear(_ academicYear: Int) -> CivilDate {
        CivilDate(academicYear, 8, 31)
    }

    /// Whole years from `self` to `later` (negative when `later` is earlier).
    public func wholeYears(until later: CivilDate) -> Int {
        let years = later.year - year
        return (later.month, later.day) < (month, day) ? years - 1 : years
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601, `yyyy-mm-dd`.
    public var description: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(10)
        for (value, width) in [(year, 4), (month, 2), (day, 2)] {
            if !digits.isEmpty { digits.append(UInt8(ascii: "-")) }
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                digits.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (abs(value) / divisor) % 10))
                divisor /= 10
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
