import Foundation
import Postgres

/// Imports a supporters register file (``SupporterReader``) into `supporters`, their
/// `supporter_specialisms` and `supporter_conflicts`, upserting by `Reference`: a supporter's
/// specialisms and conflicts become exactly those of the file. Counts are of supporter,
/// specialism and conflict rows.
public enum SupporterImport {
    /// Imports `url` in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, into pool: PostgresPool, policy: ImportPolicy,
                           progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        // Area codes and URNs are checked while reading, so a bad one is reported at its line.
        let areas = Set(try await pool.query("SELECT code FROM areas").map { try $0.decode("code", as: String.self) })
        let schools = Set(try await pool.query("SELECT urn FROM schools").map { try $0.decode("urn", as: Int.self) })
        let reader = try SupporterReader.open(url, areas: areas, schools: schools)
        return try await plan.run(on: pool, reader: reader, policy: policy, progress: progress) { record in
            [stagingRow(record)]
        }
    }

    private static let staging = StagedImport.stagingTable

    /// The latest staged row of each reference, joined to its supporter.
    private static let stagedSupporters = """
        (SELECT DISTINCT ON (reference) * FROM \(staging) ORDER BY reference, seq DESC) AS staged
        JOIN supporters ON supporters.reference = staged.reference
        """

    private static let plan = StagedImport(
        columns: [
            ("reference", "text"), ("name", "text"), ("kind", "text"), ("home_urn", "integer"),
            ("designations", "text[]"), ("phases", "text[]"), ("capacity", "integer"),
            ("available_from", "date"), ("available_to", "date"), ("status", "text"),
            ("latitude", "double precision"), ("longitude", "double precision"),
            ("specialism_areas", "text[]"), ("specialism_strengths", "double precision[]"), ("evidence", "text"),
            ("conflict_urns", "integer[]"), ("conflict_reasons", "text[]"),
        ],
        statements: [
            .counted(Upsert(
                table: "supporters", key: ["reference"],
                columns: ["name", "kind", "home_urn", "designations", "phases", "capacity", "available_from",
                          "available_to", "status", "latitude", "longitude"],
                source: """
                    SELECT reference, name, kind::supporter_kind AS kind, home_urn, designations, phases, capacity,
                           available_from, available_to, status::supporter_status AS status, latitude, longitude, seq
                    FROM \(staging)
                    """)),
            .supporting("""
                DELETE FROM supporter_specialisms AS old USING \(stagedSupporters)
                WHERE old.supporter_id = supporters.id AND NOT old.area_code = ANY (staged.specialism_areas)
                """),
            .counted(Upsert(
                table: "supporter_specialisms", key: ["supporter_id", "area_code"], columns: ["strength", "evidence"],
                source: """
                    SELECT supporters.id AS supporter_id, item.area AS area_code, item.strength, staged.evidence,
                           staged.seq
                    FROM \(stagedSupporters)
                    CROSS JOIN unnest(staged.specialism_areas, staged.specialism_strengths) AS item (area, strength)
                    """)),
            .supporting("""
                DELETE FROM supporter_conflicts AS old USING \(stagedSupporters)
                WHERE old.supporter_id = supporters.id AND NOT old.urn = ANY (staged.conflict_urns)
                """),
            .counted(Upsert(
                table: "supporter_conflicts", key: ["supporter_id", "urn"], columns: ["reason"],
                source: """
                    SELECT supporters.id AS supporter_id, item.urn, item.reason, staged.seq
                    FROM \(stagedSupporters)
                    CROSS JOIN unnest(staged.conflict_urns, staged.conflict_reasons) AS item (urn, reason)
                    """)),
        ])

    private static func stagingRow(_ supporter: SupporterRecord) -> [String?] {
        [
            supporter.reference, supporter.name, supporter.kind.rawValue, supporter.homeURN.stagingText,
            supporter.designations.map(\.rawValue).stagingText, supporter.phases.map(\.rawValue).stagingText,
            supporter.capacity.stagingText, supporter.availableFrom.stagingText, supporter.availableTo.stagingText,
            supporter.status.rawValue, supporter.location?.latitude.stagingText,
            supporter.location?.longitude.stagingText, supporter.specialisms.map(\.area).stagingText,
            supporter.specialisms.map(\.strength).stagingText, supporter.evidence,
            supporter.conflicts.map(\.urn).stagingText, supporter.conflicts.map(\.reason).stagingText,
        ]
    }
}
