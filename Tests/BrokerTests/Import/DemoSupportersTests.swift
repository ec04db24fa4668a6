import Broker
import Foundation
import Testing

@Suite("Demo supporters register")
struct DemoSupportersTests {
    static let areas: Set<String> = [
        "ks2-reading", "ks2-writing", "ks2-maths", "phonics", "early-years", "ks4-english", "ks4-maths", "ks4-science",
        "post-16", "disadvantaged", "send-inclusion", "attendance-behaviour", "curriculum-teaching", "assessment",
        "leadership", "governance", "personal-development", "safeguarding",
    ]

    @Test("the demo county's register reads cleanly, with school supporters, a hub and system leaders, the same for a seed")
    func register() throws {
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try DemoCounty.write(schools: 250, seed: 1, to: directory.appendingPathComponent("a"))
        let schools = Set(try GIASReader.open(files.gias).reader.readAll().map(\.urn))
        let supporters = try SupporterReader.open(files.supporters, areas: Self.areas, schools: schools).readAll()
        let kinds = Dictionary(grouping: supporters, by: \.kind).mapValues(\.count)
        #expect(kinds[.school, default: 0] > 20 && kinds[.teachingSchoolHub] == 1 && kinds[.systemLeader] == 3)
        #expect(supporters.allSatisfy { !$0.specialisms.isEmpty && $0.capacity > 0 })
        #expect(supporters.filter { $0.kind == .systemLeader }.allSatisfy { $0.location != nil && $0.homeURN == nil })
        let again = try DemoCounty.write(schools: 250, seed: 1, to: directory.appendingPathComponent("b"))
        #expect(try Data(contentsOf: files.supporters) == Data(contentsOf: again.supporters))
    }
}
