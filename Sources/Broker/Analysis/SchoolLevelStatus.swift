import Analysis
import Foundation
import Postgres

/// A school's level in one academic year: what the latest run proposed, what an adviser
/// decided, and whether the two disagree.
public struct SchoolLevelStatus: Sendable, Codable, Hashable {
    /// Whether an adviser has acted on the proposal.
    public enum Decision: String, Sendable, Codable, Hashable {
        case pending, agreed, overridden
    }

    public var urn: Int
    public var academicYear: Int
    /// The latest run's proposal; `nil` when no run has analysed the school this year.
    public var proposedLevel: SupportLevel?
    public var proposedByRun: Int64?
    /// The adviser's level (the proposal they agreed to, or their override).
    public var decidedLevel: SupportLevel?
    public var decision: Decision
    /// The level that counts: decided, else proposed.
    public var effectiveLevel: SupportLevel?
    /// A later run proposes something other than the decided level.
    public var disagreement: Bool
    /// The override's reason ("" for an agreement).
    public var reason: String?
    public var decidedBy: String?
    public var decidedAt: Date?

    /// The statuses of a year (one school's when `urn` is given; only those in disagreement if
    /// asked), in URN order.
    static func load(
        academicYear: Int, urn: Int? = nil, onlyDisagreements: Bool = false, on connection: PostgresConnection
    ) async throws
        -> [SchoolLevelStatus]
    {
        try await connection.query(
            """
            SELECT * FROM school_levels_in(\(academicYear)::integer)
            WHERE (\(urn)::integer IS NULL OR urn = \(urn)::integer) AND (disagreement OR NOT \(onlyDisagreements))
            ORDER BY urn
            """
        ).map { try decode($0, academicYear: academicYear) }
    }

    /// Reads a row of `school_levels_in`.
    static func decode(_ row: PostgresRow, academicYear: Int) throws -> SchoolLevelStatus {
        SchoolLevelStatus(
            urn: try row.decode("urn", as: Int.self), academicYear: academicYear,
            proposedLevel: try row.decode("proposed_level", as: SupportLevel?.self),
            proposedByRun: try row.decode("proposed_by_run", as: Int64?.self),
            decidedLevel: try row.decode("decided_level", as: SupportLevel?.self),
            decision: Decision(rawValue: try row.decode("status", as: String.self)) ?? .pending,
            effectiveLevel: try row.decode("effective_level", as: SupportLevel?.self),
            disagreement: try row.decode("disagreement", as: Bool.self),
            reason: try row.decode("decision_reason", as: String?.self),
            decidedBy: try row.decode("decided_by", as: String?.self),
            decidedAt: try row.decode("decided_at", as: Date?.self))
    }
}
