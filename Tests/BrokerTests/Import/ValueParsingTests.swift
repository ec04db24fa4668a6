import Broker
import Foundation
import Testing

@Suite("Value parsing")
struct ValueParsingTests {
    @Test func decimalsAndPercentages() {
        #expect(ValueParsing.decimal("68%") == 68)
        #expect(ValueParsing.decimal("-0.35") == Decimal(string: "-0.35"))
        #expect(ValueParsing.decimal("+1.5") == Decimal(string: "1.5"))
        #expect(ValueParsing.decimal(".5") == Decimal(string: "0.5"))
        #expect(ValueParsing.decimal("-0") == 0)
        #expect(ValueParsing.decimal("18.1")?.description == "18.1")
        for bad in ["", "%", "-", "1.2.3", "12abc", "1e5", "1,000", "NA", "٣"] {
            #expect(ValueParsing.decimal(bad) == nil, "\(bad)")
        }
    }

    @Test func integers() {
        #expect(ValueParsing.integer("0042") == 42)
        #expect(ValueParsing.integer("-3") == -3)
        #expect(ValueParsing.integer("4.0") == nil)
        #expect(ValueParsing.integer("x") == nil)
    }

    @Test(arguments: SuppressionCode.allCases)
    func everySuppressionCodeIsKeptAsACode(code: SuppressionCode) {
        #expect(ValueParsing.measure(code.rawValue) == .suppressed(code))
        #expect(ValueParsing.measure(code.rawValue)?.number == nil)
    }

    @Test func measureNumbers() {
        #expect(ValueParsing.measure("0%") == .number(0))
        #expect(ValueParsing.measure("-1.9")?.number == Decimal(string: "-1.9"))
        #expect(ValueParsing.measure("supp") == nil)  // codes are case-sensitive, as published
    }

    @Test func dates() {
        #expect(CalendarDay(dayMonthYear: "01-09-2005", separator: "-") == CalendarDay(year: 2005, month: 9, day: 1))
        #expect(CalendarDay(dayMonthYear: "29/02/2024", separator: "/")?.iso8601 == "2024-02-29")
        #expect(CalendarDay(dayMonthYear: "29-02-2023", separator: "-") == nil)
        #expect(CalendarDay(dayMonthYear: "31-04-2020", separator: "-") == nil)
        #expect(CalendarDay(dayMonthYear: "2020-01-01", separator: "-") == nil)
        #expect(CalendarDay(dayMonthYear: "1-9-2005", separator: "-") == nil)
        #expect(CalendarDay(dayMonthYear: "01/09/2005", separator: "-") == nil)
        #expect(CalendarDay(year: 2025, month: 9, day: 1)!.academicYear == 2026)
        #expect(CalendarDay(year: 2026, month: 8, day: 31)!.academicYear == 2026)
        #expect(CalendarDay(year: 2026, month: 1, day: 5)!.dayMonthYear(separator: "/") == "05/01/2026")
    }
}
