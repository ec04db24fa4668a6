import Analysis
import Postgres

/// A row of `inspections` read as the analysis' ``Inspection``.
struct InspectionRecord {
    let urn: Int
    let inspection: Inspection

    private static let legacyHeadings: [(column: String, heading: LegacyHeading)] = [
        ("quality_of_education", .qualityOfEducation), ("behaviour_and_attitudes", .behaviourAndAttitudes),
        ("personal_development", .personalDevelopment), ("leadership_and_management", .leadershipAndManagement),
        ("early_years_provision", .earlyYears), ("sixth_form_provision", .sixthForm),
    ]

    private static let reportCardAreas: [(column: String, area: ReportCardArea)] = [
        ("inclusion", .inclusion), ("curriculum_and_teaching", .curriculumAndTeaching), ("achievement", .achievement),
        ("attendance_and_behaviour", .attendanceAndBehaviour),
        ("personal_development_and_wellbeing", .personalDevelopmentAndWellbeing), ("early_years", .earlyYears),
        ("post_16", .post16), ("leadership_and_governance", .leadershipAndGovernance),
    ]

    private static let gradesByTitle = Dictionary(
        uniqueKeysWithValues: ReportCardGrade.allCases.map { ($0.title, $0) })

    /// Every dated inspection (of one school when `urn` is given). An inspection with neither a
    /// start nor a publication date cannot be placed in time and is left out.
    static func load(urn: Int?, on connection: PostgresConnection) async throws -> [InspectionRecord] {
        let columns = (legacyHeadings.map(\.column) + reportCardAreas.map(\.column)).joined(separator: ", ")
        // The column list is built from the constants above, never from input.
        var query = PostgresQuery(
            sql: """
                SELECT urn, framework = 'legacy' AS legacy, coalesce(start_date, publication_date) AS date,
                       overall_effectiveness, safeguarding_effective, safeguarding_met, \(columns)
                FROM inspections
                WHERE coalesce(start_date, publication_date) IS NOT NULL AND ($1::integer IS NULL OR urn = $1::integer)
                """)
        query.binds = [urn?.postgresBind ?? .null]
        return try await connection.query(query).map { row in
            let date = try row.decode("date", as: CivilDate.self)
            let inspection: Inspection
            if try row.decode("legacy", as: Bool.self) {
                var grades: [LegacyHeading: LegacyGrade] = [:]
                for (column, heading) in legacyHeadings {
                    if let grade = try legacyGrade(row.decode(column, as: String?.self)) { grades[heading] = grade }
                }
                inspection = .legacy(
                    LegacyInspection(
                        date: date, overall: try legacyGrade(row.decode("overall_effectiveness", as: String?.self)),
                        grades: grades, safeguardingEffective: try row.decode("safeguarding_effective", as: Bool?.self)))
            } else {
                var grades: [ReportCardArea: ReportCardGrade] = [:]
                for (column, area) in reportCardAreas {
                    if let title = try row.decode(column, as: String?.self) { grades[area] = gradesByTitle[title] }
                }
                // An unrecorded safeguarding judgement is not a failed one.
                inspection = .reportCard(
                    ReportCardInspection(
                        date: date, grades: grades,
                        safeguardingMet: try row.decode("safeguarding_met", as: Bool?.self) ?? true))
            }
            return InspectionRecord(urn: try row.decode("urn", as: Int.self), inspection: inspection)
        }
    }

    /// `1`–`4` as stored; `not-judged` and `not-applicable` are no grade.
    private static func legacyGrade(_ text: String?) -> LegacyGrade? {
        text.flatMap(Int.init).flatMap(LegacyGrade.init(rawValue:))
    }
}
