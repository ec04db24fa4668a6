@testable import Broker
import Foundation
import Postgres
import Testing

@Suite("Supporters register")
struct SupporterStoreTests {
    /// Records an analysis run for 2026 that places school 300001 in secure_plus with a reading
    /// strength, and school 300002 in secure.
    static func recordAnalysis(in pool: PostgresPool) async throws {
        let run = try await RecordedRun.insert(year: 2026, in: pool)
        try await pool.query(
            """
            INSERT INTO analysis_results (run_id, urn, level, explained_by)
            VALUES (\(run), 300001, 'secure_plus', \(run)), (\(run), 300002, 'secure', \(run))
            """)
        try await pool.query(
            """
            INSERT INTO analysis_strengths (run_id, urn, area_code, position, strength)
            VALUES (\(run), 300001, 'ks2-reading', 0, 0.9)
            """)
        try await pool.query(
            """
            INSERT INTO analysis_explanations (run_id, urn, document)
            VALUES (\(run), 300001, '{"reasons": [], "warnings": [], "areas": [],
                    "strengths": [[{"text": "Reading well above England for three years."}]]}')
            """)
    }

    @Test("secure_plus schools become proposed supporters with their evidenced strengths, once")
    func proposalsFromAnalysis() async throws {
        try await WorkflowFixture.with { fixture in
            try await Self.recordAnalysis(in: fixture.pool)
            let first = try await SupporterStore.proposeFromAnalysis(year: 2026, by: fixture.admin, in: fixture.pool)
            let proposed = try #require(first.proposed.first)
            #expect(first.proposed.count == 1)
            #expect(proposed.homeURN == 300001 && proposed.status == .proposed && proposed.kind == .school)
            #expect(proposed.phases == ["primary"])
            #expect(proposed.specialisms.map(\.areaCode) == ["ks2-reading"])
            #expect(proposed.specialisms.first?.strength == 0.9)
            #expect(proposed.specialisms.first?.evidence.contains("Reading well above England") == true)

            let again = try await SupporterStore.proposeFromAnalysis(year: 2026, by: fixture.admin, in: fixture.pool)
            #expect(again.proposed.isEmpty)
            #expect(again.alreadyRegistered == 1)
            let count = try await fixture.pool.query("SELECT count(*)::int AS n FROM supporters WHERE home_urn = 300001")
            #expect(try count[0].decode("n", as: Int.self) == 1)
            let audits = try await fixture.pool.query(
                "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'supporter' AND action = 'propose'")
            #expect(try audits[0].decode("n", as: Int.self) == 1)

            let confirmed = try await SupporterStore.confirm(proposed.id, by: fixture.admin, in: fixture.pool)
            #expect(confirmed.status == .confirmed && confirmed.version == proposed.version + 1)
        }
    }

    @Test("register and update with If-Match; capacity cannot drop below the engagements in use")
    func registerAndUpdate() async throws {
        try await WorkflowFixture.with { fixture in
            let registered = try await fixture.pool.withTransaction { connection in
                try await SupporterStore.register(
                    NewSupporter(name: "Jo Leader", kind: .systemLeader, designations: [.nle], phases: ["primary"], capacity: 2,
                                 specialisms: [.init(areaCode: "phonics", strength: 0.7, evidence: "Phonics lead")]),
                    by: fixture.admin, on: connection)
            }
            #expect(registered.status == .proposed && registered.specialisms.count == 1)
            await #expect(throws: ValidationFailed.self) {
                try await fixture.pool.withTransaction { connection in
                    try await SupporterStore.register(
                        NewSupporter(name: "", kind: .school, phases: [], capacity: -1,
                                     specialisms: [.init(areaCode: "knitting", strength: 2)]),
                        by: fixture.admin, on: connection)
                }
            }
            let updated = try await SupporterStore.update(
                registered.id, SupporterChanges(capacity: 4, specialisms: [], conflicts: [.init(urn: 300002, reason: "governor")]),
                ifMatch: registered.entityTag, by: fixture.admin, in: fixture.pool)
            #expect(updated.capacity == 4 && updated.specialisms.isEmpty && updated.conflicts == [.init(urn: 300002, reason: "governor")])
            await #expect(throws: PreconditionFailed.self) {
                try await SupporterStore.update(registered.id, SupporterChanges(capacity: 1), ifMatch: registered.entityTag,
                                                by: fixture.admin, in: fixture.pool)
            }

            let partnership = try await fixture.propose()
            try await fixture.move(partnership.id, to: .offered)
            try await fixture.move(partnership.id, to: .accepted)
            let supporter = try await SupporterStore.read(fixture.supporterID, for: fixture.admin, in: fixture.pool)
            #expect(supporter.engagements == 1)
            do {
                _ = try await SupporterStore.update(fixture.supporterID, SupporterChanges(capacity: 0), ifMatch: supporter.entityTag,
                                                    by: fixture.admin, in: fixture.pool)
                Issue.record("capacity dropped below the engagements in use")
            } catch let error as ValidationFailed {
                #expect(error.errors.map(\.field) == ["capacity"])
            }
        }
    }
}
