import Analysis
import Postgres

/// One kind of activity in a level's offer: in which terms, how often per term, and how many
/// weeks into the term the first falls due.
public struct SupportOfferItem: Sendable, Codable, Hashable {
    public var level: SupportLevel
    /// A code of `support_activity_kinds`, for example `adviser_review`.
    public var kind: String
    public var terms: [SupportActivity.Term]
    public var perTerm: Int
    public var firstDueWeek: Int

    public init(level: SupportLevel, kind: String, terms: [SupportActivity.Term], perTerm: Int = 1, firstDueWeek: Int = 2) {
        self.level = level
        self.kind = kind
        self.terms = terms
        self.perTerm = perTerm
        self.firstDueWeek = firstDueWeek
    }
}

/// The offer of each support level (DESIGN.md's table, seeded by migration 0004), kept by
/// administrators. Changes apply to schools planned from then on; existing plans stay.
public struct SupportOfferStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The whole offer, by level (in order of need) and kind.
    public func offer() async throws -> [SupportOfferItem] {
        try await pool.query(
            """
            SELECT level, kind, terms::text[] AS terms, per_term, first_due_week FROM support_offer
            ORDER BY level, kind
            """
        ).map { row in
            SupportOfferItem(
                level: try row.decode("level", as: SupportLevel.self), kind: try row.decode("kind", as: String.self),
                terms: try row.decode("terms", as: [String].self).compactMap(SupportActivity.Term.init(rawValue:)),
                perTerm: try row.decode("per_term", as: Int.self), firstDueWeek: try row.decode("first_due_week", as: Int.self))
        }
    }

    /// Adds the item to its level's offer, or replaces the level's item of the same kind.
    /// - Throws: ``SupportOfferError`` for an unknown kind or out-of-range schedule.
    public func set(_ item: SupportOfferItem) async throws {
        guard !item.terms.isEmpty else { throw SupportOfferError.noTerms }
        guard (1...12).contains(item.perTerm) else { throw SupportOfferError.perTermOutOfRange(item.perTerm) }
        guard (0...12).contains(item.firstDueWeek) else {
            throw SupportOfferError.firstDueWeekOutOfRange(item.firstDueWeek)
        }
        try await pool.withTransaction { connection in
            guard try await !connection.query("SELECT 1 FROM support_activity_kinds WHERE code = \(item.kind)").isEmpty
            else { throw SupportOfferError.unknownKind(item.kind) }
            try await connection.query(
                """
                INSERT INTO support_offer (level, kind, terms, per_term, first_due_week)
                VALUES (\(item.level), \(item.kind), \(Array(Set(item.terms.map(\.rawValue))).sorted())::school_term[],
                        \(item.perTerm)::integer, \(item.firstDueWeek)::integer)
                ON CONFLICT (level, kind) DO UPDATE
                    SET terms = EXCLUDED.terms, per_term = EXCLUDED.per_term, first_due_week = EXCLUDED.first_due_week
                """)
        }
    }

    /// Removes a kind of activity from a level's offer; returns whether it was there.
    @discardableResult
    public func remove(level: SupportLevel, kind: String) async throws -> Bool {
        try await pool.query("DELETE FROM support_offer WHERE level = \(level) AND kind = \(kind)").affectedRows > 0
    }
}

/// Why an offer item was refused.
public enum SupportOfferError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownKind(String)
    case noTerms
    case perTermOutOfRange(Int)
    case firstDueWeekOutOfRange(Int)

    public var description: String {
        switch self {
        case .unknownKind(let kind): "\(kind) is not a kind of support activity (table support_activity_kinds)"
        case .noTerms: "an offered activity needs at least one term"
        case .perTermOutOfRange(let count): "\(count) times a term is out of range (1–12)"
        case .firstDueWeekOutOfRange(let week): "week \(week) of a term is out of range (0–12)"
        }
    }
}
