import Analysis
import Postgres

/// Reading schools for the API: filtered, paged lists and a school's full detail.
public enum SchoolStore {
    /// Where a page of schools (ordered by name, then URN) ends.
    struct Position: Codable, Sendable {
        var name: String
        var urn: Int
    }

    /// One page of the schools matching `filter`, by name then URN; `cursor` is a previous page's
    /// `nextCursor`.
    /// - Throws: ``ValidationFailed`` for a cursor this server did not issue.
    public static func list(_ filter: SchoolFilter, limit: Int, cursor: String? = nil, in pool: PostgresPool)
        async throws -> Page<SchoolSummary>
    {
        var conditions = filter.conditions()
        if let cursor {
            let position = try PageCursor<Position>(token: cursor).position
            conditions.require(
                "(s.name, s.urn) > (\(conditions.parameter(position.name)), \(conditions.parameter(position.urn)))")
        }
        let whereClause = conditions.whereClause
        let limitParameter = conditions.parameter(limit + 1)
        let rows = try await pool.query(conditions.query(
            """
            SELECT \(summaryColumns) FROM schools s LEFT JOIN trusts t ON t.reference = s.trust_reference
            \(whereClause) ORDER BY s.name, s.urn LIMIT \(limitParameter)
            """))
        let schools = try rows.prefix(limit).map(decodeSummary)
        let next = rows.count > limit ? schools.last.map { PageCursor(Position(name: $0.name, urn: $0.urn)).token } : nil
        return Page(items: schools, nextCursor: next)
    }

    /// A school's detail as `user` may see it (needs, level history, areas for improvement and
    /// strengths only within the user's scope).
    ///
    /// The school, its needs, measures, inspections, level history and the areas and strengths of
    /// its most recently finished analysis run are read in one round trip.
    /// - Throws: ``NotFound`` when no school has the URN.
    public static func detail(urn: Int, for user: User, in pool: PostgresPool) async throws -> SchoolDetail {
        let results = try await pool.withConnection { connection in
            try await connection.pipeline([
                PostgresQuery(
                    sql: """
                    SELECT \(summaryColumns), s.statutory_low_age, s.statutory_high_age, s.head_teacher, s.street,
                           s.urban_rural, s.fsm_percent::float8 AS fsm_percent, s.open_date::text AS open_date,
                           s.close_date::text AS close_date, c.latitude, c.longitude
                    FROM schools s LEFT JOIN trusts t ON t.reference = s.trust_reference
                    LEFT JOIN school_coordinates c ON c.urn = s.urn
                    WHERE s.urn = $1
                    """, binds: [urn.postgresBind]),
                PostgresQuery(
                    sql: "SELECT \(NeedStore.needColumns) FROM needs n WHERE n.urn = $1 ORDER BY n.id DESC",
                    binds: [urn.postgresBind]),
                measuresQuery(urn: urn),
                InspectionColumns.query(urn: urn),
                LevelDecisionStore.historyQuery(urn: urn, academicYear: nil),
            ] + AnalysisRunStore.resultQueries(urn: urn, academicYear: nil, runID: nil))
        }
        guard let row = results[0].first else { throw NotFound(entity: "school", id: "\(urn)") }
        let summary = try decodeSummary(row)
        var detail = SchoolDetail(
            summary: summary, statutoryLowAge: try row.decode("statutory_low_age"),
            statutoryHighAge: try row.decode("statutory_high_age"), headTeacher: try row.decode("head_teacher"),
            street: try row.decode("street"), urbanRural: try row.decode("urban_rural"),
            fsmPercent: try row.decode("fsm_percent"), openDate: try row.decode("open_date"),
            closeDate: try row.decode("close_date"), latitude: try row.decode("latitude"),
            longitude: try row.decode("longitude"), measures: try results[2].map(measureComparison),
            inspections: try InspectionColumns.inspections(results[3]), needs: nil)
        guard user.maySeePrivateData(ofSchool: urn, laCode: summary.laCode) else { return detail }
        detail.needs = try results[1].map(NeedStore.decodeNeed)
        detail.levelHistory = try results[4].map(LevelDecisionStore.historyEntry)
        let analysis = try AnalysisRunStore.findings(results[5...])
        detail.areasForImprovement = analysis.areas
        detail.strengths = analysis.strengths
        return detail
    }

    /// The LA code of the school with `urn` (for checking a user's scope).
    /// - Throws: ``NotFound`` when no school has the URN.
    public static func laCode(of urn: Int, in pool: PostgresPool) async throws -> Int {
        guard let row = try await pool.query("SELECT la_code FROM schools WHERE urn = \(urn)").first else {
            throw NotFound(entity: "school", id: "\(urn)")
        }
        return try row.decode("la_code", as: Int.self)
    }

    /// The school's measures with the LA's and England's figures for the same year and measure.
    private static func measuresQuery(urn: Int) -> PostgresQuery {
        """
        SELECT m.academic_year, m.dataset, m.measure, d.title, d.unit, d.higher_is_better,
               m.value::float8 AS value, m.suppression::text AS suppression, m.lower::float8 AS lower,
               m.upper::float8 AS upper, m.cohort::float8 AS cohort, la.value::float8 AS la_value,
               la.suppression::text AS la_suppression, en.value::float8 AS en_value,
               en.suppression::text AS en_suppression, la.measure IS NOT NULL AS has_la, en.measure IS NOT NULL AS has_en
        FROM school_measures m
        LEFT JOIN measures d ON d.dataset = m.dataset AND d.code = m.measure
        -- A scalar subquery, not a join: as a constant the LA code can use the comparators' index
        -- (a join with schools made this statement five times slower, measured).
        LEFT JOIN comparator_measures la ON la.level = 'local-authority'
            AND la.la_code = (SELECT la_code FROM schools WHERE urn = \(urn))
            AND la.record_group = '' AND la.academic_year = m.academic_year AND la.dataset = m.dataset
            AND la.measure = m.measure
        LEFT JOIN LATERAL (
            SELECT e.measure, e.value, e.suppression FROM comparator_measures e
            WHERE e.level = 'england' AND e.la_code = 0 AND e.academic_year = m.academic_year
              AND e.dataset = m.dataset AND e.measure = m.measure
            ORDER BY e.record_group LIMIT 1
        ) en ON true
        WHERE m.urn = \(urn)
        ORDER BY m.academic_year DESC, m.dataset, m.measure
        """
    }

    private static func measureComparison(_ row: PostgresRow) throws -> MeasureComparison {
        MeasureComparison(
            academicYear: try row.decode("academic_year"), dataset: try row.decode("dataset"),
            measure: try row.decode("measure"), title: try row.decode("title"), unit: try row.decode("unit"),
            higherIsBetter: try row.decode("higher_is_better"),
            school: PublishedFigure(value: try row.decode("value"), suppression: try row.decode("suppression")),
            lower: try row.decode("lower"), upper: try row.decode("upper"), cohort: try row.decode("cohort"),
            localAuthority: try row.decode("has_la", as: Bool.self)
                ? PublishedFigure(value: try row.decode("la_value"), suppression: try row.decode("la_suppression"))
                : nil,
            england: try row.decode("has_en", as: Bool.self)
                ? PublishedFigure(value: try row.decode("en_value"), suppression: try row.decode("en_suppression"))
                : nil)
    }

    static let summaryColumns = """
        s.urn, s.name, s.la_code, s.la_name, s.phase, s.type_name, s.status, s.district, s.town, s.postcode, \
        s.pupils, s.trust_reference, t.name AS trust_name
        """

    static func decodeSummary(_ row: PostgresRow) throws -> SchoolSummary {
        SchoolSummary(
            urn: try row.decode("urn"), name: try row.decode("name"), laCode: try row.decode("la_code"),
            laName: try row.decode("la_name"), phase: try row.decode("phase"), typeName: try row.decode("type_name"),
            status: try row.decode("status"), district: try row.decode("district"), town: try row.decode("town"),
            postcode: try row.decode("postcode"), pupils: try row.decode("pupils"),
            trustReference: try row.decode("trust_reference"), trustName: try row.decode("trust_name"))
    }
}
