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
    /// Changes whenever the activity does (its `updated_at` in microseconds): an update may
    /// require the version it was based on.
    public var version: Int64
}

/// Which activities to list; `nil` means any.
public struct SupportActivityFilter: Sendable {
    public var scope: PrivateDataScope
    public var academicYear: Int?
    public var status: SupportActivity.Status?
    /// Only overdue ones (still planned, due before the day listed for).
    public var overdueOnly: Bool

    public init(scope: PrivateDataScope, academicYear: Int? = nil, status: SupportActivity.Status? = nil,
                overdueOnly: Bool = false) {
        self.scope = scope
        self.academicYear = academicYear
        self.status = status
        self.overdueOnly = overdueOnly
    }
}

/// An activity an adviser adds to a school's plan by hand (never re-planned).
public struct NewSupportActivity: Sendable, Codable, Equatable {
    public var urn: Int
    public var academicYear: Int
    public var kind: String
    public var dueDate: CivilDate
    public var notes: String

    public init(urn: Int, academicYear: Int, kind: String, dueDate: CivilDate, notes: String = "") {
        self.urn = urn
        self.academicYear = academicYear
        self.kind = kind
        self.dueDate = dueDate
        self.notes = notes
    }
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

    /// One page of the activities matching `filter`, by due date then id; `overdue` as of `today`.
    public func list(_ filter: SupportActivityFilter, limit: Int, after cursor: String? = nil, today: CivilDate = .utc())
        async throws -> Page<SupportActivity>
    {
        var conditions = SQLConditions()
        filter.scope.restrict(&conditions, urnColumn: "urn")
        if let year = filter.academicYear { conditions.require("academic_year = \(conditions.parameter(year))") }
        if let status = filter.status { conditions.require("status::text = \(conditions.parameter(status.rawValue))") }
        if filter.overdueOnly { conditions.require("status = 'planned' AND due_date < \(conditions.parameter(today))") }
        if let cursor {
            let position = try PageCursor<Position>(token: cursor).position
            conditions.require(
                "(due_date, id) > (\(conditions.parameter(position.dueDate))::date, \(conditions.parameter(position.id)))")
        }
        let clause = conditions.whereClause + " ORDER BY due_date, id LIMIT \(conditions.parameter(limit + 1))"
        let activities = try await select(PostgresQuery(sql: clause, binds: conditions.binds), today: today)
        let items = Array(activities.prefix(limit))
        let next = activities.count > limit
            ? items.last.map { PageCursor(Position(dueDate: $0.dueDate.description, id: $0.id)).token } : nil
        return Page(items: items, nextCursor: next)
    }

    /// Where a page of activities ends.
    private struct Position: Codable, Sendable {
        var dueDate: String
        var id: Int64
    }

    /// Adds an activity to a school's plan for `user` (who must be able to manage the school's
    /// support), audited in the same transaction on `connection`.
    /// - Throws: ``ValidationFailed`` (unknown school or kind, a due date outside the academic
    ///   year), ``AccessDenied``.
    public static func plan(
        _ activity: NewSupportActivity, by user: User, today: CivilDate = .utc(), on connection: PostgresConnection
    ) async throws -> SupportActivity {
        var errors: [FieldError] = []
        let school = try await connection.query("SELECT la_code FROM schools WHERE urn = \(activity.urn)").first
        if school == nil { errors.append(FieldError("urn", "no school has this URN")) }
        if try await connection.query("SELECT 1 FROM support_activity_kinds WHERE code = \(activity.kind)").isEmpty {
            errors.append(FieldError("kind", "is not a kind of support activity"))
        }
        let term = try await connection.query(
            """
            SELECT term::text AS term FROM unnest(enum_range(NULL::school_term)) AS term
            WHERE term_dates(\(activity.academicYear)::integer, term) @> \(activity.dueDate)::date
            """).first
        if !(2000...2100).contains(activity.academicYear) {
            errors.append(FieldError("academicYear", "must be the year the academic year ends, 2000 to 2100"))
        } else if term == nil {
            errors.append(FieldError("dueDate", "must fall within a term of academic year \(activity.academicYear)"))
        }
        if activity.notes.count > 4000 { errors.append(FieldError("notes", "must be at most 4000 characters")) }
        guard errors.isEmpty, let school, let term else { throw ValidationFailed(errors) }
        guard user.mayManageSupport(ofSchoolInLA: try school.decode("la_code", as: Int.self)) else {
            throw AccessDenied("this user may not plan activities for school \(activity.urn)")
        }
        let termName = try term.decode("term", as: String.self)
        let id = try await connection.query(
            """
            INSERT INTO support_activities (urn, academic_year, kind, term, due_date, notes)
            VALUES (\(activity.urn), \(activity.academicYear)::integer, \(activity.kind),
                    \(termName)::school_term, \(activity.dueDate), \(activity.notes))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        let created = try await select("WHERE id = \(id)", today: today, on: connection)[0]
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "support_activity", entityID: "\(id)", after: created),
            on: connection)
        return created
    }

    /// The LA of the school an activity belongs to (for checking a user's scope before a change).
    /// - Throws: ``SupportActivityError/notFound(_:)``.
    public func schoolLA(ofActivity id: Int64) async throws -> Int {
        let rows = try await pool.query(
            "SELECT s.la_code FROM support_activities a JOIN schools s ON s.urn = a.urn WHERE a.id = \(id)")
        guard let row = rows.first else { throw SupportActivityError.notFound(id) }
        return try row.decode("la_code", as: Int.self)
    }

    /// Records what happened: marks the activity done or cancelled (or planned again) with its
    /// notes and outcome (`nil` keeps them), audited (as `user`, when given) in the same transaction.
    /// - Parameter expectedVersion: refuse unless the activity is still at this ``SupportActivity/version``.
    /// - Throws: ``SupportActivityError/notFound(_:)``; ``SupportActivityError/versionMismatch(_:current:)``.
    @discardableResult
    public func record(
        id: Int64, status: SupportActivity.Status, notes: String?, outcome: String?, expectedVersion: Int64? = nil,
        auditedAs user: User? = nil, today: CivilDate = .utc()
    ) async throws -> SupportActivity {
        try await pool.withTransaction { connection in
            guard let before = try await Self.select("WHERE id = \(id) FOR UPDATE", today: today, on: connection).first else {
                throw SupportActivityError.notFound(id)
            }
            if let expectedVersion, expectedVersion != before.version {
                throw SupportActivityError.versionMismatch(id, current: before.version)
            }
            // clock_timestamp, not now(): two updates in one transaction still change the version.
            try await connection.query(
                """
                UPDATE support_activities
                SET status = \(status.rawValue)::activity_status, notes = coalesce(\(notes), notes),
                    outcome = coalesce(\(outcome), outcome),
                    updated_at = clock_timestamp()
                WHERE id = \(id)
                """)
            let after = try await Self.select("WHERE id = \(id)", today: today, on: connection)[0]
            try await AuditLog.record(
                AuditEntry(actor: user, action: "update", entity: "support_activity", entityID: "\(id)",
                           before: before, after: after),
                on: connection)
            return after
        }
    }

    /// The activities matching `condition` (a `WHERE … ORDER BY …` clause whose values are bound).
    private func select(_ condition: PostgresQuery, today: CivilDate) async throws -> [SupportActivity] {
        try await pool.withConnection { connection in try await Self.select(condition, today: today, on: connection) }
    }

    private static func select(_ condition: PostgresQuery, today: CivilDate, on connection: PostgresConnection)
        async throws -> [SupportActivity]
    {
        // The column list is a constant; the condition carries its own bound values.
        let query = PostgresQuery(
            sql: """
                SELECT id, urn, academic_year, kind, term::text, due_date, status::text, planned_for_level, notes, outcome,
                       (extract(epoch FROM updated_at) * 1000000)::bigint AS version
                FROM support_activities \(condition.sql)
                """, binds: condition.binds)
        return try await connection.query(query).map { row in
            let status = SupportActivity.Status(rawValue: try row.decode("status", as: String.self)) ?? .planned
            let dueDate = try row.decode("due_date", as: CivilDate.self)
            return SupportActivity(
                id: try row.decode("id", as: Int64.self), urn: try row.decode("urn", as: Int.self),
                academicYear: try row.decode("academic_year", as: Int.self), kind: try row.decode("kind", as: String.self),
                term: SupportActivity.Term(rawValue: try row.decode("term", as: String.self)) ?? .autumn,
                dueDate: dueDate, status: status, overdue: status == .planned && dueDate < today,
                plannedForLevel: try row.decode("planned_for_level", as: SupportLevel?.self),
                notes: try row.decode("notes", as: String.self), outcome: try row.decode("outcome", as: String.self),
                version: try row.decode("version", as: Int64.self))
        }
    }
}

/// Why an activity could not be recorded.
public enum SupportActivityError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(Int64)
    /// The activity changed since the version the update was based on.
    case versionMismatch(Int64, current: Int64)

    public var description: String {
        switch self {
        case .notFound(let id): "no support activity has id \(id)"
        case .versionMismatch(let id, _): "support activity \(id) has changed since it was read; read it again"
        }
    }
}
