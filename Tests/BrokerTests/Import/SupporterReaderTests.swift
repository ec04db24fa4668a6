import Broker
import Matching
import Testing

@Suite("Supporters register reader")
struct SupporterReaderTests {
    static let header = "Reference,Name,Kind,Home URN,Designations,Phases,Capacity,Available from,Available to,"
        + "Status,Latitude,Longitude,Specialisms,Evidence,Conflicts of interest\n"

    func reader(_ rows: String) throws -> ImportReader<SupporterRecord> {
        try SupporterReader.reader(ImportFixtures.csv(Self.header + rows, name: "s.csv"),
                                   areas: ["ks2-maths", "phonics", "leadership"], schools: [116000, 116001])
    }

    @Test("reads a school supporter and a system leader by header name")
    func reads() throws {
        let records = try reader("""
            S1,Alpha First School,school,116000,NLE;sle,primary,2,2024-09-01,2026-08-31,,,,ks2-maths:0.9; phonics:0.75,Strong KS2,116001:shared governor
            L1,Jo Smith,System leader,,NLG,Primary;all-through,1,,,proposed,52.1,-2.2,leadership:1,,

            """).readAll()
        #expect(records.count == 2)
        let school = records[0]
        #expect(school.line == 2 && school.reference == "S1" && school.kind == .school && school.homeURN == 116000)
        #expect(school.designations == [.nle, .sle] && school.phases == [.primary] && school.capacity == 2)
        #expect(school.availableFrom == CalendarDay(year: 2024, month: 9, day: 1) && school.status == .confirmed)
        #expect(school.specialisms == [.init(area: "ks2-maths", strength: 0.9), .init(area: "phonics", strength: 0.75)])
        #expect(school.conflicts == [.init(urn: 116001, reason: "shared governor")] && school.evidence == "Strong KS2")
        let leader = records[1]
        #expect(leader.kind == .systemLeader && leader.homeURN == nil && leader.status == .proposed)
        #expect(leader.phases == [.primary, .allThrough])
        #expect(leader.location == GeoCoordinate(latitude: 52.1, longitude: -2.2))
    }

    @Test("bad values are reported at file:line: column", arguments: [
        ("S1,A,school,,,primary,1,,,,,,ks2-maths:1,,", "s.csv:2: Home URN: a supporter of kind school needs its home URN"),
        ("S1,A,school,999999,,primary,1,,,,,,ks2-maths:1,,", "s.csv:2: Home URN: no school has URN 999999"),
        ("S1,A,hub,116000,,primary,1,,,,,,,,", "s.csv:2: Kind: invalid value \"hub\" (expected one of school, teaching_school_hub, system_leader)"),
        ("S1,A,school,116000,,primary,1,,,,,,ks2-mathematics:1,,", "s.csv:2: Specialisms: unknown area \"ks2-mathematics\""),
        ("S1,A,school,116000,,primary,1,,,,,,ks2-maths:1.5,,", "s.csv:2: Specialisms: strength 1.5 of ks2-maths is outside 0…1"),
        ("S1,A,school,116000,,primary,1,,,,,,ks2-maths,,", "s.csv:2: Specialisms: invalid specialism \"ks2-maths\" (expected area:strength, such as ks2-maths:0.8)"),
        ("S1,A,school,116000,,primary,-1,,,,,,ks2-maths:1,,", "s.csv:2: Capacity: capacity -1 is negative"),
        ("S1,A,school,116000,,,1,,,,,,ks2-maths:1,,", "s.csv:2: Phases: value is required"),
        ("S1,A,school,116000,,infant,1,,,,,,ks2-maths:1,,", "s.csv:2: Phases: invalid value \"infant\" (expected one of primary, secondary, all_through)"),
        ("S1,A,school,116000,,primary,1,2026-09-01,2025-08-31,,,,ks2-maths:1,,", "s.csv:2: Available to: available to 2025-08-31 is before available from 2026-09-01"),
        ("S1,A,school,116000,,primary,1,01/09/2025,,,,,ks2-maths:1,,", "s.csv:2: Available from: invalid value \"01/09/2025\" (expected a date in the form yyyy-mm-dd)"),
        ("S1,A,school,116000,,primary,1,,,,52.1,,ks2-maths:1,,", "s.csv:2: Longitude: a latitude needs a longitude"),
        ("S1,A,school,116000,,primary,1,,,,,,ks2-maths:1,,12345x", "s.csv:2: Conflicts of interest: invalid conflict \"12345x\" (expected URN or URN:reason)"),
        ("S1,A,school,116000,,primary,1,,,,,,ks2-maths:1;ks2-maths:0.5,,", "s.csv:2: Specialisms: \"ks2-maths\" is listed twice"),
    ])
    func badValue(row: String, message: String) throws {
        let error = #expect(throws: ImportError.self) { try reader(row + "\n").readAll() }
        #expect(error?.description == message)
    }

    @Test("a reference may appear once per file")
    func repeatedReference() throws {
        let error = #expect(throws: ImportError.self) {
            try reader("S1,A,school,116000,,primary,1,,,,,,ks2-maths:1,,\nS1,B,school,116001,,primary,1,,,,,,,,\n").readAll()
        }
        #expect(error?.description == "s.csv:3: Reference: reference \"S1\" repeats line 2")
    }

    @Test("missing required columns are named together")
    func missingColumns() {
        #expect(throws: ImportError(file: "s.csv", line: 1,
                                    reason: "missing required columns: Kind, Phases, Capacity, Specialisms")) {
            try SupporterReader.reader(ImportFixtures.csv("Reference,Name\n", name: "s.csv"), areas: [], schools: [])
        }
    }
}
