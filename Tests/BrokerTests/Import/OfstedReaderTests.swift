import Broker
import Foundation
import Testing

@Suite("Ofsted MI reader")
struct OfstedReaderTests {
    static let reportCardHeader = [
        "URN", "LAESTAB", "School name", "Inspection number of latest full inspection", "Inspection type",
        "Inspection start date", "Publication date",
        "Does the latest full inspection relate to the URN of the current school?", "Category of concern",
        "Safeguarding standards", "Safeguarding standards - date of grade", "Inclusion", "Inclusion - date of grade",
        "Early years (where applicable)", "Early years - date of grade", "Leadership and governance",
        "Leadership and governance - date of grade", "Inspection number of latest OEIF graded inspection",
        "Inspection start date of latest OEIF graded inspection", "Latest OEIF overall effectiveness",
        "Latest OEIF quality of education", "Latest OEIF  safeguarding is effective?",
        "Latest OEIF sixth form provision (where applicable)", "Latest ungraded inspection number",
        "Date of latest ungraded inspection", "Ungraded inspection overall outcome",
    ]

    static func quoted(_ fields: [String]) -> String {
        fields.map { "\"\($0)\"" }.joined(separator: ",") + "\r\n"
    }

    @Test func reportCardLayout() throws {
        let text = Self.quoted(Self.reportCardHeader)
            + Self.quoted(["116646", "8852002", "Crown Meadow", "10432317", "S5 Inspection", "24/02/2026", "29/04/2026",
                           "Yes", "", "Met", "24/02/2026", "Needs attention", "24/02/2026", "Not applicable",
                           "24/02/2026", "Strong standard", "25/02/2026", "NULL", "NULL", "NULL", "NULL", "NULL",
                           "NULL", "10200281", "25/11/2021", "School remains Good"])
            + Self.quoted(["116650", "NULL", "Other", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
                           "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "10100001", "12/03/2019", "Not judged",
                           "2", "Yes", "9", "NULL", "NULL", "NULL"])
        let (layout, reader) = try OfstedReader.reader(ImportFixtures.csv(text, name: "mi.csv"))
        #expect(layout == .reportCard)
        let records = try reader.readAll()
        let card = try #require(records[0].reportCard)
        #expect(card.event.startDate == CalendarDay(year: 2026, month: 2, day: 24))
        #expect(card.event.relatesToCurrentURN == true && card.event.categoryOfConcern == nil)
        #expect(card.safeguardingMet == true)
        #expect(card.grades == [
            OfstedAreaGrade(area: .inclusion, grade: .needsAttention, date: CalendarDay(year: 2026, month: 2, day: 24)),
            OfstedAreaGrade(area: .leadershipAndGovernance, grade: .strongStandard,
                            date: CalendarDay(year: 2026, month: 2, day: 25)),
        ])
        #expect(records[0].graded == nil)
        #expect(records[0].ungraded?.outcome == "School remains Good")
        #expect(records[0].laestab == 8852002)

        #expect(records[1].reportCard == nil && records[1].laestab == nil)
        let graded = try #require(records[1].graded)
        #expect(graded.overallEffectiveness == .notJudged && graded.qualityOfEducation == .good)
        #expect(graded.safeguardingEffective == true && graded.sixthForm == .notApplicable)
        #expect(graded.event.startDate == CalendarDay(year: 2019, month: 3, day: 12))
    }

    @Test func legacyLayout() throws {
        let header = ["URN", "Inspection number of latest full inspection", "Inspection start date", "Publication date",
                      "Overall effectiveness", "Category of concern", "Quality of education", "Behaviour and attitudes",
                      "Personal development", "Effectiveness of leadership and management",
                      "Safeguarding is effective?", "Early years provision (where applicable)",
                      "Sixth form provision (where applicable)"]
        let text = Self.quoted(header)
            + Self.quoted(["100001", "10000001", "05/10/2023", "01/11/2023", "4", "Special Measures", "4", "3", "3",
                           "4", "No", "9", "9"])
        let (layout, reader) = try OfstedReader.reader(ImportFixtures.csv(text))
        #expect(layout == .legacy)
        let graded = try #require(try reader.next()?.graded)
        #expect(graded.overallEffectiveness == .inadequate && graded.overallEffectiveness?.grade == 4)
        #expect(graded.event.categoryOfConcern == "Special Measures")
        #expect(graded.behaviourAndAttitudes == .requiresImprovement && graded.safeguardingEffective == false)
        #expect(graded.earlyYears == .notApplicable)
        #expect(graded.event.publicationDate == CalendarDay(year: 2023, month: 11, day: 1))
    }

    @Test func unknownGradeAndBadDateAreNamed() throws {
        let header = Self.quoted(["URN", "Inspection number of latest full inspection", "Inspection start date",
                                  "Safeguarding standards", "Achievement"])
        let (_, reader) = try OfstedReader.reader(ImportFixtures.csv(
            header + Self.quoted(["1", "9", "01/01/2026", "Met", "Brilliant"])
                + Self.quoted(["2", "9", "2026-01-01", "Met", "Exceptional"]), name: "mi.csv"))
        #expect(throws: ImportError(file: "mi.csv", line: 2, column: "Achievement", reason: "invalid value \"Brilliant\" "
            + "(expected one of Exceptional, Strong standard, Expected standard, Needs attention, Urgent improvement, "
            + "Not applicable)")) {
            try reader.next()
        }
        #expect(throws: ImportError(file: "mi.csv", line: 3, column: "Inspection start date",
                                    reason: "invalid value \"2026-01-01\" (expected a date in the form dd/mm/yyyy)")) {
            try reader.next()
        }
    }

    @Test func notOfstedMI() {
        #expect(throws: ImportError.self) {
            try OfstedReader.reader(ImportFixtures.csv("URN,Name\n1,x\n"))
        }
    }
}
