import Foundation
import Postgres

/// Imports Ofsted's "latest inspections" management information (either layout) into
/// `inspections`: per school, the latest report card and the latest graded inspection under the
/// old framework, each as one row.
public enum OfstedImport {
    /// Imports `url` in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, into pool: PostgresPool, policy: ImportPolicy,
                           progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        let (_, reader) = try OfstedReader.open(url)
        return try await plan.run(on: pool, reader: reader, policy: policy, progress: progress) { record in
            [record.reportCard.map { reportCardRow(record.urn, $0) },
             record.graded.map { legacyRow(record.urn, $0) }].compactMap { $0 }
        }
    }

    private static let eventColumns = [
        "inspection_number", "inspection_type", "start_date", "publication_date", "category_of_concern",
    ]
    private static let legacyColumns = [
        "overall_effectiveness", "quality_of_education", "behaviour_and_attitudes", "personal_development",
        "leadership_and_management", "early_years_provision", "sixth_form_provision", "safeguarding_effective",
    ]
    /// Report-card columns: the grade of each ``OfstedReportCardArea`` (in `allCases` order), the
    /// date of each, then safeguarding and its date.
    private static let reportCardColumns: [String] = {
        let areas = OfstedReportCardArea.allCases.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
        return areas + areas.map { $0 + "_date" } + ["safeguarding_met", "safeguarding_date"]
    }()

    private static let plan: StagedImport = {
        let types = ["publication_date": "date", "safeguarding_effective": "boolean", "safeguarding_met": "boolean"]
        let columns = eventColumns + legacyColumns + reportCardColumns
        return StagedImport(
            columns: [("urn", "integer"), ("framework", "text")]
                + columns.map { ($0, $0.hasSuffix("_date") ? "date" : types[$0] ?? "text") },
            statements: [.counted(Upsert(table: "inspections", key: ["urn", "framework"], columns: columns,
                                         source: "SELECT * FROM \(StagedImport.stagingTable)"))])
    }()

    private static func eventFields(_ event: OfstedInspectionEvent) -> [String?] {
        [event.inspectionNumber, event.inspectionType, event.startDate.stagingText,
         event.publicationDate.stagingText, event.categoryOfConcern]
    }

    private static func reportCardRow(_ urn: Int, _ card: OfstedReportCard) -> [String?] {
        let grades = Dictionary(card.grades.map { ($0.area, $0) }, uniquingKeysWith: { _, last in last })
        return [urn.stagingText, OfstedLayout.reportCard.rawValue] + eventFields(card.event)
            + Array(repeating: nil, count: legacyColumns.count)
            + OfstedReportCardArea.allCases.map { grades[$0]?.grade.rawValue }
            + OfstedReportCardArea.allCases.map { grades[$0]?.date.stagingText }
            + [card.safeguardingMet.stagingText, card.safeguardingDate.stagingText]
    }

    private static func legacyRow(_ urn: Int, _ inspection: OfstedGradedInspection) -> [String?] {
        let judgements = [inspection.overallEffectiveness, inspection.qualityOfEducation,
                          inspection.behaviourAndAttitudes, inspection.personalDevelopment,
                          inspection.leadershipAndManagement, inspection.earlyYears, inspection.sixthForm]
        return [urn.stagingText, OfstedLayout.legacy.rawValue] + eventFields(inspection.event)
            + judgements.map { $0.map(code) } + [inspection.safeguardingEffective.stagingText]
            + Array(repeating: nil, count: reportCardColumns.count)
    }

    /// The stored form of a legacy judgement: its grade `1`–`4`, `not-judged` or `not-applicable`.
    private static func code(_ judgement: OfstedLegacyJudgement) -> String {
        switch judgement {
        case .notJudged: "not-judged"
        case .notApplicable: "not-applicable"
        default: judgement.grade.map(String.init) ?? "not-judged"
        }
    }
}
