import Foundation
import Postgres

/// Imports a DfE table with one row per school (KS2, KS4, census) into tidy measures: school
/// rows into `school_measures`, LA and England rows into `comparator_measures`, suppression
/// codes kept as codes. The catalogue's measures are registered in `measures` first.
public enum MeasureImport {
    /// Imports `url`, a table of `catalog`'s data set for `academicYear` (the year in which the
    /// academic year ends), in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, catalog: MeasureCatalog, academicYear: Int, into pool: PostgresPool,
                           policy: ImportPolicy, progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        let reader = try MeasureTableReader.open(url, catalog: catalog, academicYear: academicYear)
        return try await plan.run(on: pool, reader: reader, policy: policy, progress: progress,
                                  prepare: { try await register(catalog, on: $0) }) { row in
            row.measures.map { stagingRow(row, $0) }
        }
    }

    /// Adds or refreshes the catalogue's measures in `measures`.
    static func register(_ catalog: MeasureCatalog, on connection: PostgresConnection) async throws {
        let measures = catalog.measures
        let keyStage = ["ks2": "KS2", "ks4": "KS4"][catalog.dataset]
        try await connection.query("""
            INSERT INTO measures (dataset, code, key_stage, unit, higher_is_better)
            SELECT \(catalog.dataset), code, \(keyStage), unit, NULLIF(higher, '')::boolean
            FROM unnest(\(measures.map(\.code)), \(measures.map(\.unit.rawValue)),
                        \(measures.map { $0.higherIsBetter.map(String.init) ?? "" })) AS m (code, unit, higher)
            ON CONFLICT (dataset, code) DO UPDATE
                SET key_stage = EXCLUDED.key_stage, unit = EXCLUDED.unit, higher_is_better = EXCLUDED.higher_is_better
                WHERE (measures.key_stage, measures.unit, measures.higher_is_better)
                    IS DISTINCT FROM (EXCLUDED.key_stage, EXCLUDED.unit, EXCLUDED.higher_is_better)
            """)
    }

    private static let figureColumns = ["value", "suppression", "lower", "upper", "cohort"]

    private static let plan = StagedImport(
        columns: [("level", "text"), ("la_code", "integer"), ("record_group", "text"), ("urn", "integer"),
                  ("academic_year", "integer"), ("dataset", "text"), ("measure", "text"), ("value", "numeric"),
                  ("suppression", "text"), ("lower", "numeric"), ("upper", "numeric"), ("cohort", "numeric")],
        statements: [
            .counted(Upsert(
                table: "school_measures", key: ["urn", "academic_year", "dataset", "measure"], columns: figureColumns,
                source: "SELECT * FROM \(StagedImport.stagingTable) WHERE level = 'school'")),
            .counted(Upsert(
                table: "comparator_measures",
                key: ["level", "la_code", "record_group", "academic_year", "dataset", "measure"], columns: figureColumns,
                source: """
                    SELECT level, coalesce(la_code, 0) AS la_code, record_group, academic_year, dataset, measure,
                           value, suppression, lower, upper, cohort, seq
                    FROM \(StagedImport.stagingTable) WHERE level <> 'school'
                    """)),
        ])

    private static func stagingRow(_ row: MeasureTableRow, _ figure: PublishedMeasure) -> [String?] {
        let england = row.level == .england
        return [
            row.level.rawValue, england ? nil : row.laCode.stagingText,
            england ? row.nationalGroup ?? row.recordType.map { "RECTYPE \($0)" } ?? "" : "",
            row.urn.stagingText, row.academicYear.stagingText, row.dataset, figure.code,
            figure.value.number.stagingText, figure.value.suppression?.rawValue,
            figure.lower?.number.stagingText, figure.upper?.number.stagingText, figure.cohort?.number.stagingText,
        ]
    }
}
