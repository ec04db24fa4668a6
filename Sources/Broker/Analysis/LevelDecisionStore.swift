import Analysis
import Foundation
import Postgres

/// Advisers' decisions on schools' proposed levels: agree with the proposal, or override it
/// with a reason. A decision survives re-running the analysis; a re-run that proposes another
/// level shows as a disagreement in ``SchoolLevelStatus``.
public struct LevelDecisionStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Agrees with the latest run's proposed level for the school, and re-plans its support
    /// activities if its effective level changed. All or nothing, audited in the same transaction
    /// (as `user`, the API's caller; `nil` for an operator at the command line).
    /// - Throws: ``LevelDecisionError``.
    @discardableResult
    public func agree(
        urn: Int, academicYear: Int, by actor: String, auditedAs user: User? = nil, today: CivilDate = .utc()
    ) async throws -> SchoolLevelStatus {
        try await decide(urn: urn, academicYear: academicYear, actor: actor, user: user, today: today) { current in
            guard let proposed = current.proposedLevel else {
                throw LevelDecisionError.nothingProposed(urn: urn, academicYear: academicYear)
            }
            return (.agreed, proposed, "")
        }
    }

    /// Sets the school's level to `level` against the proposal, for `reason`, and re-plans its
    /// support activities if its effective level changed. All or nothing, audited in the same
    /// transaction (as `user`; `nil` for an operator at the command line).
    /// - Throws: ``LevelDecisionError``; an override needs a reason.
    @discardableResult
    public func override(
        urn: Int, academicYear: Int, level: SupportLevel, reason: String, by actor: String, auditedAs user: User? = nil,
        today: CivilDate = .utc()
    ) async throws -> SchoolLevelStatus {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw LevelDecisionError.reasonRequired }
        return try await decide(urn: urn, academicYear: academicYear, actor: actor, user: user, today: today) { _ in
            (.overridden, level, reason)
        }
    }

    /// The school's level status in the year; `nil` when neither a run nor an adviser has placed it.
    public func status(urn: Int, academicYear: Int) async throws -> SchoolLevelStatus? {
        try await pool.withConnection { connection in
            try await SchoolLevelStatus.load(academicYear: academicYear, urn: urn, on: connection).first
        }
    }

    /// Every school's level status in the year, in URN order.
    public func statuses(academicYear: Int) async throws -> [SchoolLevelStatus] {
        try await pool.withConnection { connection in
            try await SchoolLevelStatus.load(academicYear: academicYear, on: connection)
        }
    }

    /// The school's level history in the year (in every year when `nil`), oldest first: each
    /// run's proposal and each decision.
    public func history(urn: Int, academicYear: Int?) async throws -> [LevelHistoryEntry] {
        try await pool.query(Self.historyQuery(urn: urn, academicYear: academicYear)).map(Self.historyEntry)
    }

    /// The statement behind ``history(urn:academicYear:)``, for callers that batch it with others.
    static func historyQuery(urn: Int, academicYear: Int?) -> PostgresQuery {
        """
        SELECT 'proposed' AS event, runs.academic_year, r.level, r.run_id, '' AS reason, NULL AS actor,
               runs.finished_at AS at
        FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id
        WHERE r.urn = \(urn)::integer AND (\(academicYear)::integer IS NULL OR runs.academic_year = \(academicYear)::integer)
        UNION ALL
        SELECT kind::text, academic_year, level, proposed_by_run, reason, decided_by, decided_at
        FROM level_decisions
        WHERE urn = \(urn)::integer AND (\(academicYear)::integer IS NULL OR academic_year = \(academicYear)::integer)
        ORDER BY at, event DESC
        """
    }

    static func historyEntry(_ row: PostgresRow) throws -> LevelHistoryEntry {
        LevelHistoryEntry(
            event: LevelHistoryEntry.Event(rawValue: try row.decode("event", as: String.self)) ?? .proposed,
            academicYear: try row.decode("academic_year", as: Int.self),
            level: try row.decode("level", as: SupportLevel.self), runID: try row.decode("run_id", as: Int64?.self),
            reason: try row.decode("reason", as: String.self), actor: try row.decode("actor", as: String?.self),
            at: try row.decode("at", as: Date.self))
    }

    /// Validates and records one decision, then re-plans the school, in one transaction that
    /// holds the year's analysis lock (so a concurrent run cannot slip in between).
    private func decide(
        urn: Int, academicYear: Int, actor: String, user: User?, today: CivilDate,
        _ make: @Sendable (SchoolLevelStatus) throws -> (LevelDecisionKind, SupportLevel, String)
    ) async throws -> SchoolLevelStatus {
        let actor = actor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !actor.isEmpty else { throw LevelDecisionError.actorRequired }
        return try await pool.withTransaction { connection in
            try await AnalysisYearLock.acquire(academicYear: academicYear, on: connection)
            guard try await !connection.query("SELECT 1 FROM schools WHERE urn = \(urn)::integer").isEmpty else {
                throw LevelDecisionError.unknownSchool(urn)
            }
            let current =
                try await SchoolLevelStatus.load(academicYear: academicYear, urn: urn, on: connection).first
                ?? SchoolLevelStatus(
                    urn: urn, academicYear: academicYear, decision: .pending, disagreement: false)
            let (kind, level, reason) = try make(current)
            try await connection.query(
                """
                INSERT INTO level_decisions (urn, academic_year, kind, level, proposed_level, proposed_by_run,
                                             reason, decided_by)
                VALUES (\(urn)::integer, \(academicYear)::integer, \(kind.rawValue)::level_decision_kind, \(level),
                        \(current.proposedLevel), \(current.proposedByRun), \(reason), \(actor))
                """)
            _ = try await SupportPlanner.plan(academicYear: academicYear, today: today, urns: [urn], on: connection)
            let decided = try await SchoolLevelStatus.load(academicYear: academicYear, urn: urn, on: connection)[0]
            try await AuditLog.record(
                AuditEntry(actor: user, action: kind == .agreed ? "agree" : "override", entity: "school_level",
                           entityID: "\(urn)/\(academicYear)", before: current, after: decided),
                on: connection)
            return decided
        }
    }

    private enum LevelDecisionKind: String {
        case agreed, overridden
    }
}

/// One event of a school's level history in a year.
public struct LevelHistoryEntry: Sendable, Codable, Hashable {
    public enum Event: String, Sendable, Codable, Hashable {
        /// A run proposed `level`.
        case proposed
        /// An adviser agreed with the proposal.
        case agreed
        /// An adviser set `level` against the proposal.
        case overridden
    }

    public var event: Event
    public var academicYear: Int
    public var level: SupportLevel
    /// The run that proposed the level (for a decision, the run whose proposal the adviser saw).
    public var runID: Int64?
    public var reason: String
    /// The adviser, for a decision.
    public var actor: String?
    public var at: Date
}

/// Why a level decision was refused.
public enum LevelDecisionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No adviser was named.
    case actorRequired
    /// An override needs a reason.
    case reasonRequired
    /// There is no proposal to agree with: no run has analysed the school in that year.
    case nothingProposed(urn: Int, academicYear: Int)
    /// No school has that URN.
    case unknownSchool(Int)

    public var description: String {
        switch self {
        case .actorRequired: "a level decision must name the adviser who made it"
        case .reasonRequired: "overriding a proposed level needs a reason"
        case .nothingProposed(let urn, let year):
            "no analysis of \(year) has proposed a level for school \(urn): run the analysis, or override with a reason"
        case .unknownSchool(let urn): "no school has URN \(urn)"
        }
    }
}
