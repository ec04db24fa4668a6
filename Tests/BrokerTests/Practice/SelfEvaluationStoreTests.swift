import Analysis
@testable import Broker
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Self-evaluation")
struct SelfEvaluationStoreTests {
    static func evaluation(referring areas: [String] = ["ks2-writing"]) -> NewSelfEvaluation {
        NewSelfEvaluation(
            urn: 310001, academicYear: 2025,
            judgements: [
                .init(areaCode: "ks2-reading", grade: .strongStandard, narrative: "Strong readers."),
                .init(areaCode: "ks2-writing", grade: .urgentImprovement, narrative: "Writing has fallen behind."),
            ],
            overallNarrative: "A school on the up.", selfReferralAreas: areas)
    }

    @Test("submitting self-refers in the same transaction; resubmitting keeps history and withdraws a dropped referral")
    func submitAndResubmit() async throws {
        try await PracticeFixture.with { fixture in
            // A self-referral raised on its own, before any self-evaluation: submissions leave it alone.
            let raised = try await fixture.pool.withTransaction { connection in
                try await NeedStore.raise(
                    .init(urn: 310001, areaCode: "ks2-maths", academicYear: 2025, severity: 2, rationale: "Times tables"),
                    by: fixture.headTeacher, on: connection)
            }
            let first = try await SelfEvaluationStore.submit(Self.evaluation(), by: fixture.headTeacher, in: fixture.pool)
            #expect(first.version == 1)
            #expect(first.judgements.map(\.areaCode) == ["ks2-reading", "ks2-writing"])
            var needs = try await NeedStore.list(.init(urn: 310001), limit: 10, in: fixture.pool).items
            #expect(Set(needs.map(\.areaCode)) == ["ks2-maths", "ks2-writing"])
            needs.removeAll { $0.id == raised.id }
            #expect(needs[0].source == .selfReferral)
            #expect(needs[0].severity == AnalysisRules.default.selfEvaluation.urgentImprovementSeverity)
            #expect(needs[0].rationale == "Writing has fallen behind.")

            let second = try await SelfEvaluationStore.submit(Self.evaluation(referring: ["phonics"]), by: fixture.headTeacher, in: fixture.pool)
            #expect(second.version == 2)
            needs = try await NeedStore.list(.init(urn: 310001), limit: 10, in: fixture.pool).items
            #expect(Dictionary(uniqueKeysWithValues: needs.map { ($0.areaCode, $0.status) })
                == ["ks2-maths": .open, "ks2-writing": .withdrawn, "phonics": .open])
            let comparison = try await SelfEvaluationStore.comparison(urn: 310001, academicYear: 2025, for: fixture.adviser, in: fixture.pool)
            #expect(comparison.selfEvaluation == second)
            #expect(comparison.history.map(\.version) == [1])
            let audited = try await fixture.pool.query(
                "SELECT entity, action FROM audit_log WHERE entity IN ('self_evaluation', 'need') ORDER BY id"
            ).map { "\(try $0.decode("entity", as: String.self)) \(try $0.decode("action", as: String.self))" }
            #expect(audited == ["need create", "need self-refer", "self_evaluation submit", "need self-refer", "need withdraw", "self_evaluation resubmit"])
        }
    }

    @Test("only the school's head teacher submits; advisers in scope read; others are refused")
    func roles() async throws {
        try await PracticeFixture.with { fixture in
            for user in [fixture.admin, fixture.adviser, fixture.supporterUser] {
                await #expect(throws: AccessDenied.self) { _ = try await SelfEvaluationStore.submit(Self.evaluation(), by: user, in: fixture.pool) }
            }
            var other = Self.evaluation()
            other.urn = 310002
            await #expect(throws: AccessDenied.self) { _ = try await SelfEvaluationStore.submit(other, by: fixture.headTeacher, in: fixture.pool) }
            var bad = Self.evaluation(referring: ["no-such-area"])
            bad.academicYear = 1990
            do {
                _ = try await SelfEvaluationStore.submit(bad, by: fixture.headTeacher, in: fixture.pool)
                Issue.record("a bad self-evaluation was accepted")
            } catch let error as ValidationFailed {
                #expect(error.errors.map(\.field) == ["academicYear"])
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await SelfEvaluationStore.submit(Self.evaluation(referring: ["no-such-area"]), by: fixture.headTeacher, in: fixture.pool)
            }
            await #expect(throws: NotFound.self) {
                _ = try await SelfEvaluationStore.comparison(urn: 310001, academicYear: 2025, for: fixture.admin, in: fixture.pool)
            }
            _ = try await SelfEvaluationStore.submit(Self.evaluation(), by: fixture.headTeacher, in: fixture.pool)
            for user in [fixture.admin, fixture.adviser, fixture.headTeacher] {
                _ = try await SelfEvaluationStore.comparison(urn: 310001, academicYear: 2025, for: user, in: fixture.pool)
            }
            for user in [fixture.otherAdviser, fixture.supporterUser, fixture.groupUser] {
                await #expect(throws: AccessDenied.self) {
                    _ = try await SelfEvaluationStore.comparison(urn: 310001, academicYear: 2025, for: user, in: fixture.pool)
                }
            }
        }
    }

    @Test("discrepancies: strong judged where the data shows an area for improvement, weak where it shows a strength")
    func discrepancies() {
        let areas = SelfEvaluationComparison.areas(
            judgements: [
                .init(areaCode: "ks2-reading", grade: .strongStandard), .init(areaCode: "ks2-maths", grade: .needsAttention),
                .init(areaCode: "ks2-writing", grade: .expectedStandard),
            ],
            improvements: ["ks2-reading": 3, "ks2-writing": 2, "phonics": 2], strengths: ["ks2-maths": 0.7])
        #expect(areas.map(\.areaCode) == ["ks2-maths", "ks2-reading", "ks2-writing", "phonics"])
        #expect(areas.map(\.discrepancy) == [true, true, false, false])
        #expect(areas[1].discrepancyReason == "judged strong standard, but the data shows an area for improvement (severity 3)")
        #expect(areas[3].grade == nil)
    }

    @Test("the analysis reads the latest self-evaluation: claiming strength where the data is weak raises assessment")
    func analysisIntegration() async throws {
        try await TestDatabase.withDatabase { pool in
            _ = try await AnalysisRunTests.county.get().load(into: pool)
            let first = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let runID = try #require(first.runID)
            // An area the data (not an inspection) finds weak.
            let weak = try #require(try await pool.query(
                """
                SELECT a.urn, a.area_code FROM analysis_areas a WHERE a.run_id = \(runID) AND a.area_code <> 'assessment'
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(analysis_findings(a.run_id, a.urn, 'areas', a.position)) f
                              WHERE f ->> 'ruleID' NOT LIKE 'inspection.%' AND f ->> 'ruleID' NOT LIKE 'self-evaluation.%')
                  AND NOT EXISTS (SELECT 1 FROM analysis_areas b WHERE b.run_id = a.run_id AND b.urn = a.urn AND b.area_code = 'assessment')
                ORDER BY a.urn, a.area_code LIMIT 1
                """).first)
            let urn: Int = try weak.decode("urn")
            let area: String = try weak.decode("area_code")
            let head = try await UserStore.create(.init(name: "Head", email: "head@example.org", role: .headteacher, urn: urn), in: pool)
            _ = try await SelfEvaluationStore.submit(
                NewSelfEvaluation(urn: urn, academicYear: 2025, judgements: [.init(areaCode: area, grade: .exceptional)]),
                by: head, in: pool)

            let second = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let result = try #require(second.results.first { $0.urn == urn })
            let assessment = try #require(result.areasForImprovement.first { $0.area == .assessment })
            #expect(assessment.findings.contains { $0.ruleID == "self-evaluation.accuracy" && $0.subject == area })

            let comparison = try await SelfEvaluationStore.comparison(
                urn: urn, academicYear: 2025, for: try await UserStore.create(.init(name: "Root", email: "root@example.org", role: .admin), in: pool),
                in: pool)
            #expect(comparison.analysisRunID == second.runID)
            let judged = try #require(comparison.areas.first { $0.areaCode == area })
            #expect(judged.discrepancy)
            #expect(judged.improvementSeverity != nil)
        }
    }
}
