import Analysis
import Postgres

/// Computes ``StrategyReport``s in a handful of set-based queries, each grouped by district with
/// a grand total (`GROUPING SETS`), for an LA or for England.
///
/// - Levels: each school's effective level (`school_levels_in`) this year and last.
/// - Outcomes: means of the schools' KS2 figures weighted by each figure's cohort; England's from
///   its published (maintained schools', `RECTYPE 5`) comparator row.
/// - Good or better: see ``goodOrBetterRule``; inspections that started by 31 August of the year.
/// - Coverage: focus and intensive schools with an accepted or active partnership of the year.
/// - Load: confirmed supporters by their home school's district.
/// - Overdue: activities of the year still planned with a due date before `today`.
/// - Impact: for partnerships of the year (accepted, active or completed), the change in the
///   targeted area's headline measure (its first) from last year to this, against schools of the
///   same phase and 10-point starting band anywhere in England with no partnership that year.
public enum StrategyReportStore {
    /// The rule, as reported.
    public static let goodOrBetterRule = """
        Legacy: overall effectiveness 1 (outstanding) or 2 (good); ungraded inspections are left out. \
        Report card: safeguarding met and no evaluation area at "Needs attention" or "Urgent improvement". \
        Overall: each school's most recent inspection with a verdict.
        """

    /// KS2 codes: reading, writing, maths at the expected standard; reading, writing and maths
    /// combined for disadvantaged and other pupils.
    static let outcomeMeasures = ["PTREAD_EXP", "PTWRITTA_EXP", "PTMAT_EXP", "PTRWM_EXP_FSM6CLA1A", "PTRWM_EXP_NotFSM6CLA1A"]

    /// The report of `academicYear` for LA `laCode` (`nil`: England) as `user` may see it.
    /// - Throws: ``AccessDenied`` (an adviser asking for another LA or England, other roles),
    ///   ``ValidationFailed`` (year or LA out of range).
    public static func report(academicYear: Int, laCode: Int?, today: CivilDate, for user: User, in pool: PostgresPool)
        async throws -> StrategyReport
    {
        var errors: [FieldError] = []
        if !(2000...2100).contains(academicYear) { errors.append(FieldError("year", "must be between 2000 and 2100")) }
        if let laCode, !(1...999).contains(laCode) { errors.append(FieldError("la", "must be an LA code between 1 and 999")) }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await report(academicYear: academicYear, laCode: try scope(for: user, laCode: laCode), today: today, in: pool)
    }

    /// The report of `academicYear` for LA `laCode` (`nil`: England), for an operator at the command line.
    public static func report(academicYear: Int, laCode: Int?, today: CivilDate, in pool: PostgresPool) async throws -> StrategyReport {
        try await pool.withConnection { connection in
            try await Computation(year: academicYear, laCode: laCode, today: today, connection: connection).run()
        }
    }

    /// The LA a user's report covers (`nil`: England).
    static func scope(for user: User, laCode: Int?) throws -> Int? {
        switch user.role {
        case .admin: return laCode
        case .adviser:
            guard laCode == nil || laCode == user.laCode else { throw AccessDenied("an adviser sees its own LA's report only") }
            return user.laCode
        case .headteacher, .supporter, .group:
            throw AccessDenied("the \(user.role.rawValue) role does not see strategy reports")
        }
    }
}

/// One report's queries.
private struct Computation {
    var year: Int
    var laCode: Int?
    var today: CivilDate
    var connection: PostgresConnection

    /// Rows per district, the total under `nil`.
    private var figures: [String?: DistrictFigures] = [:]

    init(year: Int, laCode: Int?, today: CivilDate, connection: PostgresConnection) {
        (self.year, self.laCode, self.today, self.connection) = (year, laCode, today, connection)
    }

    private mutating func update(_ district: String?, _ change: (inout DistrictFigures) -> Void) {
        change(&figures[district, default: DistrictFigures(district: district)])
    }

    func run() async throws -> StrategyReport {
        var computation = self
        let movement = try await computation.levels()
        try await computation.outcomes()
        try await computation.inspections()
        try await computation.supporterLoad()
        try await computation.overdueActivities()
        let districts = computation.figures.values.sorted {
            ($0.district == nil ? 1 : 0, $0.district ?? "") < ($1.district == nil ? 1 : 0, $1.district ?? "")
        }
        return StrategyReport(
            academicYear: year, laCode: laCode, districts: districts.isEmpty ? [DistrictFigures(district: nil)] : districts,
            movement: movement, england: try await england(), impact: try await impact(),
            goodOrBetterRule: StrategyReportStore.goodOrBetterRule)
    }

    /// Levels by district, focus and intensive schools' partnerships, and the movement matrix.
    private mutating func levels() async throws -> [LevelMovement] {
        let rows = try await connection.query(
            """
            SELECT coalesce(s.district, '(no district)') AS district,
                   cur.effective_level::text AS level, prev.effective_level::text AS previous, count(*)::int AS schools,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM partnerships p WHERE p.urn = s.urn AND p.academic_year = \(year)
                         AND p.status IN ('accepted', 'active')))::int AS with_partnership
            FROM schools s
            LEFT JOIN school_levels_in(CAST(\(year) AS integer)) cur ON cur.urn = s.urn
            LEFT JOIN school_levels_in(CAST(\(year - 1) AS integer)) prev ON prev.urn = s.urn
            WHERE (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode)) AND (cur.urn IS NOT NULL OR prev.urn IS NOT NULL)
            GROUP BY 1, 2, 3
            """)
        var movement: [String: [String: Int]] = [:]
        for row in rows {
            let district: String = try row.decode("district")
            let level: String? = try row.decode("level")
            let previous: String? = try row.decode("previous")
            let (schools, partnered): (Int, Int) = (try row.decode("schools"), try row.decode("with_partnership"))
            movement[previous ?? "none", default: [:]][level ?? "none", default: 0] += schools
            guard let level else { continue }
            let urgent = level == "focus" || level == "intensive"
            for key in [district, nil] {
                update(key) {
                    $0.schoolsWithLevel += schools
                    $0.levels[level, default: 0] += schools
                    if urgent {
                        $0.focusOrIntensive += schools
                        $0.supportedByPartnership += partnered
                    }
                }
            }
        }
        return movement.sorted { $0.key < $1.key }.flatMap { from, targets in
            targets.sorted { $0.key < $1.key }.map { LevelMovement(from: from, to: $0.key, schools: $0.value) }
        }
    }

    /// Cohort-weighted means of the schools' KS2 figures.
    private mutating func outcomes() async throws {
        let rows = try await connection.query(
            """
            SELECT coalesce(s.district, '(no district)') AS district, GROUPING(coalesce(s.district, '(no district)')) = 1 AS total,
                   m.measure, CAST(sum(m.value * coalesce(m.cohort, 1)) / nullif(sum(coalesce(m.cohort, 1)), 0) AS double precision) AS value
            FROM school_measures m JOIN schools s ON s.urn = m.urn
            WHERE m.academic_year = \(year) AND m.dataset = 'ks2' AND m.measure = ANY (\(StrategyReportStore.outcomeMeasures))
              AND m.value IS NOT NULL AND (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode))
            GROUP BY GROUPING SETS ((coalesce(s.district, '(no district)'), m.measure), (m.measure))
            """)
        var values: [String?: [String: Double]] = [:]
        for row in rows {
            let district: String? = try row.decode("total", as: Bool.self) ? nil : try row.decode("district")
            values[district, default: [:]][try row.decode("measure")] = try row.decode("value", as: Double?.self)
        }
        for (district, measures) in values { update(district) { $0.outcomes = Self.outcomeFigures(measures) } }
    }

    private static func outcomeFigures(_ measures: [String: Double]) -> OutcomeFigures {
        OutcomeFigures(
            reading: measures["PTREAD_EXP"], writing: measures["PTWRITTA_EXP"], maths: measures["PTMAT_EXP"],
            disadvantaged: measures["PTRWM_EXP_FSM6CLA1A"], otherPupils: measures["PTRWM_EXP_NotFSM6CLA1A"])
    }

    /// England's published figures (the maintained schools' row where a table has several).
    private func england() async throws -> OutcomeFigures {
        var measures: [String: Double] = [:]
        for row in try await connection.query(
            """
            SELECT DISTINCT ON (measure) measure, CAST(value AS double precision) AS value FROM comparator_measures
            WHERE level = 'england' AND academic_year = \(year) AND dataset = 'ks2'
              AND measure = ANY (\(StrategyReportStore.outcomeMeasures)) AND value IS NOT NULL
            ORDER BY measure, record_group = 'RECTYPE 5' DESC, record_group
            """)
        {
            measures[try row.decode("measure")] = try row.decode("value", as: Double.self)
        }
        return Self.outcomeFigures(measures)
    }

    /// Inspection verdicts by ``StrategyReportStore/goodOrBetterRule``.
    private mutating func inspections() async throws {
        let rows = try await connection.query(
            """
            WITH verdict AS (
                SELECT i.urn, i.framework, coalesce(s.district, '(no district)') AS district,
                       CASE WHEN i.framework = 'legacy'
                            THEN CASE WHEN i.overall_effectiveness IN ('1', '2', '3', '4') THEN i.overall_effectiveness IN ('1', '2') END
                            ELSE i.safeguarding_met IS TRUE AND NOT ARRAY[i.inclusion, i.curriculum_and_teaching, i.achievement,
                                     i.attendance_and_behaviour, i.personal_development_and_wellbeing, i.early_years, i.post_16,
                                     i.leadership_and_governance] && ARRAY['Needs attention', 'Urgent improvement'] END AS good,
                       i.start_date
                FROM inspections i JOIN schools s ON s.urn = i.urn
                WHERE (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode))
                  AND (i.start_date IS NULL OR i.start_date <= make_date(CAST(\(year) AS integer), 8, 31))
            ), ranked AS (
                SELECT verdict.*, row_number() OVER (
                    PARTITION BY urn ORDER BY good IS NOT NULL DESC, start_date DESC NULLS LAST, framework DESC) = 1 AS latest
                FROM verdict)
            SELECT district, GROUPING(district) = 1 AS total,
                   count(*) FILTER (WHERE framework = 'legacy' AND good IS NOT NULL)::int AS legacy_graded,
                   count(*) FILTER (WHERE framework = 'legacy' AND good)::int AS legacy_good,
                   count(*) FILTER (WHERE framework = 'report-card')::int AS report_cards,
                   count(*) FILTER (WHERE framework = 'report-card' AND good)::int AS report_card_good,
                   count(*) FILTER (WHERE latest AND good IS NOT NULL)::int AS inspected,
                   count(*) FILTER (WHERE latest AND good)::int AS good
            FROM ranked GROUP BY GROUPING SETS ((district), ())
            """)
        for row in rows {
            let district: String? = try row.decode("total", as: Bool.self) ? nil : try row.decode("district")
            let counts: [Int] = try ["legacy_graded", "legacy_good", "report_cards", "report_card_good", "inspected", "good"].map {
                try row.decode($0)
            }
            update(district) {
                ($0.legacyGraded, $0.legacyGoodOrBetter, $0.reportCards, $0.reportCardGoodOrBetter, $0.inspected, $0.goodOrBetter) =
                    (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
            }
        }
    }

    /// Confirmed supporters by their home school's district: capacity and engagements in use.
    private mutating func supporterLoad() async throws {
        let rows = try await connection.query(
            """
            WITH engaged AS (
                SELECT p.supporter_id, count(*)::int AS used FROM partnerships p
                JOIN partnership_needs pn ON pn.partnership_id = p.id
                WHERE p.status IN ('accepted', 'active') GROUP BY p.supporter_id
            ), load AS (
                SELECT coalesce(s.district, '(no district)') AS district, sup.capacity, coalesce(e.used, 0) AS used
                FROM supporters sup LEFT JOIN schools s ON s.urn = sup.home_urn LEFT JOIN engaged e ON e.supporter_id = sup.id
                WHERE sup.status = 'confirmed' AND (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode)))
            SELECT district, GROUPING(district) = 1 AS total, count(*)::int AS supporters, sum(capacity)::int AS capacity,
                   sum(used)::int AS engagements, count(*) FILTER (WHERE used >= capacity)::int AS full
            FROM load GROUP BY GROUPING SETS ((district), ())
            """)
        for row in rows where try row.decode("supporters", as: Int.self) > 0 {
            let district: String? = try row.decode("total", as: Bool.self) ? nil : try row.decode("district")
            let counts: [Int] = try ["supporters", "capacity", "engagements", "full"].map { try row.decode($0) }
            update(district) { ($0.supporters, $0.capacity, $0.engagements, $0.supportersFull) = (counts[0], counts[1], counts[2], counts[3]) }
        }
    }

    /// Activities of the year still planned after their due date.
    private mutating func overdueActivities() async throws {
        let rows = try await connection.query(
            """
            SELECT coalesce(s.district, '(no district)') AS district,
                   GROUPING(coalesce(s.district, '(no district)')) = 1 AS total,
                   count(*)::int AS activities, count(DISTINCT a.urn)::int AS schools
            FROM support_activities a JOIN schools s ON s.urn = a.urn
            WHERE a.academic_year = \(year) AND a.status = 'planned' AND a.due_date < \(today)
              AND (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode))
            GROUP BY GROUPING SETS ((coalesce(s.district, '(no district)')), ())
            """)
        for row in rows {
            let district: String? = try row.decode("total", as: Bool.self) ? nil : try row.decode("district")
            let (activities, schools): (Int, Int) = (try row.decode("activities"), try row.decode("schools"))
            update(district) { ($0.overdueActivities, $0.schoolsWithOverdueActivities) = (activities, schools) }
        }
    }

    /// Change in each targeted area's headline measure at partnered schools against similar
    /// schools without a partnership, compared cell by cell (phase, 10-point starting band): only
    /// partnered schools whose cell has comparison schools count, and the comparison change is
    /// the mean of their cells' means weighted by partnered schools.
    private func impact() async throws -> [ImpactFigures] {
        let rows = try await connection.query(
            """
            WITH headline AS (
                SELECT code AS area_code, measures[1] AS measure, lower(key_stage) AS dataset FROM areas
                WHERE cardinality(measures) > 0 AND key_stage IN ('KS2', 'KS4')
            ), partnered AS (
                SELECT DISTINCT p.urn, n.area_code FROM partnerships p
                JOIN partnership_needs pn ON pn.partnership_id = p.id JOIN needs n ON n.id = pn.need_id
                WHERE p.academic_year = \(year) AND p.status IN ('accepted', 'active', 'completed')
            ), partnered_schools AS (
                SELECT DISTINCT urn FROM partnered
            ), change AS (
                SELECT h.area_code, h.measure, coalesce(s.phase, '') AS phase, floor(before.value / 10) AS band,
                       CAST(after.value - before.value AS double precision) AS change,
                       pa.urn IS NOT NULL AND (CAST(\(laCode) AS integer) IS NULL OR s.la_code = \(laCode)) AS partnered,
                       ps.urn IS NOT NULL AS any_partnership
                FROM headline h
                JOIN school_measures before ON before.academic_year = \(year - 1) AND before.dataset = h.dataset
                     AND before.measure = h.measure AND before.value IS NOT NULL
                JOIN school_measures after ON after.urn = before.urn AND after.academic_year = \(year)
                     AND after.dataset = h.dataset AND after.measure = h.measure AND after.value IS NOT NULL
                JOIN schools s ON s.urn = before.urn
                -- Joins, not EXISTS: a CTE has no index, and 40,000 rows each scanning it take seconds.
                LEFT JOIN partnered pa ON pa.urn = s.urn AND pa.area_code = h.area_code
                LEFT JOIN partnered_schools ps ON ps.urn = s.urn
                WHERE h.area_code IN (SELECT area_code FROM partnered)
            ), cell AS (
                SELECT area_code, measure, count(*) FILTER (WHERE partnered) AS partnered_schools,
                       avg(change) FILTER (WHERE partnered) AS partnered_change,
                       count(*) FILTER (WHERE NOT any_partnership) AS comparison_schools,
                       avg(change) FILTER (WHERE NOT any_partnership) AS comparison_change
                FROM change GROUP BY area_code, measure, phase, band)
            SELECT area_code, measure, sum(partnered_schools)::int AS partnered_schools,
                   sum(partnered_schools * partnered_change) / sum(partnered_schools) AS partnered_change,
                   sum(comparison_schools)::int AS comparison_schools,
                   sum(partnered_schools * comparison_change) / sum(partnered_schools) AS comparison_change
            FROM cell WHERE partnered_schools > 0 AND comparison_schools > 0
            GROUP BY area_code, measure ORDER BY area_code
            """)
        return try rows.map { row in
            let partnered: Double? = try row.decode("partnered_change")
            let comparison: Double? = try row.decode("comparison_change")
            return ImpactFigures(
                areaCode: try row.decode("area_code"), measure: try row.decode("measure"),
                partneredSchools: try row.decode("partnered_schools"), partneredChange: partnered,
                comparisonSchools: try row.decode("comparison_schools"), comparisonChange: comparison,
                difference: partnered.flatMap { p in comparison.map { p - $0 } })
        }
    }
}
