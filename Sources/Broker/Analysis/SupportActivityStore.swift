import Analysis
import Postgres

/// A scheduled activity of a school's support plan.
public struct SupportActivity: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case planned, done, cancelled
    }

    public enum Term: String, Sendable, Codable, Hashable, CaseIterable {
        case autumn, spring, summer
    }

    public var id: Int64
    public var urn: Int
    public var academicYear: Int
    /// A code of `support_activity_kinds`, for example `initial_visit`.
    public var kind: String
    public var term: Term
    public var dueDate: CivilDate
    public var status: Status
    /// Still planned and due before the date it was read for.
    public var overdue: Bool
    /// The level whose offer planned it; `nil` for one added by hand.
    public var plannedForLevel: SupportLevel?
    public var notes: String
    public var outcome: String
}

/// Reads and records schools' support activities.
public struct SupportActivityStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The school's activities in the year, by due date; `overdue` as of `today`.
    public func activities(urn: Int, academicYear: Int, today: CivilDate = .utc()) async throws -> [SupportActivity] {
        try await select(
            "WHERE urn = \(urn)::integer AND academic_year = \(academicYear)::integer ORDER BY due_date, id", today: today)
    }

    /// Every overdue activity of the year (still planned, due before `today`), by due date.
    public func overdue(academicYear: Int, today: CivilDate = .utc()) async throws -> [SupportActivity] {
        try await select(
            "WHERE academic_year = \(academicYear)::integer AND status = 'planned' AND due_date < \(today) ORDER BY due_date, urn, id",
            today: today)
    }

    /// Records what happened: marks the activity done or cancelled (or planned again) with its
    /// notes and outcome.
    /// - Throws: ``SupportActivityError/notFound(_:)``.
    @discardableResult
    public func record(
        id: Int64, status: SupportActivity.Status, notes: String, outcome: String, today: CivilDate = .utc()
    ) async throws -> SupportActivity {
        let updated = try await pool.query(
            """
            UPDATE support_activities
            SET status = \(status.rawValue)::activity_status, notes = \(notes), outcome = \(outcome), updated_at = now()
            WHERE id = \(id) RETURNING id
            """)
        guard !updated.isEmpty else { throw SupportActivityError.notFound(id) }
        return try await select("WHERE id = \(id)", today: today)[0]
    }

    /// The activities matching `condition` (a `WHERE … ORDER BY …` clause whose values are bound).
    private func select(_ condition: PostgresQuery, today: CivilDate) async throws -> [SupportActivity] {
        // The column list is a constant; the condition carries its own bound values.
        let query = PostgresQuery(
            sql: """
                SELECT id, urn, academic_year, kind, term::text, due_date, status::text, planned_for_level, notes, outcome
                FROM support_activities \(condition.sql)
                """, binds: condition.binds)
        return try await pool.query(query).map { row in
            let status = SupportActivity.Status(rawValue: try row.decode("status", as: String.self)) ?? .planned
            let dueDate = try row.decode("due_date", as: CivilDate.self)
            return SupportActivity(
                id: try row.decode("id", as: Int64.self), urn: try row.decode("urn", as: Int.self),
                academicYear: try row.decode("academic_year", as: Int.self), kind: try row.decode("kind", as: String.self),
                term: SupportActivity.Term(rawValue: try row.decode("term", as: String.self)) ?? .autumn,
                dueDate: dueDate, status: status, overdue: status == .planned && dueDate < today,
                plannedForLevel: try row.decode("planned_for_level", as: SupportLevel?.self),
                notes: try row.decode("notes", as: String.self), outcome: try row.decode("outcome", as: String.self))
        }
    }
}

/// Why an activity could not be recorded.
public enum SupportActivityError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(Int64)

    public var description: String {
        switch self {
        case .notFound(let id): "no support activity has id \(id)"
        }
    }
}
