import Postgres

/// The supporters register: listing and reading entries within a user's scope, registering and
/// updating them (ETag/If-Match), confirming proposed ones. Proposals from the analysis are in
/// `SupporterStore+Proposals.swift`. Every write is audited in the transaction that makes it.
public enum SupporterStore {
    /// One page of supporters matching `filter` (scope it first), by id.
    public static func list(_ filter: SupporterFilter, for user: User, limit: Int, after cursor: Int64? = nil,
                            in pool: PostgresPool) async throws -> Page<Supporter> {
        var conditions = SQLConditions()
        if let area = filter.areaCode {
            conditions.require(
                "EXISTS (SELECT 1 FROM supporter_specialisms sp WHERE sp.supporter_id = sup.id AND sp.area_code = \(conditions.parameter(area)))")
        }
        if let phase = filter.phase { conditions.require("\(conditions.parameter(phase)) = ANY (sup.phases)") }
        if let district = filter.district { conditions.require("sch.district = \(conditions.parameter(district))") }
        if let status = filter.status { conditions.require("sup.status::text = \(conditions.parameter(status.rawValue))") }
        if let designation = filter.designation {
            conditions.require("\(conditions.parameter(designation.rawValue)) = ANY (sup.designations)")
        }
        if let id = filter.supporterID { conditions.require("sup.id = \(conditions.parameter(id))") }
        if let cursor { conditions.require("sup.id > \(conditions.parameter(cursor))") }
        let sql = "\(selectSupporters) \(conditions.whereClause) ORDER BY sup.id LIMIT \(conditions.parameter(limit + 1))"
        let (supporters, more) = try await pool.withConnection { connection in
            let rows = try await connection.query(conditions.query(sql))
            return (try await decode(rows.prefix(limit), for: user, on: connection), rows.count > limit)
        }
        return Page(items: supporters, nextCursor: more ? supporters.last.map { PageCursor($0.id).token } : nil)
    }

    /// The supporter with this id, if `user` may see it.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func read(_ id: Int64, for user: User, in pool: PostgresPool) async throws -> Supporter {
        guard SupporterAccess.maySee(user, supporterID: id) else { throw AccessDenied("a supporter sees its own record only") }
        return try await pool.withConnection { connection in try await read(id, for: user, on: connection) }
    }

    /// Registers a supporter by hand (status `proposed`), on behalf of an admin or an adviser of
    /// its home school's LA.
    /// - Throws: ``ValidationFailed`` (bad fields, unknown school or area), ``AccessDenied``.
    public static func register(_ supporter: NewSupporter, by user: User, on connection: PostgresConnection)
        async throws -> Supporter
    {
        var errors = supporter.validationErrors()
        let homeLA = try await homeLACode(supporter.homeURN, errors: &errors, on: connection)
        try await checkReferences(specialisms: supporter.specialisms, conflicts: supporter.conflicts, errors: &errors, on: connection)
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        guard SupporterAccess.mayManage(user, homeLACode: homeLA) else {
            throw AccessDenied("this user may not register supporters based at school \(supporter.homeURN.map(String.init) ?? "-")")
        }
        let id: Int64 = try await connection.query(
            """
            INSERT INTO supporters (name, kind, home_urn, designations, phases, capacity, available_from, available_to)
            VALUES (\(supporter.name), \(supporter.kind.rawValue)::supporter_kind, \(supporter.homeURN),
                    \(supporter.designations.map(\.rawValue)), \(supporter.phases), \(supporter.capacity),
                    \(supporter.availableFrom)::date, \(supporter.availableTo)::date)
            RETURNING id
            """)[0].decode("id")
        try await replaceLists(of: id, specialisms: supporter.specialisms, conflicts: supporter.conflicts, on: connection)
        let created = try await read(id, for: nil, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "supporter", entityID: "\(id)", after: created), on: connection)
        return created
    }

    /// Changes a supporter's record if it is still at the version `ifMatch` names. Capacity may
    /// not drop below the engagements in use (checked with the row locked, as accepts are).
    /// - Throws: ``ValidationFailed``, ``NotFound``, ``AccessDenied``, ``PreconditionFailed``.
    public static func update(_ id: Int64, _ changes: SupporterChanges, ifMatch: String, by user: User, in pool: PostgresPool)
        async throws -> Supporter
    {
        var errors = changes.validationErrors()
        if changes.isEmpty { errors.append(FieldError("body", "must change at least one field")) }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let before = try await lockedForChange(id, by: user, on: connection)
            guard PreconditionFailed.matches(ifMatch, before.entityTag) else { throw PreconditionFailed(currentTag: before.entityTag) }
            var errors: [FieldError] = []
            try await checkReferences(specialisms: changes.specialisms ?? [], conflicts: changes.conflicts ?? [],
                                      errors: &errors, on: connection)
            if let capacity = changes.capacity, capacity < before.engagements {
                errors.append(FieldError("capacity", "must be at least the \(before.engagements) engagements in use"))
            }
            let from = changes.availableFrom.map { $0.isEmpty ? nil : $0 } ?? before.availableFrom
            let to = changes.availableTo.map { $0.isEmpty ? nil : $0 } ?? before.availableTo
            if let from, let to, let first = CalendarDay(iso8601: from), let last = CalendarDay(iso8601: to), first > last {
                errors.append(FieldError("availableTo", "must not be before availableFrom"))
            }
            guard errors.isEmpty else { throw ValidationFailed(errors) }
            try await connection.query(
                """
                UPDATE supporters SET capacity = coalesce(\(changes.capacity), capacity),
                    available_from = \(from)::date, available_to = \(to)::date,
                    designations = coalesce(\(changes.designations?.map(\.rawValue)), designations),
                    status = coalesce(\(changes.status?.rawValue)::supporter_status, status),
                    version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            try await replaceLists(of: id, specialisms: changes.specialisms, conflicts: changes.conflicts, on: connection)
            return try await audited(id, "update", before: before, by: user, on: connection)
        }
    }

    /// Confirms a proposed (or inactive) supporter, offering it to the matcher; confirming a
    /// confirmed one changes nothing.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func confirm(_ id: Int64, by user: User, in pool: PostgresPool) async throws -> Supporter {
        try await pool.withTransaction { connection in
            let before = try await lockedForChange(id, by: user, on: connection)
            guard before.status != .confirmed else { return before }
            try await connection.query(
                "UPDATE supporters SET status = 'confirmed', version = version + 1, updated_at = now() WHERE id = \(id)")
            return try await audited(id, "confirm", before: before, by: user, on: connection)
        }
    }

    /// Reads a supporter as changed and records the change in the audit log.
    private static func audited(_ id: Int64, _ action: String, before: Supporter, by user: User, on connection: PostgresConnection)
        async throws -> Supporter
    {
        let after = try await read(id, for: nil, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: action, entity: "supporter", entityID: "\(id)", before: before, after: after),
            on: connection)
        return after
    }

    /// Locks a supporter's row and checks that `user` may change it; returns it as it is.
    private static func lockedForChange(_ id: Int64, by user: User, on connection: PostgresConnection) async throws -> Supporter {
        let locked = try await connection.query(
            "SELECT sch.la_code FROM supporters sup LEFT JOIN schools sch ON sch.urn = sup.home_urn WHERE sup.id = \(id) FOR UPDATE OF sup")
        guard let row = locked.first else { throw NotFound(entity: "supporter", id: "\(id)") }
        guard SupporterAccess.mayManage(user, homeLACode: try row.decode("la_code")) else {
            throw AccessDenied("this user may not change supporter \(id)")
        }
        return try await read(id, for: nil, on: connection)
    }

    /// Reads one supporter; `user` nil shows everything (for audit rows).
    static func read(_ id: Int64, for user: User?, on connection: PostgresConnection) async throws -> Supporter {
        let rows = try await connection.query(PostgresQuery(sql: "\(selectSupporters) WHERE sup.id = $1", binds: [id.postgresBind]))
        guard let supporter = try await decode(rows.prefix(1), for: user, on: connection).first else {
            throw NotFound(entity: "supporter", id: "\(id)")
        }
        return supporter
    }

    /// The LA of a home school, adding a field error when there is no such school.
    private static func homeLACode(_ urn: Int?, errors: inout [FieldError], on connection: PostgresConnection) async throws -> Int? {
        guard let urn else { return nil }
        guard let row = try await connection.query("SELECT la_code FROM schools WHERE urn = \(urn)").first else {
            errors.append(FieldError("homeUrn", "no school has this URN"))
            return nil
        }
        return try row.decode("la_code")
    }

    /// Adds field errors for specialism areas and conflict schools that do not exist.
    private static func checkReferences(
        specialisms: [Supporter.Specialism], conflicts: [Supporter.DeclaredConflict], errors: inout [FieldError],
        on connection: PostgresConnection
    ) async throws {
        let row = try await connection.query(
            """
            SELECT (SELECT count(*)::int FROM areas WHERE code = ANY (\(specialisms.map(\.areaCode)))) AS areas,
                   (SELECT count(*)::int FROM schools WHERE urn = ANY (\(conflicts.map(\.urn)))) AS schools
            """)[0]
        if try row.decode("areas", as: Int.self) != specialisms.count {
            errors.append(FieldError("specialisms", "names an area that is not an area for improvement"))
        }
        if try row.decode("schools", as: Int.self) != conflicts.count {
            errors.append(FieldError("conflicts", "names a school that does not exist"))
        }
    }

    /// Replaces a supporter's specialisms and conflicts with those given (`nil`: leave them).
    private static func replaceLists(
        of id: Int64, specialisms: [Supporter.Specialism]?, conflicts: [Supporter.DeclaredConflict]?,
        on connection: PostgresConnection
    ) async throws {
        if let specialisms {
            try await connection.query("DELETE FROM supporter_specialisms WHERE supporter_id = \(id)")
            try await connection.query(
                """
                INSERT INTO supporter_specialisms (supporter_id, area_code, strength, evidence)
                SELECT \(id), area, strength, evidence
                FROM unnest(\(specialisms.map(\.areaCode))::text[], \(specialisms.map { String($0.strength) })::float8[],
                            \(specialisms.map(\.evidence))::text[]) AS s (area, strength, evidence)
                """)
        }
        if let conflicts {
            try await connection.query("DELETE FROM supporter_conflicts WHERE supporter_id = \(id)")
            try await connection.query(
                """
                INSERT INTO supporter_conflicts (supporter_id, urn, reason)
                SELECT \(id), urn, reason FROM unnest(\(conflicts.map(\.urn))::int[], \(conflicts.map(\.reason))::text[]) AS c (urn, reason)
                """)
        }
    }

    static let selectSupporters = """
        SELECT sup.id, sup.reference, sup.name, sup.kind::text AS kind, sup.home_urn, sch.la_code, sup.designations,
               sup.phases, sup.capacity, sup.status::text AS status, sup.available_from::text AS available_from,
               sup.available_to::text AS available_to, sup.version, sup.created_at, sup.updated_at,
               (SELECT count(*)::int FROM partnership_needs pn JOIN partnerships p ON p.id = pn.partnership_id
                WHERE p.supporter_id = sup.id AND p.status IN ('accepted', 'active')) AS engagements
        FROM supporters sup LEFT JOIN schools sch ON sch.urn = sup.home_urn
        """

    /// Decodes supporter rows, loading specialisms and (where `user` may see them) conflicts in two more queries.
    static func decode(_ rows: some Collection<PostgresRow>, for user: User?, on connection: PostgresConnection) async throws -> [Supporter] {
        let ids = try rows.map { try $0.decode("id", as: Int64.self) }
        guard !ids.isEmpty else { return [] }
        var specialisms: [Int64: [Supporter.Specialism]] = [:]
        for row in try await connection.query(
            "SELECT supporter_id, area_code, strength, evidence FROM supporter_specialisms WHERE supporter_id = ANY (\(ids)) ORDER BY supporter_id, area_code")
        {
            specialisms[try row.decode("supporter_id"), default: []].append(Supporter.Specialism(
                areaCode: try row.decode("area_code"), strength: try row.decode("strength"), evidence: try row.decode("evidence")))
        }
        var conflicts: [Int64: [Supporter.DeclaredConflict]] = [:]
        for row in try await connection.query(
            "SELECT supporter_id, urn, reason FROM supporter_conflicts WHERE supporter_id = ANY (\(ids)) ORDER BY supporter_id, urn")
        {
            conflicts[try row.decode("supporter_id"), default: []].append(
                Supporter.DeclaredConflict(urn: try row.decode("urn"), reason: try row.decode("reason")))
        }
        return try rows.map { row in
            let id: Int64 = try row.decode("id")
            let showConflicts = user.map { SupporterAccess.maySeeConflicts($0, supporterID: id) } ?? true
            let kind: String = try row.decode("kind"), status: String = try row.decode("status")
            guard let supporterKind = SupporterKind(rawValue: kind), let supporterStatus = SupporterStatus(rawValue: status) else {
                throw PostgresDecodingError(column: "kind", type: "Supporter", reason: "unknown kind or status")
            }
            return Supporter(
                id: id, reference: try row.decode("reference"), name: try row.decode("name"), kind: supporterKind,
                homeURN: try row.decode("home_urn"), laCode: try row.decode("la_code"),
                designations: try row.decode("designations", as: [String].self).compactMap(SupporterDesignation.init(rawValue:)),
                phases: try row.decode("phases"), capacity: try row.decode("capacity"), engagements: try row.decode("engagements"),
                availableFrom: try row.decode("available_from"), availableTo: try row.decode("available_to"),
                status: supporterStatus, specialisms: specialisms[id] ?? [],
                conflicts: showConflicts ? conflicts[id] ?? [] : nil,
                version: try row.decode("version"), createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
        }
    }
}
