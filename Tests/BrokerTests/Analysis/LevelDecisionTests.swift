import Analysis
import Broker
import Foundation
import Postgres
import TestSupport
import Testing

/// Advisers' decisions on levels, needs the analysis withdraws, re-levelling and the traded offer.
@Suite("Level decisions and support plans", .serialized)
struct LevelDecisionTests {
    let runs = AnalysisRunTests()

    /// A level other than `level`.
    func another(_ level: SupportLevel) -> SupportLevel { level == .focus ? .lightTouch : .focus }

    @Test("an override survives re-running and shows as a disagreement; an agreement follows the proposal")
    func overrideSurvivesRerun() async throws {
        try await runs.withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let decisions = LevelDecisionStore(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let (overridden, agreed) = (first.results[0], first.results[1])
            let level = another(overridden.level)

            let status = try await decisions.override(
                urn: overridden.urn, academicYear: 2025, level: level, reason: "New head teacher from January",
                by: "A. Adviser", today: AnalysisRunTests.startOfYear)
            #expect(status.decision == .overridden)
            #expect(status.proposedLevel == overridden.level && status.decidedLevel == level)
            #expect(status.effectiveLevel == level && status.disagreement)
            let agreement = try await decisions.agree(
                urn: agreed.urn, academicYear: 2025, by: "B. Adviser", today: AnalysisRunTests.startOfYear)
            #expect(agreement.decision == .agreed && agreement.decidedLevel == agreed.level && !agreement.disagreement)

            _ = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let after = try #require(try await decisions.status(urn: overridden.urn, academicYear: 2025))
            #expect(after.decision == .overridden && after.decidedLevel == level && after.disagreement)
            #expect(after.reason == "New head teacher from January" && after.decidedBy == "A. Adviser")
            #expect(try await decisions.status(urn: agreed.urn, academicYear: 2025)?.decision == .agreed)
            let pending = try await decisions.statuses(academicYear: 2025).filter { $0.decision == .pending }
            #expect(pending.count == 38)
            // The view over every year says the same.
            let view = try await pool.query(
                """
                SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE disagreement) AS disagree
                FROM school_levels WHERE academic_year = 2025
                """)[0]
            #expect(try view.decode("pending", as: Int.self) == 38 && view.decode("disagree", as: Int.self) == 1)

            // The history: two proposals and the override, oldest first.
            let history = try await decisions.history(urn: overridden.urn, academicYear: 2025)
            #expect(history.map(\.event) == [.proposed, .overridden, .proposed])
        }
    }

    @Test("a re-run that proposes another level than the agreed one shows the disagreement")
    func agreedThenDataChanges() async throws {
        try await runs.withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let decisions = LevelDecisionStore(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let school = try #require(first.results.first { $0.level < .intensive })
            try await decisions.agree(urn: school.urn, academicYear: 2025, by: "A. Adviser")
            // A new inspection finds the school inadequate.
            try await pool.query(
                """
                INSERT INTO inspections (urn, framework, start_date, overall_effectiveness, safeguarding_effective)
                VALUES (\(school.urn)::integer, 'legacy', '2025-06-01', '4', false)
                ON CONFLICT (urn, framework) DO UPDATE SET start_date = EXCLUDED.start_date,
                    overall_effectiveness = '4', safeguarding_effective = false
                """)
            try await pool.query("DELETE FROM inspections WHERE urn = \(school.urn)::integer AND framework = 'report-card'")
            let second = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            #expect(second.results.first { $0.urn == school.urn }?.level == .intensive)
            let status = try #require(try await decisions.status(urn: school.urn, academicYear: 2025))
            #expect(status.decision == .agreed && status.decidedLevel == school.level)
            #expect(status.proposedLevel == .intensive && status.disagreement)
            #expect(status.effectiveLevel == school.level, "the adviser's decision counts until they revisit it")
        }
    }

    @Test("decisions are validated and refused ones write nothing")
    func invalidDecisions() async throws {
        try await runs.withCounty { pool in
            let decisions = LevelDecisionStore(pool: pool)
            let urn = try await pool.query("SELECT min(urn) FROM schools")[0].decode(0, as: Int.self)
            await #expect(throws: LevelDecisionError.nothingProposed(urn: urn, academicYear: 2025)) {
                try await decisions.agree(urn: urn, academicYear: 2025, by: "A. Adviser")
            }
            await #expect(throws: LevelDecisionError.reasonRequired) {
                try await decisions.override(urn: urn, academicYear: 2025, level: .focus, reason: "  ", by: "A. Adviser")
            }
            await #expect(throws: LevelDecisionError.actorRequired) {
                try await decisions.override(urn: urn, academicYear: 2025, level: .focus, reason: "Concern", by: "")
            }
            await #expect(throws: LevelDecisionError.unknownSchool(999_999)) {
                try await decisions.override(urn: 999_999, academicYear: 2025, level: .focus, reason: "x", by: "A")
            }
            #expect(try await runs.count("SELECT count(*) FROM level_decisions", in: pool) == 0)
            #expect(try await runs.count("SELECT count(*) FROM support_activities", in: pool) == 0)
        }
    }

    @Test("needs the analysis no longer finds are withdrawn, met ones kept, and found ones reopened")
    func withdrawnNeeds() async throws {
        try await runs.withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let found = try #require(first.results.first { !$0.areasForImprovement.isEmpty })
            let notFound = try #require(
                first.results.first { !$0.areasForImprovement.contains { $0.area == .governance } })
            try await pool.query(
                """
                INSERT INTO needs (urn, area_code, academic_year, severity, source, status) VALUES
                    (\(notFound.urn)::integer, 'governance', 2025, 3, 'analysis', 'open'),
                    (\(notFound.urn)::integer, 'governance', 2025, 3, 'self_referral', 'open')
                """)
            try await pool.query(
                """
                UPDATE needs SET status = 'withdrawn' WHERE urn = \(found.urn)::integer
                    AND area_code = \(found.areasForImprovement[0].area.rawValue) AND source = 'analysis'
                """)
            let metArea = try #require(first.results.flatMap { r in r.areasForImprovement.map { (r.urn, $0.area) } }.last)
            try await pool.query(
                "UPDATE needs SET status = 'met' WHERE urn = \(metArea.0)::integer AND area_code = \(metArea.1.rawValue)")

            let second = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            #expect(second.needs == .init(created: 0, updated: 1, withdrawn: 1))
            let status = { (urn: Int, area: String, source: String) in
                try await pool.query(
                    """
                    SELECT status::text FROM needs WHERE urn = \(urn)::integer AND area_code = \(area)
                        AND source = \(source)::need_source AND academic_year = 2025
                    """)[0].decode(0, as: String.self)
            }
            #expect(try await status(notFound.urn, "governance", "analysis") == "withdrawn")
            #expect(try await status(notFound.urn, "governance", "self_referral") == "open")
            #expect(try await status(found.urn, found.areasForImprovement[0].area.rawValue, "analysis") == "open")
            #expect(try await status(metArea.0, metArea.1.rawValue, "analysis") == "met")
        }
    }

    @Test("re-levelling mid-year re-plans future activities and keeps past and done ones")
    func relevellingKeepsPastActivities() async throws {
        try await runs.withCounty { pool in
            let first = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let school = try #require(first.results.first { $0.level == .focus || $0.level == .lightTouch })
            let activities = SupportActivityStore(pool: pool)
            let before = try await activities.activities(urn: school.urn, academicYear: 2025)
            try await activities.record(id: before[0].id, status: .done, notes: "Met the head", outcome: "Plan agreed")

            let midYear = CivilDate(2025, 1, 10)
            let level: SupportLevel = .intensive
            try await LevelDecisionStore(pool: pool).override(
                urn: school.urn, academicYear: 2025, level: level, reason: "Safeguarding concern", by: "A. Adviser",
                today: midYear)
            let after = try await activities.activities(urn: school.urn, academicYear: 2025, today: midYear)
            let kept = before.filter { $0.dueDate < midYear }
            #expect(after.filter { $0.dueDate < midYear }.map(\.id) == kept.map(\.id), "past activities stay")
            #expect(after.first { $0.id == before[0].id }?.status == .done)
            #expect(after.first { $0.id == before[0].id }?.outcome == "Plan agreed")
            #expect(after.filter { $0.dueDate < midYear && $0.status == .planned }.allSatisfy { $0.overdue })
            let future = after.filter { $0.dueDate >= midYear }
            #expect(!future.isEmpty && future.allSatisfy { $0.plannedForLevel == level && !$0.overdue })
            // Planning again for the same level changes nothing.
            _ = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: midYear)
            #expect(try await activities.activities(urn: school.urn, academicYear: 2025, today: midYear) == after)
        }
    }

    @Test("a dry run analyses and writes nothing")
    func dryRunWritesNothing() async throws {
        try await runs.withCounty { pool in
            let summary = try await AnalysisRunner(pool: pool).run(academicYear: 2025, dryRun: true)
            #expect(summary.runID == nil && summary.results.count == 40)
            for table in ["analysis_runs", "analysis_results", "needs", "support_activities", "support_plans"] {
                // Table names are this test's literals.
                #expect(try await runs.count(PostgresQuery(sql: "SELECT count(*) FROM \(table)"), in: pool) == 0)
            }
        }
    }

    @Test("a secure school's agreed area links to a traded service of that area, and nothing else does")
    func tradedOffer() async throws {
        try await runs.withCounty { pool in
            let first = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let school = try #require(first.results.first { !$0.areasForImprovement.isEmpty })
            let area = school.areasForImprovement[0].area
            let offer = TradedOfferStore(pool: pool)
            let service = try await offer.addService(area: area, title: "Subject leader network", provider: "LA")
            let other = try await offer.addService(area: area == .governance ? .leadership : .governance, title: "Clerking")
            #expect(try await offer.services(area: area) == [service])
            await #expect(throws: TradedOfferError.notAgreedSecure(urn: school.urn, academicYear: 2025)) {
                try await offer.link(urn: school.urn, academicYear: 2025, area: area, serviceID: service.id, by: "A")
            }
            try await LevelDecisionStore(pool: pool).override(
                urn: school.urn, academicYear: 2025, level: .secure, reason: "Concerns addressed", by: "A. Adviser")
            await #expect(throws: TradedOfferError.serviceForAnotherArea(other.id, area)) {
                try await offer.link(urn: school.urn, academicYear: 2025, area: area, serviceID: other.id, by: "A")
            }
            try await offer.link(urn: school.urn, academicYear: 2025, area: area, serviceID: service.id, by: "A")
            try await offer.link(urn: school.urn, academicYear: 2025, area: area, serviceID: service.id, by: "A")
            #expect(try await offer.linkedServices(urn: school.urn, academicYear: 2025) == [service])
        }
    }

    @Test("explaining one school gives the stored run's result and its decision status")
    func explainOneSchool() async throws {
        try await runs.withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let run = try await runner.run(academicYear: 2025, today: AnalysisRunTests.startOfYear)
            let school = run.results[5]
            let explanation = try await runner.explain(urn: school.urn, academicYear: 2025)
            #expect(explanation.analysis == school)
            #expect(explanation.status?.proposedLevel == school.level && explanation.status?.decision == .pending)
            await #expect(throws: SchoolExplanationError.notOpen(urn: 999_999, academicYear: 2025)) {
                try await runner.explain(urn: 999_999, academicYear: 2025)
            }
        }
    }
}

/// The offer of each level, as administrators keep it.
@Suite("Support offer")
struct SupportOfferTests {
    @Test("the seeded offer follows DESIGN.md's table, and an administrator's change plans later schools")
    func offerIsData() async throws {
        try await TestDatabase.withDatabase { pool in
            let store = SupportOfferStore(pool: pool)
            let seeded = try await store.offer()
            #expect(Set(seeded.map(\.level)) == Set(SupportLevel.allCases))
            #expect(seeded.contains(SupportOfferItem(level: .lightTouch, kind: "initial_visit", terms: [.autumn], firstDueWeek: 4)))
            // Frequency proportionate to need: intensive schools get more reviews than focus ones.
            let reviews = { (level: SupportLevel) in
                seeded.filter { $0.level == level && $0.kind == "adviser_review" }.reduce(0) { $0 + $1.terms.count * $1.perTerm }
            }
            #expect(reviews(.intensive) > reviews(.focus) && reviews(.focus) > reviews(.secure))

            let extra = SupportOfferItem(level: .secure, kind: "adviser_review", terms: [.spring, .autumn], perTerm: 2)
            try await store.set(extra)
            #expect(try await store.offer().first { $0.level == .secure && $0.kind == "adviser_review" }?.terms == [.autumn, .spring])
            await #expect(throws: SupportOfferError.unknownKind("coffee_morning")) {
                try await store.set(SupportOfferItem(level: .secure, kind: "coffee_morning", terms: [.autumn]))
            }
            await #expect(throws: SupportOfferError.perTermOutOfRange(0)) {
                try await store.set(SupportOfferItem(level: .secure, kind: "initial_visit", terms: [.autumn], perTerm: 0))
            }
            #expect(try await store.remove(level: .secure, kind: "adviser_review"))
            #expect(try await store.offer() == seeded)
        }
    }
}
