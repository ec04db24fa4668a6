import Foundation
import Postgres

/// A completed partnership with no practice record yet: its school and supporter are invited to
/// record what worked.
public struct PracticeInvitation: Codable, Sendable, Equatable {
    public var partnershipID: Int64
    public var urn: Int
    public var schoolName: String
    public var supporterID: Int64
    public var supporterName: String
    public var academicYear: Int
    /// The need areas the partnership worked on.
    public var areas: [String]
    public var impactNote: String?
    public var completedAt: Date
}

extension PracticeStore {
    /// One page of the completed partnerships `user` may see that have no practice record yet,
    /// most recently completed first (by partnership id for a stable order).
    /// - Throws: ``AccessDenied`` for a role that sees no partnerships.
    public static func invitations(for user: User, limit: Int, after cursor: Int64? = nil, in pool: PostgresPool)
        async throws -> Page<PracticeInvitation>
    {
        let scope = try PartnershipFilter(status: .completed).scoped(to: user)
        var conditions = SQLConditions()
        conditions.require("p.status = 'completed'")
        conditions.require("NOT EXISTS (SELECT 1 FROM practice_records r WHERE r.partnership_id = p.id)")
        if let urn = scope.urn { conditions.require("p.urn = \(conditions.parameter(urn))") }
        if let laCode = scope.laCode { conditions.require("s.la_code = \(conditions.parameter(laCode))") }
        if let supporterID = scope.supporterID { conditions.require("p.supporter_id = \(conditions.parameter(supporterID))") }
        if let cursor { conditions.require("p.id < \(conditions.parameter(cursor))") }
        let sql = """
            SELECT p.id, p.urn, s.name AS school_name, p.supporter_id, sup.name AS supporter_name, p.academic_year,
                   ARRAY(SELECT DISTINCT n.area_code FROM partnership_needs pn JOIN needs n ON n.id = pn.need_id
                         WHERE pn.partnership_id = p.id ORDER BY 1) AS areas,
                   p.impact_note, p.updated_at
            FROM partnerships p JOIN schools s ON s.urn = p.urn JOIN supporters sup ON sup.id = p.supporter_id
            \(conditions.whereClause) ORDER BY p.id DESC LIMIT \(conditions.parameter(limit + 1))
            """
        let rows = try await pool.query(conditions.query(sql))
        let invitations = try rows.prefix(limit).map { row in
            PracticeInvitation(
                partnershipID: try row.decode("id"), urn: try row.decode("urn"), schoolName: try row.decode("school_name"),
                supporterID: try row.decode("supporter_id"), supporterName: try row.decode("supporter_name"),
                academicYear: try row.decode("academic_year"), areas: try row.decode("areas"),
                impactNote: try row.decode("impact_note"), completedAt: try row.decode("updated_at"))
        }
        let next = rows.count > limit ? invitations.last.map { PageCursor($0.partnershipID).token } : nil
        return Page(items: invitations, nextCursor: next)
    }
}
