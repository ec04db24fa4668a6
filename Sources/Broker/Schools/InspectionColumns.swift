import Postgres

/// Reads the `inspections` table's wide rows (a column per graded heading) into headed grades.
enum InspectionColumns {
    /// Legacy judgements: column and heading.
    static let legacy: [(column: String, heading: String)] = [
        ("overall_effectiveness", "Overall effectiveness"), ("quality_of_education", "Quality of education"),
        ("behaviour_and_attitudes", "Behaviour and attitudes"), ("personal_development", "Personal development"),
        ("leadership_and_management", "Leadership and management"), ("early_years_provision", "Early years provision"),
        ("sixth_form_provision", "Sixth form provision"),
    ]

    /// Report-card evaluation areas: column (its date in `column_date`) and heading.
    static let reportCard: [(column: String, heading: String)] = [
        ("inclusion", "Inclusion"), ("curriculum_and_teaching", "Curriculum and teaching"),
        ("achievement", "Achievement"), ("attendance_and_behaviour", "Attendance and behaviour"),
        ("personal_development_and_wellbeing", "Personal development and well-being"),
        ("early_years", "Early years"), ("post_16", "Post-16 provision"),
        ("leadership_and_governance", "Leadership and governance"),
    ]

    /// The statement that reads the school's latest inspection under each framework.
    static func query(urn: Int) -> PostgresQuery {
        "SELECT * FROM inspections WHERE urn = \(urn) ORDER BY framework"
    }

    /// The inspections read by ``query(urn:)``, headed. Dates decode as their ISO text
    /// (YYYY-MM-DD), which is what the API shows.
    static func inspections(_ rows: PostgresRows) throws -> [InspectionSummary] {
        try rows.map { row in
            let framework: String = try row.decode("framework")
            var grades: [InspectionSummary.Grade] = []
            if framework == "legacy" {
                for (column, heading) in legacy {
                    if let grade: String = try row.decode(column) { grades.append(.init(heading: heading, grade: grade, date: nil)) }
                }
            } else {
                for (column, heading) in reportCard {
                    if let grade: String = try row.decode(column) {
                        grades.append(.init(heading: heading, grade: grade, date: try row.decode("\(column)_date")))
                    }
                }
            }
            let safeguarding: Bool? = try row.decode(framework == "legacy" ? "safeguarding_effective" : "safeguarding_met")
            return InspectionSummary(
                framework: framework, inspectionNumber: try row.decode("inspection_number"),
                inspectionType: try row.decode("inspection_type"), startDate: try row.decode("start_date"),
                publicationDate: try row.decode("publication_date"),
                categoryOfConcern: try row.decode("category_of_concern"), grades: grades, safeguarding: safeguarding)
        }
    }
}
