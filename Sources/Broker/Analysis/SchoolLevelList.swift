import Analysis
import Postgres

/// A school's level status in a year beside its name, LA and district, as the levels list shows it.
public struct SchoolLevelListing: Sendable, Codable, Hashable {
    public var name: String
    public var laCode: Int
    public var district: String?
    public var status: SchoolLevelStatus
}

/// Lists schools' levels of a year (proposed, decided, effective), filtered, in URN order.
public enum SchoolLevelList {
    /// Which schools to list; `nil` means any.
    public struct Filter: Sendable {
        public var academicYear: Int
        public var scope: PrivateDataScope
        public var district: String?
        /// The effective level.
        public var level: SupportLevel?
        public var decision: SchoolLevelStatus.Decision?
        public var disagreement: Bool?

        public init(
            academicYear: Int, scope: PrivateDataScope, district: String? = nil, level: SupportLevel? = nil,
            decision: SchoolLevelStatus.Decision? = nil, disagreement: Bool? = nil
        ) {
            self.academicYear = academicYear
            self.scope = scope
            self.district = district
            self.level = level
            self.decision = decision
            self.disagreement = disagreement
        }
    }

    /// One page of the year's levels matching `filter`, after URN `cursor`.
    public static func list(_ filter: Filter, limit: Int, after cursor: Int? = nil, in pool: PostgresPool)
        async throws -> Page<SchoolLevelListing>
    {
        var conditions = SQLConditions()
        let year = conditions.parameter(filter.academicYear)
        filter.scope.restrict(&conditions, urnColumn: "l.urn")
        if let district = filter.district { conditions.require("s.district = \(conditions.parameter(district))") }
        if let level = filter.level { conditions.require("l.effective_level::text = \(conditions.parameter(level.rawValue))") }
        if let decision = filter.decision { conditions.require("l.status = \(conditions.parameter(decision.rawValue))") }
        if let disagreement = filter.disagreement { conditions.require("l.disagreement = \(conditions.parameter(disagreement))") }
        if let cursor { conditions.require("l.urn > \(conditions.parameter(cursor))") }
        let whereClause = conditions.whereClause
        let limitParameter = conditions.parameter(limit + 1)
        let rows = try await pool.query(conditions.query(
            """
            SELECT l.*, s.name, s.la_code, s.district
            FROM school_levels_in(\(year)::integer) l JOIN schools s ON s.urn = l.urn
            \(whereClause) ORDER BY l.urn LIMIT \(limitParameter)
            """))
        let items = try rows.prefix(limit).map { row in
            SchoolLevelListing(
                name: try row.decode("name", as: String.self), laCode: try row.decode("la_code", as: Int.self),
                district: try row.decode("district", as: String?.self),
                status: try SchoolLevelStatus.decode(row, academicYear: filter.academicYear))
        }
        let next = rows.count > limit ? items.last.map { PageCursor($0.status.urn).token } : nil
        return Page(items: items, nextCursor: next)
    }
}
