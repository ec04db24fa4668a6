import Foundation
import Postgres

/// Imports a coordinates file into `school_coordinates`: rows with a URN locate that school;
/// rows with only a postcode (an ONS postcode directory extract) locate every school at that
/// postcode. A postcode no school has is counted as skipped.
public enum CoordinateImport {
    /// Imports `url` in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, into pool: PostgresPool, policy: ImportPolicy,
                           progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        let reader = try CoordinateReader.open(url)
        return try await plan.run(on: pool, reader: reader, policy: policy, progress: progress) { record in
            [[record.urn.stagingText, record.postcode, record.location.latitude.stagingText,
              record.location.longitude.stagingText, record.source.rawValue]]
        }
    }

    private static let plan = StagedImport(
        columns: [("urn", "integer"), ("postcode", "text"), ("latitude", "double precision"),
                  ("longitude", "double precision"), ("source", "text")],
        statements: [.counted(Upsert(
            table: "school_coordinates", key: ["urn"], columns: ["latitude", "longitude", "source"],
            source: """
                SELECT coalesce(staged.urn, schools.urn) AS urn, staged.latitude, staged.longitude, staged.source,
                       staged.seq
                FROM \(StagedImport.stagingTable) AS staged
                LEFT JOIN schools ON staged.urn IS NULL
                    AND upper(replace(schools.postcode, ' ', '')) = upper(replace(staged.postcode, ' ', ''))
                WHERE staged.urn IS NOT NULL OR schools.urn IS NOT NULL
                """))])
}
