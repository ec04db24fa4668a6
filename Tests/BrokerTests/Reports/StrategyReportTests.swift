import Analysis
@testable import Broker
import Foundation
import Postgres
import Testing

@Suite("Strategy reports")
struct StrategyReportTests {
    /// PTREAD_EXP last year and this year, and this year's cohort, for every school.
    static let reading: [Int: (before: Double, after: Double, cohort: Double)] = [
        100001: (52, 60, 30), 100002: (65, 66, 28), 100003: (40, 41, 10), 100004: (55, 57, 45), 100005: (58, 56, 20),
        100006: (51, 55, 60), 100007: (70, 72, 15),
    ]
    /// The other KS2 figures this year: value = base + urn % 10 for writing, base + 2 × (urn % 10) for maths, …
    static let others: [(measure: String, base: Double, step: Double)] = [
        ("PTWRITTA_EXP", 60, 1), ("PTMAT_EXP", 62, 2), ("PTRWM_EXP_FSM6CLA1A", 40, 3), ("PTRWM_EXP_NotFSM6CLA1A", 66, 1),
    ]
    /// (urn, framework, start, overall, report-card grades, safeguarding met)
    static let inspections: [(Int, String, String, String?, [String], Bool?)] = [
        (100001, "legacy", "2023-03-01", "2", [], nil),
        (100001, "report-card", "2025-01-15", nil, ["Expected standard", "Needs attention"], true),
        (100002, "legacy", "2022-05-01", "1", [], nil),
        (100004, "legacy", "2024-11-01", "not-judged", [], nil),
        (100005, "report-card", "2025-02-01", nil, ["Expected standard", "Strong standard"], true),
        (100006, "legacy", "2021-01-01", "2", [], nil),
        (100007, "report-card", "2025-03-01", nil, ["Exceptional"], false),
    ]
    /// Effective levels: 2025 from the fixture (100001 overridden to intensive), 2024 added here.
    static let levels2025: [Int: String] = [100001: "intensive", 100007: "intensive", 100006: "light_touch"]
    static let levels2024: [Int: String] = [100001: "secure", 100002: "light_touch"]
    static let laOf = Dictionary(uniqueKeysWithValues: GroupFixture.schools.map { ($0.0, $0.1) })

    static func load(_ fixture: GroupFixture) async throws {
        let pool = fixture.pool
        for (urn, figures) in reading {
            try await pool.query(
                """
                INSERT INTO school_measures (urn, academic_year, dataset, measure, value, cohort)
                VALUES (\(urn), 2024, 'ks2', 'PTREAD_EXP', \(figures.before), 25), (\(urn), 2025, 'ks2', 'PTREAD_EXP', \(figures.after), \(figures.cohort))
                """)
            for other in others {
                try await pool.query(
                    """
                    INSERT INTO school_measures (urn, academic_year, dataset, measure, value, cohort)
                    VALUES (\(urn), 2025, 'ks2', \(other.measure), \(other.base + other.step * Double(urn % 10)), \(figures.cohort))
                    """)
            }
        }
        try await pool.query(
            """
            INSERT INTO comparator_measures (level, la_code, record_group, academic_year, dataset, measure, value)
            VALUES ('england', 0, 'RECTYPE 4', 2025, 'ks2', 'PTREAD_EXP', 70), ('england', 0, 'RECTYPE 5', 2025, 'ks2', 'PTREAD_EXP', 75),
                   ('england', 0, 'RECTYPE 5', 2025, 'ks2', 'PTRWM_EXP_FSM6CLA1A', 46), ('england', 0, 'RECTYPE 5', 2025, 'ks2', 'PTRWM_EXP_NotFSM6CLA1A', 68)
            """)
        for (urn, framework, start, overall, grades, safeguarding) in inspections {
            try await pool.query(
                """
                INSERT INTO inspections (urn, framework, start_date, overall_effectiveness, achievement, inclusion, safeguarding_met)
                VALUES (\(urn), \(framework), \(start)::date, \(overall), \(grades.first), \(grades.dropFirst().first), \(safeguarding))
                """)
        }
        let run = try await RecordedRun.insert(year: 2024, in: pool)
        for (urn, level) in levels2024 {
            try await pool.query(
                "INSERT INTO analysis_results (run_id, urn, level, explained_by) VALUES (\(run), \(urn), \(level)::support_level, \(run))")
        }
        // 100001's reading partnership with the near supporter (the fixture's other one is 100002's maths).
        let partnership: Int64 = try await pool.query(
            """
            INSERT INTO partnerships (supporter_id, status, academic_year, urn)
            VALUES (\(fixture.supporters["near"]!), 'active', 2025, 100001) RETURNING id
            """)[0].decode("id")
        try await pool.query(
            """
            INSERT INTO partnership_needs (partnership_id, need_id)
            SELECT \(partnership), id FROM needs WHERE urn = 100001 AND area_code = 'ks2-reading'
            """)
        try await pool.query(
            """
            INSERT INTO support_activities (urn, academic_year, kind, term, due_date, status) VALUES
              (100001, 2025, 'initial_visit', 'autumn', '2024-10-01', 'planned'), (100001, 2025, 'adviser_review', 'spring', '2025-01-10', 'planned'),
              (100001, 2025, 'project_board', 'autumn', '2024-10-01', 'done'), (100001, 2025, 'adviser_review', 'summer', '2025-06-01', 'planned'),
              (100006, 2025, 'initial_visit', 'autumn', '2024-10-01', 'planned')
            """)
    }

    static func report(_ fixture: GroupFixture, la: Int? = 885, by key: String = "admin") async throws -> StrategyReport {
        try await StrategyReportStore.report(
            academicYear: 2025, laCode: la, today: CivilDate(2025, 3, 1), for: fixture.users[key]!, in: fixture.pool)
    }

    /// The cohort-weighted mean of `value` over `urns`.
    static func weighted(_ urns: [Int], _ value: (Int) -> Double) -> Double {
        let weights = urns.map { reading[$0]!.cohort }
        return zip(urns, weights).map { value($0) * $1 }.reduce(0, +) / weights.reduce(0, +)
    }

    @Test("LA figures match values computed from the fixture")
    func laFigures() async throws {
        try await GroupFixture.with { fixture in
            try await Self.load(fixture)
            let report = try await Self.report(fixture)
            #expect(report.districts.map(\.district) == ["Wychavon", nil])
            let total = try #require(report.districts.last)
            let la = Self.reading.keys.filter { Self.laOf[$0] == 885 }.sorted()

            // Levels and movement.
            let now = Self.levels2025.filter { Self.laOf[$0.key] == 885 }
            #expect(total.schoolsWithLevel == now.count)
            #expect(total.levels == Dictionary(grouping: now.values, by: { $0 }).mapValues(\.count))
            var moves: [String: Int] = [:]
            for urn in Set(now.keys).union(Self.levels2024.keys) {
                moves["\(Self.levels2024[urn] ?? "none")->\(now[urn] ?? "none")", default: 0] += 1
            }
            #expect(Dictionary(uniqueKeysWithValues: report.movement.map { ("\($0.from)->\($0.to)", $0.schools) }) == moves)

            // Outcomes, cohort-weighted, and England's maintained row.
            #expect(abs(total.outcomes.reading! - Self.weighted(la) { Self.reading[$0]!.after }) < 1e-9)
            for (measure, base, step) in Self.others {
                let expected = Self.weighted(la) { base + step * Double($0 % 10) }
                let got = switch measure {
                case "PTWRITTA_EXP": total.outcomes.writing
                case "PTMAT_EXP": total.outcomes.maths
                case "PTRWM_EXP_FSM6CLA1A": total.outcomes.disadvantaged
                default: total.outcomes.otherPupils
                }
                #expect(abs(got! - expected) < 1e-9, "\(measure)")
            }
            #expect(abs(total.outcomes.disadvantagedGap! - (total.outcomes.otherPupils! - total.outcomes.disadvantaged!)) < 1e-12)
            #expect(report.england.reading == 75 && report.england.disadvantagedGap == 22 && report.england.maths == nil)

            // Good or better, by the rule applied here independently.
            let inLA = Self.inspections.filter { Self.laOf[$0.0] == 885 }
            func good(_ i: (Int, String, String, String?, [String], Bool?)) -> Bool? {
                if i.1 == "legacy" { return ["1", "2", "3", "4"].contains(i.3 ?? "") ? ["1", "2"].contains(i.3!) : nil }
                return i.5 == true && !i.4.contains { $0 == "Needs attention" || $0 == "Urgent improvement" }
            }
            #expect(total.legacyGraded == inLA.filter { $0.1 == "legacy" && good($0) != nil }.count)
            #expect(total.legacyGoodOrBetter == inLA.filter { $0.1 == "legacy" && good($0) == true }.count)
            #expect(total.reportCards == inLA.filter { $0.1 == "report-card" }.count)
            #expect(total.reportCardGoodOrBetter == inLA.filter { $0.1 == "report-card" && good($0) == true }.count)
            let latest = Dictionary(grouping: inLA.filter { good($0) != nil }, by: \.0).mapValues { $0.max { $0.2 < $1.2 }! }
            #expect(total.inspected == latest.count)
            #expect(total.goodOrBetter == latest.values.filter { good($0) == true }.count)
            #expect(total.goodOrBetterPercent == 100 * Double(total.goodOrBetter) / Double(latest.count))

            // Coverage, load and overdue activities.
            #expect(total.focusOrIntensive == now.values.filter { $0 == "focus" || $0 == "intensive" }.count)
            #expect(total.supportedByPartnership == 1)
            let based = GroupFixture.register.filter { $0.1.map { Self.laOf[$0] == 885 } ?? false }
            #expect(total.supporters == based.count && total.capacity == based.map(\.3).reduce(0, +))
            #expect(total.engagements == 1 && total.supportersFull == 0)
            #expect(total.overdueActivities == 2 && total.schoolsWithOverdueActivities == 1)

            // Impact: 100001's reading change against primaries of its starting band with no partnership.
            let band = { (urn: Int) in (Self.reading[urn]!.before / 10).rounded(.down) }
            let comparison = Self.reading.keys.filter {
                ![100001, 100002, 100003].contains($0) && band($0) == band(100001)
            }.map { Self.reading[$0]!.after - Self.reading[$0]!.before }
            let impact = try #require(report.impact.first)
            #expect(report.impact.count == 1 && impact.areaCode == "ks2-reading" && impact.measure == "PTREAD_EXP")
            #expect(impact.partneredSchools == 1 && impact.partneredChange == 8)
            #expect(impact.comparisonSchools == comparison.count)
            #expect(abs(impact.comparisonChange! - comparison.reduce(0, +) / Double(comparison.count)) < 1e-9)
            #expect(abs(impact.difference! - (8 - impact.comparisonChange!)) < 1e-12)
        }
    }

    @Test("England covers every LA; advisers see their LA only; other roles none")
    func scopes() async throws {
        try await GroupFixture.with { fixture in
            try await Self.load(fixture)
            let england = try await Self.report(fixture, la: nil)
            // Supporters without a home school count under "(no district)" in England's figures.
            #expect(england.laCode == nil && england.districts.map(\.district) == ["(no district)", "Ladywood", "Wychavon", nil])
            #expect(england.districts.last!.supporters == GroupFixture.register.count)
            #expect(abs(england.districts.last!.outcomes.reading! - Self.weighted(Array(Self.reading.keys)) { Self.reading[$0]!.after }) < 1e-9)
            #expect(england.districts.last!.overdueActivities == 3)
            let adviser = try await Self.report(fixture, la: nil, by: "adviser")
            #expect(adviser.laCode == 885)
            await #expect(throws: AccessDenied.self) { _ = try await Self.report(fixture, la: 330, by: "adviser") }
            for key in ["head", "group", "supporter"] {
                await #expect(throws: AccessDenied.self) { _ = try await Self.report(fixture, by: key) }
            }
            await #expect(throws: ValidationFailed.self) { _ = try await Self.report(fixture, la: 1000) }
        }
    }

    @Test("CSV: a header and six fields a row, numbers or empty, a total row per figure")
    func csvShape() async throws {
        try await GroupFixture.with { fixture in
            try await Self.load(fixture)
            let report = try await Self.report(fixture)
            let lines = report.csv.components(separatedBy: "\r\n").dropLast()
            #expect(lines.first == StrategyReport.csvHeader.joined(separator: ","))
            let rows = lines.dropFirst().map { $0.components(separatedBy: ",") }
            #expect(rows.allSatisfy { $0.count == 6 && $0[0] == "2025" && $0[1] == "885" })
            #expect(rows.allSatisfy { $0[5].isEmpty || Double($0[5]) != nil })
            let total = rows.first { $0[2] == "support" && $0[3].isEmpty && $0[4] == "overdue_activities" }
            #expect(total?[5] == "2")
            #expect(rows.contains { $0[2] == "outcomes" && $0[3] == "England" && $0[4] == "ks2_reading_expected" && $0[5] == "75" })
            #expect(rows.contains { $0[2] == "movement" && $0[4] == "secure->intensive" && $0[5] == "1" })
            let share = try #require(report.districts.first { $0.district == nil }?.goodOrBetterPercent)
            #expect(rows.contains {
                $0[2] == "inspections" && $0[3].isEmpty && $0[4] == "good_or_better_percent" && abs(Double($0[5])! - share) < 0.0001
            })
        }
    }
}
