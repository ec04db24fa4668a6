import Analysis
import Broker
import Postgres
import TestSupport
import Testing

/// `schoolbroker demo`'s setup step: after it, levels and match runs have data to serve.
@Suite("Demo county setup")
struct DemoCountySetupTests {
    @Test("the demo imports the county with its supporters, analyses 2025 and stores an optimal match run")
    func prepare() async throws {
        try await TestDatabase.withDatabase { pool in
            let setup = try await DemoCountySetup.prepare(schools: 40, seed: 2, into: pool, today: CivilDate(2024, 9, 1))
            // GIAS, KS2 and KS4 of each year, Ofsted, coordinates, then the supporters register.
            #expect(setup.imports.count == 1 + 2 * DemoCounty.academicYears.count + 2 + 1)
            let supporters = try await pool.query("SELECT count(*) AS n FROM supporters")[0].decode("n", as: Int.self)
            #expect(supporters > 0)

            let runID = try #require(setup.analysis.runID)
            #expect(DemoCountySetup.academicYear == 2025 && setup.analysis.results.count == 40)
            let admin = User(id: 0, name: "Admin", email: "a@b.c", role: .admin)
            let levels = try await SchoolLevelList.list(
                .init(academicYear: 2025, scope: try PrivateDataScope(admin, laCode: nil, urn: nil, subject: "levels")),
                limit: 200, in: pool)
            #expect(levels.items.count == 40 && levels.items.allSatisfy { $0.status.proposedByRun == runID })

            let matchID = try #require(setup.match.runID)
            #expect(setup.match.mode == .optimal && setup.match.needs > 0 && setup.match.matched > 0)
            let store = MatchRunStore(pool: pool)
            let page = try await store.runs(academicYear: 2025, limit: 10)
            #expect(page.items.map(\.id) == [matchID])
            #expect(try await store.proposals(runID: matchID) == setup.match.proposals)
            let tallies = try await store.tallies(runID: matchID)
            #expect(tallies.byLevel == setup.match.tallyByLevel && tallies.byArea == setup.match.tallyByArea)
            #expect(tallies.byLevel.allSatisfy { $0.level != nil }, "every analysed school has a level")
        }
    }
}
