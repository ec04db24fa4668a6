import Foundation
import Postgres

/// Imports a GIAS links extract into `school_links` (predecessor and successor URNs), so that
/// history follows a school across URN changes.
public enum GIASLinkImport {
    /// Imports `url` in one transaction; see ``ImportPolicy``.
    public static func run(_ url: URL, into pool: PostgresPool, policy: ImportPolicy,
                           progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        let reader = try GIASLinkReader.open(url)
        return try await plan.run(on: pool, reader: reader, policy: policy, progress: progress) { link in
            let direction = link.isPredecessor ? "predecessor" : link.isSuccessor ? "successor" : "other"
            return [[link.urn.stagingText, link.linkedURN.stagingText, link.linkType, direction,
                     link.established.stagingText]]
        }
    }

    private static let plan = StagedImport(
        columns: [("urn", "integer"), ("linked_urn", "integer"), ("link_type", "text"), ("direction", "text"),
                  ("established", "date")],
        statements: [.counted(Upsert(
            table: "school_links", key: ["urn", "linked_urn", "link_type"], columns: ["direction", "established"],
            source: "SELECT * FROM \(StagedImport.stagingTable)"))])
}
