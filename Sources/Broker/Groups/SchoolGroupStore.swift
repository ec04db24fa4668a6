import Postgres

/// Head teacher groups: creating and changing them and their membership (admins, and advisers
/// of the group's LA), listing and reading them within a user's scope. Every write is audited in
/// the transaction that makes it. What a group sees of its members is in
/// `SchoolGroupStore+Overview.swift`.
public enum SchoolGroupStore {
    /// Creates a group with its first members (joining today).
    /// - Throws: ``ValidationFailed`` (bad fields, unknown schools, an adviser's member outside
    ///   its LA), ``AccessDenied``, ``Conflict`` (the LA already has a group of that name).
    public static func create(_ group: NewSchoolGroup, by user: User, on connection: PostgresConnection) async throws
        -> SchoolGroup
    {
        var errors = group.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        guard user.mayManageGroups(ofLA: group.laCode) else {
            throw AccessDenied("this user may not create groups of LA \(group.laCode)")
        }
        try await checkMembers(group.members, field: "members", by: user, errors: &errors, on: connection)
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        try await checkNameFree(group.name, laCode: group.laCode, on: connection)
        let id: Int64 = try await connection.query(
            """
            INSERT INTO school_groups (name, kind, la_code)
            VALUES (\(group.name), \(group.kind.rawValue)::school_group_kind, \(group.laCode)) RETURNING id
            """)[0].decode("id")
        try await connection.query(
            "INSERT INTO school_group_members (group_id, urn) SELECT \(id), urn FROM unnest(\(group.members)::int[]) AS m (urn)")
        let created = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "school_group", entityID: "\(id)", after: created), on: connection)
        return created
    }

    /// One page of the groups `user` may see, by id: all for an admin, its LA's for an adviser,
    /// its own for a group account, its school's for a head teacher.
    /// - Throws: ``AccessDenied`` for a supporter.
    public static func list(for user: User, limit: Int, after cursor: Int64?, in pool: PostgresPool) async throws
        -> Page<SchoolGroup>
    {
        var conditions = SQLConditions()
        switch user.role {
        case .admin: break
        case .adviser: conditions.require("g.la_code = \(conditions.parameter(user.laCode ?? -1))")
        case .group: conditions.require("g.id = \(conditions.parameter(user.groupID ?? -1))")
        case .headteacher:
            conditions.require(
                "g.id IN (SELECT group_id FROM school_group_members WHERE urn = \(conditions.parameter(user.urn ?? -1)))")
        case .supporter: throw AccessDenied("the supporter role does not see head teacher groups")
        }
        if let cursor { conditions.require("g.id > \(conditions.parameter(cursor))") }
        let sql = "\(selectGroups) \(conditions.whereClause) ORDER BY g.id LIMIT \(conditions.parameter(limit + 1))"
        let groups = try await pool.query(conditions.query(sql)).map(decode)
        let page = Array(groups.prefix(limit))
        return Page(items: page, nextCursor: groups.count > limit ? page.last.map { PageCursor($0.id).token } : nil)
    }

    /// The group with this id, if `user` may see it.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func read(_ id: Int64, for user: User, in pool: PostgresPool) async throws -> SchoolGroup {
        let group = try await pool.withConnection { try await read(id, on: $0) }
        try checkVisible(group, to: user)
        return group
    }

    /// Renames a group or changes its kind, if it is still at the version `ifMatch` names.
    /// - Throws: ``ValidationFailed``, ``NotFound``, ``AccessDenied``, ``PreconditionFailed``, ``Conflict``.
    public static func update(_ id: Int64, _ changes: SchoolGroupChanges, ifMatch: String, by user: User, in pool: PostgresPool)
        async throws -> SchoolGroup
    {
        let errors = changes.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let before = try await lockedForChange(id, by: user, on: connection)
            guard PreconditionFailed.matches(ifMatch, before.entityTag) else { throw PreconditionFailed(currentTag: before.entityTag) }
            if let name = changes.name, name != before.name { try await checkNameFree(name, laCode: before.laCode, on: connection) }
            try await connection.query(
                """
                UPDATE school_groups SET name = coalesce(\(changes.name), name),
                    kind = coalesce(\(changes.kind?.rawValue)::school_group_kind, kind), version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            return try await audited(id, "update", before: before, by: user, on: connection)
        }
    }

    /// Adds a school to a group (joining on `since`, an ISO date, or today); adding a member
    /// again changes its date only.
    /// - Throws: ``ValidationFailed``, ``NotFound``, ``AccessDenied``.
    public static func addMember(_ urn: Int, since: String?, to id: Int64, by user: User, in pool: PostgresPool) async throws
        -> SchoolGroup
    {
        if let since, CalendarDay(iso8601: since) == nil {
            throw ValidationFailed([FieldError("since", "must be a date (YYYY-MM-DD)")])
        }
        return try await pool.withTransaction { connection in
            let before = try await lockedForChange(id, by: user, on: connection)
            var errors: [FieldError] = []
            try await checkMembers([urn], field: "urn", by: user, errors: &errors, on: connection)
            guard errors.isEmpty else { throw ValidationFailed(errors) }
            try await connection.query(
                """
                INSERT INTO school_group_members (group_id, urn, since) VALUES (\(id), \(urn), coalesce(\(since)::date, current_date))
                ON CONFLICT (group_id, urn) DO UPDATE SET since = excluded.since
                """)
            try await connection.query("UPDATE school_groups SET version = version + 1, updated_at = now() WHERE id = \(id)")
            return try await audited(id, "add_member", before: before, by: user, on: connection)
        }
    }

    /// Removes a school from a group.
    /// - Throws: ``NotFound`` (no such group, or the school is not a member), ``AccessDenied``.
    public static func removeMember(_ urn: Int, from id: Int64, by user: User, in pool: PostgresPool) async throws -> SchoolGroup {
        try await pool.withTransaction { connection in
            let before = try await lockedForChange(id, by: user, on: connection)
            let removed = try await connection.query(
                "DELETE FROM school_group_members WHERE group_id = \(id) AND urn = \(urn) RETURNING urn")
            guard !removed.isEmpty else { throw NotFound(entity: "member of group \(id)", id: "\(urn)") }
            try await connection.query("UPDATE school_groups SET version = version + 1, updated_at = now() WHERE id = \(id)")
            return try await audited(id, "remove_member", before: before, by: user, on: connection)
        }
    }

    /// Throws ``AccessDenied`` unless `user` may see `group`.
    static func checkVisible(_ group: SchoolGroup, to user: User) throws {
        guard user.maySeeGroup(group.id, laCode: group.laCode, memberURNs: group.members.map(\.urn)) else {
            throw AccessDenied("this user may not see group \(group.id)")
        }
    }

    /// A group's LA and which of `urns` are its members, without reading its whole member list.
    /// - Throws: ``NotFound``.
    static func membership(_ id: Int64, of urns: [Int], on connection: PostgresConnection) async throws
        -> (laCode: Int, members: Set<Int>)
    {
        let rows = try await connection.query(
            """
            SELECT g.la_code, coalesce(array_agg(m.urn) FILTER (WHERE m.urn IS NOT NULL), '{}') AS members
            FROM school_groups g LEFT JOIN school_group_members m ON m.group_id = g.id AND m.urn = ANY (\(urns))
            WHERE g.id = \(id) GROUP BY g.la_code
            """)
        guard let row = rows.first else { throw NotFound(entity: "group", id: "\(id)") }
        return (try row.decode("la_code"), Set(try row.decode("members", as: [Int].self)))
    }

    /// Reads one group with its members.
    /// - Throws: ``NotFound``.
    static func read(_ id: Int64, on connection: PostgresConnection) async throws -> SchoolGroup {
        let rows = try await connection.query(PostgresQuery(sql: "\(selectGroups) WHERE g.id = $1", binds: [id.postgresBind]))
        guard let row = rows.first else { throw NotFound(entity: "group", id: "\(id)") }
        return try decode(row)
    }

    /// A group with its members (by URN) as one row: `members` is a JSON array.
    private static let selectGroups = """
        SELECT g.id, g.name, g.kind::text AS kind, g.la_code, g.version,
               coalesce((SELECT jsonb_agg(jsonb_build_object('urn', m.urn, 'name', s.name, 'since', m.since::text) ORDER BY m.urn)
                         FROM school_group_members m JOIN schools s ON s.urn = m.urn WHERE m.group_id = g.id), '[]') AS members
        FROM school_groups g
        """

    private static func decode(_ row: PostgresRow) throws -> SchoolGroup {
        SchoolGroup(
            id: try row.decode("id"), name: try row.decode("name"),
            kind: SchoolGroup.Kind(rawValue: try row.decode("kind", as: String.self)) ?? .alliance,
            laCode: try row.decode("la_code"), version: try row.decode("version"),
            members: try row.decode("members", as: PostgresJSON<[SchoolGroup.Member]>.self).value)
    }

    /// Locks a group's row and checks that `user` may change it; returns it as it is.
    private static func lockedForChange(_ id: Int64, by user: User, on connection: PostgresConnection) async throws -> SchoolGroup {
        guard let row = try await connection.query("SELECT la_code FROM school_groups WHERE id = \(id) FOR UPDATE").first else {
            throw NotFound(entity: "group", id: "\(id)")
        }
        guard user.mayManageGroups(ofLA: try row.decode("la_code")) else { throw AccessDenied("this user may not change group \(id)") }
        return try await read(id, on: connection)
    }

    /// Reads a group as changed and records the change in the audit log.
    private static func audited(_ id: Int64, _ action: String, before: SchoolGroup, by user: User, on connection: PostgresConnection)
        async throws -> SchoolGroup
    {
        let after = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: action, entity: "school_group", entityID: "\(id)", before: before, after: after),
            on: connection)
        return after
    }

    /// Adds a field error when a URN names no school, or (for an adviser) a school outside its LA.
    private static func checkMembers(
        _ urns: [Int], field: String, by user: User, errors: inout [FieldError], on connection: PostgresConnection
    ) async throws {
        guard !urns.isEmpty else { return }
        let row = try await connection.query(
            """
            SELECT count(*)::int AS known, count(*) FILTER (WHERE la_code IS DISTINCT FROM \(user.laCode))::int AS elsewhere
            FROM schools WHERE urn = ANY (\(urns))
            """)[0]
        if try row.decode("known", as: Int.self) != urns.count {
            errors.append(FieldError(field, "names a school that does not exist"))
        } else if user.role == .adviser, try row.decode("elsewhere", as: Int.self) > 0 {
            errors.append(FieldError(field, "names a school outside the adviser's LA"))
        }
    }

    /// - Throws: ``Conflict`` when the LA already has a group called `name`.
    private static func checkNameFree(_ name: String, laCode: Int, on connection: PostgresConnection) async throws {
        let taken = try await connection.query("SELECT 1 FROM school_groups WHERE la_code = \(laCode) AND name = \(name)")
        if !taken.isEmpty { throw Conflict("LA \(laCode) already has a group called \(name)") }
    }
}
