@testable import Broker
import Foundation
import Postgres
import PropertyBased
import Testing

@Suite("Partnership workflow")
struct PartnershipWorkflowTests {
    @Test("proposed → offered → accepted → active → completed: needs met from acceptance, each move recorded and audited")
    func happyPath() async throws {
        try await WorkflowFixture.with { fixture in
            let proposed = try await fixture.propose()
            #expect(proposed.status == .proposed)
            #expect(proposed.urn == 300001)
            let offered = try await fixture.move(proposed.id, to: .offered)
            #expect(Set(try await fixture.needStatuses(offered.needIDs).values) == ["open"])
            let accepted = try await PartnershipStore.transition(
                proposed.id,
                PartnershipTransitionRequest(to: .accepted, agreement: .init(
                    objectives: ["Raise KS2 reading to LA average"], daysCommitted: 6.5, reviewDates: ["2026-12-01", "2026-03-01"])),
                by: fixture.admin, in: fixture.pool)
            #expect(accepted.daysCommitted == 6.5)
            #expect(accepted.reviewDates == ["2026-03-01", "2026-12-01"])
            #expect(Set(try await fixture.needStatuses(accepted.needIDs).values) == ["met"])
            try await fixture.move(proposed.id, to: .active)

            await #expect(throws: ValidationFailed.self) {
                try await PartnershipStore.transition(
                    proposed.id, PartnershipTransitionRequest(to: .completed), by: fixture.admin, in: fixture.pool)
            }
            let completed = try await fixture.move(proposed.id, to: .completed)
            #expect(completed.impactNote == "reading up 12 points")
            #expect(completed.transitions.map(\.to) == [.proposed, .offered, .accepted, .active, .completed])
            #expect(completed.transitions.allSatisfy { $0.actorID == fixture.admin.id })
            #expect(Set(try await fixture.needStatuses(completed.needIDs).values) == ["met"])
            let audits = try await fixture.pool.query(
                "SELECT action FROM audit_log WHERE entity = 'partnership' AND entity_id = \(String(proposed.id)) ORDER BY id")
            #expect(try audits.map { try $0.decode("action", as: String.self) } == ["create", "offered", "accepted", "active", "completed"])
        }
    }

    @Test("an illegal move throws the allowed ones and changes nothing; ending moves need a reason")
    func illegalMoves() async throws {
        try await WorkflowFixture.with { fixture in
            let partnership = try await fixture.propose()
            do {
                try await fixture.move(partnership.id, to: .accepted)
                Issue.record("accepted a proposal that was never offered")
            } catch let error as IllegalTransition {
                #expect(error.from == .proposed)
                #expect(error.allowed == [.offered, .withdrawn])
            }
            await #expect(throws: ValidationFailed.self) {
                try await PartnershipStore.transition(
                    partnership.id, PartnershipTransitionRequest(to: .withdrawn, reason: "  "), by: fixture.admin, in: fixture.pool)
            }
            try await fixture.move(partnership.id, to: .withdrawn)
            await #expect(throws: IllegalTransition.self) { try await fixture.move(partnership.id, to: .offered) }
            let stored = try await PartnershipStore.read(partnership.id, for: fixture.admin, in: fixture.pool)
            #expect(stored.status == .withdrawn)
            #expect(stored.transitions.last?.reason == "because")
        }
    }

    @Test("a need in a live partnership cannot be proposed again until that partnership ends")
    func needTakenOnce() async throws {
        try await WorkflowFixture.with { fixture in
            let first = try await fixture.propose()
            await #expect(throws: Conflict.self) { _ = try await fixture.propose() }
            try await fixture.move(first.id, to: .withdrawn)
            #expect(try await fixture.propose().status == .proposed)
        }
    }

    @Test("random move sequences: the status only follows the workflow, and the needs' statuses follow the status")
    func randomSequences() async throws {
        try await WorkflowFixture.with(schools: 100) { fixture in
            var next = 0
            await propertyCheck(count: 60, input: Gen.element(of: PartnershipStatus.allCases).array(of: 1...8)) { moves in
                let need = fixture.needIDs[next % fixture.needIDs.count]
                next += 1
                do {
                    var model = PartnershipStatus.proposed
                    let id = try await fixture.propose([need]).id
                    for case let move? in moves {
                        do {
                            try await fixture.move(id, to: move)
                            #expect(model.allowedNext.contains(move), "moved \(model) → \(move)")
                            model = move
                        } catch let error as IllegalTransition {
                            #expect(!model.allowedNext.contains(move), "refused legal \(model) → \(move)")
                            #expect(error.allowed == model.allowedNext)
                        }
                        let stored = try await PartnershipStore.read(id, for: fixture.admin, in: fixture.pool)
                        #expect(stored.status == model)
                        #expect(try await fixture.needStatuses([need])[need] == (model.meetsNeeds ? "met" : "open"))
                    }
                    // Free the need for a later sequence.
                    if model.isLive { try await fixture.move(id, to: model == .active ? .cancelled : .withdrawn) }
                } catch {
                    Issue.record("unexpected error: \(error)")
                }
            }
        }
    }

    @Test("200 concurrent accepts against a supporter of capacity 3: exactly 3 succeed, the rest are refused for capacity")
    func concurrentAccepts() async throws {
        let capacity = 3
        try await WorkflowFixture.with(schools: 200, capacity: capacity, maximumConnections: 16) { fixture in
            var offered: [Int64] = []
            for need in fixture.needIDs {
                let partnership = try await fixture.propose([need])
                try await fixture.move(partnership.id, to: .offered)
                offered.append(partnership.id)
            }
            let outcomes = await withTaskGroup(of: Result<Partnership, any Error>.self) { group in
                for id in offered {
                    group.addTask {
                        do { return .success(try await fixture.move(id, to: .accepted)) } catch { return .failure(error) }
                    }
                }
                var results: [Result<Partnership, any Error>] = []
                for await result in group { results.append(result) }
                return results
            }
            let accepted = outcomes.filter { if case .success = $0 { true } else { false } }
            let refusals = outcomes.compactMap { outcome -> CapacityExceeded? in
                if case .failure(let error) = outcome { error as? CapacityExceeded } else { nil }
            }
            #expect(accepted.count == capacity)
            #expect(refusals.count == offered.count - capacity)
            #expect(refusals.allSatisfy { $0.capacity == capacity && $0.inUse == capacity && $0.requested == 1 })
            let engaged = try await fixture.pool.withConnection { try await PartnershipStore.engagements(of: fixture.supporterID, on: $0) }
            #expect(engaged == capacity)
            let met = try await fixture.pool.query("SELECT count(*)::int AS n FROM needs WHERE status = 'met'")
            #expect(try met[0].decode("n", as: Int.self) == capacity)
        }
    }

    @Test("changing the terms needs the current version; a stale If-Match is refused")
    func agreementVersion() async throws {
        try await WorkflowFixture.with { fixture in
            let partnership = try await fixture.propose()
            let changed = try await PartnershipStore.updateAgreement(
                partnership.id, PartnershipAgreement(objectives: ["Phonics screening above 80%"]), ifMatch: partnership.entityTag,
                by: fixture.admin, in: fixture.pool)
            #expect(changed.objectives == ["Phonics screening above 80%"])
            #expect(changed.version == partnership.version + 1)
            await #expect(throws: PreconditionFailed.self) {
                try await PartnershipStore.updateAgreement(
                    partnership.id, PartnershipAgreement(daysCommitted: 3), ifMatch: partnership.entityTag, by: fixture.admin,
                    in: fixture.pool)
            }
        }
    }
}
