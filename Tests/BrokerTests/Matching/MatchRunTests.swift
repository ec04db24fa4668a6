@testable import Broker
import Analysis
import Matching
import Postgres
import TestSupport
import Testing

/// Match runs from the database, on the demo county fixture.
@Suite("Match runs", .serialized)
struct MatchRunTests {
    func inputs(_ pool: PostgresPool, mode: MatchMode = .optimal) async throws -> MatchInputs {
        try await pool.withConnection { connection in
            try await MatchInputLoader(connection: connection).load(academicYear: 2025, mode: mode)
        }
    }

    /// Supporter id → capacity as registered.
    func capacities(_ pool: PostgresPool) async throws -> [Int: Int] {
        var capacities: [Int: Int] = [:]
        for row in try await pool.query("SELECT id, capacity FROM supporters") {
            capacities[try row.decode("id", as: Int.self)] = try row.decode("capacity", as: Int.self)
        }
        return capacities
    }

    @Test("a stored optimal run has the pure solver's objective on the same inputs, and a feasible, explained assignment")
    func optimalRunMatchesPureSolver() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            let outcome = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            let store = MatchRunStore(pool: pool)
            let runID = try #require(outcome.runID)
            let stored = try #require(try await store.run(id: runID))

            let loaded = try await inputs(pool)
            let candidates = CandidateGenerator(
                schools: loaded.schools, supporters: loaded.supporters, needs: loaded.needs, conflicts: loaded.conflicts
            ).generate()
            let areas = Array(Set(loaded.needs.map(\.area))).sorted()
            let solution = OptimalSolver.solve(
                MatchProblem(candidates: candidates, needs: loaded.needs, supporters: loaded.supporters, areas: areas))
            #expect(solution.objective > 0)
            #expect(stored.objective == solution.objective && stored.matched == solution.matched)
            #expect(stored.inputsFingerprint == loaded.fingerprint(mode: .optimal))
            #expect(stored.needs == loaded.needs.count && stored.supporters == loaded.supporters.count)
            #expect(stored.parameters == MatchRunParameters() && stored.mode == .optimal && stored.timings.store > 0)

            let proposals = try await store.proposals(runID: stored.id)
            #expect(proposals == outcome.proposals)
            #expect(proposals.compactMap(\.score).reduce(0) { $0 + $1.weight } == stored.objective)
            let capacity = try await capacities(pool)
            var load: [Int: Int] = [:]
            for proposal in proposals {
                if let supporter = proposal.supporterID {
                    load[supporter, default: 0] += 1
                    #expect(proposal.unmatchedReason == nil && proposal.alternatives.count <= 3)
                } else {
                    #expect(proposal.unmatchedReason != nil && proposal.score == nil)
                }
            }
            for (supporter, used) in load { #expect(used <= capacity[supporter]!) }
            #expect(proposals.contains { $0.alternatives.contains { $0.reason == .capacityTaken } })
            let prices = try await store.capacityPrices(runID: stored.id)
            #expect(prices == outcome.capacityPrices && prices.count == stored.supporters)
        }
    }

    @Test("needs in accepted or active partnerships are left out and the capacity they use is respected")
    func partnershipsRespected() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            let first = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
            let capacity = try await capacities(pool)
            // The busiest supporter: fill all of its capacity with accepted and active engagements.
            var load: [Int: [Int]] = [:]
            for proposal in first.proposals { if let s = proposal.supporterID { load[s, default: []].append(proposal.needID) } }
            let (busy, _) = try #require(load.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) })
            let needIDs = first.proposals.map(\.needID)
            let engaged = Array(needIDs.prefix(capacity[busy]!))
            try await MatchFixture.partnership(pool, supporter: busy, status: "accepted", needs: [engaged[0]])
            try await MatchFixture.partnership(pool, supporter: busy, status: "active", needs: Array(engaged.dropFirst()))
            // A partnership still being offered uses nothing.
            let offered = needIDs[needIDs.count - 1]
            try await MatchFixture.partnership(pool, supporter: busy, status: "offered", needs: [offered])

            let second = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            let proposed = Set(second.proposals.map(\.needID))
            #expect(proposed.isDisjoint(with: engaged) && proposed.contains(offered))
            #expect(second.needs == first.needs - engaged.count)
            #expect(!second.proposals.contains { $0.supporterID == busy })
            #expect(!second.capacityPrices.contains { $0.supporterID == busy })
            #expect(second.inputsFingerprint != first.inputsFingerprint)
        }
    }

    @Test("the same inputs and parameters give the same fingerprint and result; a dry run stores nothing")
    func repeatableAndDryRun() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            let runner = MatchRunner(pool: pool)
            let first = try await runner.run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            let second = try await runner.run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            #expect(first.runID != second.runID)
            #expect(first.inputsFingerprint == second.inputsFingerprint && first.objective == second.objective)
            let store = MatchRunStore(pool: pool)
            #expect(try await store.proposals(runID: first.runID!) == store.proposals(runID: second.runID!))

            let (runs, proposals) = (try await MatchFixture.count("match_runs", in: pool),
                                     try await MatchFixture.count("match_proposals", in: pool))
            let dry = try await runner.run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
            #expect(dry.runID == nil && dry.inputsFingerprint == first.inputsFingerprint)
            #expect(dry.objective == first.objective && dry.proposals == first.proposals)
            #expect(try await MatchFixture.count("match_runs", in: pool) == runs)
            #expect(try await MatchFixture.count("match_proposals", in: pool) == proposals)
            #expect(try await MatchFixture.count("match_capacity_prices", in: pool) == 2 * first.supporters)

            var near = MatchRunParameters()
            near.maxDistanceKm = 5
            let closer = try await runner.run(MatchRunRequest(academicYear: 2025, mode: .optimal, parameters: near, dryRun: true))
            #expect(closer.inputsFingerprint == first.inputsFingerprint && closer.objective < first.objective)
            #expect(closer.unmatchedByReason[.noSpecialistWithinDistance, default: 0] > 0)
            #expect(try await store.latestRun(academicYear: 2025)?.id == second.runID)
            #expect(try await store.latestRun(academicYear: 2025, mode: .stable) == nil)
        }
    }

    @Test("stable mode honours a head teacher's ranking that the supporter returns, with no blocking pair")
    func stableRun() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            let optimal = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
            // A matched need with a lower-quality runner-up: its head teacher ranks the runner-up first.
            let need = try #require(optimal.proposals.first { $0.alternatives.contains { $0.reason == .lowerQuality } })
            let choice = try #require(need.alternatives.first { $0.reason == .lowerQuality }).supporterID
            try await pool.query("""
                INSERT INTO need_preferences (need_id, rank, supporter_id) VALUES (\(need.needID), 1, \(choice));
                """)
            try await pool.query("INSERT INTO supporter_priorities (supporter_id, rank, need_id) VALUES (\(choice), 1, \(need.needID))")

            let stable = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .stable))
            #expect(stable.proposals.first { $0.needID == need.needID }?.supporterID == choice)
            #expect(stable.objective <= optimal.objective && stable.capacityPrices.isEmpty)
            #expect(stable.inputsFingerprint != optimal.inputsFingerprint)

            let loaded = try await inputs(pool, mode: .stable)
            let candidates = CandidateGenerator(
                schools: loaded.schools, supporters: loaded.supporters, needs: loaded.needs, conflicts: loaded.conflicts
            ).generate()
            let preferences = StablePreferenceBuilder.preferences(candidates, inputs: loaded)
            let index = Dictionary(uniqueKeysWithValues: loaded.supporters.enumerated().map { ($1.id, Int32($0)) })
            let byNeed = Dictionary(uniqueKeysWithValues: stable.proposals.map { ($0.needID, $0.supporterID) })
            let assignment = loaded.needs.map { need in byNeed[need.id]!.map { index[$0]! } ?? -1 }
            #expect(StableSolver.blockingPairs(assignment, preferences) == 0)
            #expect(assignment == StableSolver.solve(preferences).assignment)
        }
    }

    @Test("a school whose effective level is focus or intensive does not support others; the outcome tallies needs by level; an unlocated school's need is explained")
    func focusSchoolsAndUnlocatedNeeds() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            let before = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
            let rows = try await pool.query("SELECT id, home_urn FROM supporters WHERE kind = 'school'")
            var home: [Int: Int] = [:]
            for row in rows { home[try row.decode("id", as: Int.self)] = try row.decode("home_urn", as: Int.self) }
            let supporter = try #require(before.proposals.compactMap(\.supporterID).first { home[$0] != nil })
            #expect(before.tallyByLevel.map(\.level) == [nil])
            // An adviser places the supporter's home school in focus support for the year (no run proposed a level).
            try await LevelDecisionStore(pool: pool).override(
                urn: home[supporter]!, academicYear: 2025, level: .focus, reason: "new head teacher", by: "A. Adviser")
            let after = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
            #expect(!after.proposals.contains { $0.supporterID == supporter })
            let homeNeeds = after.proposals.filter { $0.urn == home[supporter]! }
            #expect(after.tallyByLevel.first { $0.level == .focus }?.needs == (homeNeeds.isEmpty ? nil : homeNeeds.count))
            #expect(after.tallyByLevel.reduce(0) { $0 + $1.needs } == after.needs)
            #expect(after.counts.exclusions["supporter_needs_support", default: 0]
                    > before.counts.exclusions["supporter_needs_support", default: 0])
            #expect(after.inputsFingerprint != before.inputsFingerprint)

            // A stored run keeps its counts by level after the levels change.
            let stored = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            let store = MatchRunStore(pool: pool)
            #expect(try await store.tallies(runID: stored.runID!).byLevel == stored.tallyByLevel)
            let needing = before.proposals[0].urn
            #expect(stored.schoolLevels[needing] != .intensive)
            try await LevelDecisionStore(pool: pool).override(
                urn: needing, academicYear: 2025, level: .intensive, reason: "safeguarding concern", by: "A. Adviser")
            #expect(try await store.tallies(runID: stored.runID!).byLevel == stored.tallyByLevel)

            let need = before.proposals[0]
            try await pool.query("DELETE FROM school_coordinates WHERE urn = \(need.urn)")
            let unlocated = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal))
            let proposal = try #require(unlocated.proposals.first { $0.needID == need.needID })
            #expect(proposal.unmatchedReason == .schoolNotLocated && unlocated.counts.needsAtUnlocatedSchools > 0)
            #expect(try await MatchRunStore(pool: pool).proposals(runID: unlocated.runID!) == unlocated.proposals)
        }
    }

    @Test("a second stored run of a year while one is in progress is refused; a dry run is not")
    func oneStoredRunPerYear() async throws {
        try await TestDatabase.withDatabase { pool in
            try await MatchFixture.load(into: pool)
            try await pool.withTransaction { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtext('schoolbroker.match-run'), CAST(\(2025) AS integer))")
                await #expect(throws: MatchRunError.alreadyRunning(academicYear: 2025)) {
                    try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal))
                }
                let dry = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: .optimal, dryRun: true))
                #expect(dry.matched > 0)
                _ = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2024, mode: .optimal))
            }
            #expect(try await MatchFixture.count("match_runs", in: pool) == 1)
        }
    }
}
