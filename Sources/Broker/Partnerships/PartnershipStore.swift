import Postgres

/// Partnerships: proposing one (from a match run's proposal or by an adviser), listing and reading
/// them within a user's scope. Moves and term changes are in `PartnershipStore+Workflow.swift`.
/// Every write is audited in the transaction that makes it.
public enum PartnershipStore {
    /// Proposes a partnership (status `proposed`) of `partnership.supporterID` for needs of one
    /// school, on behalf of `user` (an admin, or an adviser of the school's LA).
    /// The needs are locked while checked, so two proposals cannot take the same need.
    /// - Throws: ``ValidationFailed`` (bad fields, unknown or mixed needs, unknown supporter, a
    ///   match run that did not propose this), ``AccessDenied``, ``Conflict`` (a need not open or
    ///   already in a live partnership, a declared conflict of interest, the supporter's own school).
    public static func create(_ partnership: NewPartnership, by user: User, on connection: PostgresConnection)
        async throws -> Partnership
    {
        var errors = partnership.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        let needs = try await connection.query(
            """
            SELECT n.id, n.urn, n.academic_year, n.status::text AS status, s.la_code,
                   EXISTS (SELECT 1 FROM partnership_needs pn JOIN partnerships p ON p.id = pn.partnership_id
                           WHERE pn.need_id = n.id AND p.status IN ('proposed', 'offered', 'accepted', 'active')) AS taken
            FROM needs n JOIN schools s ON s.urn = n.urn
            WHERE n.id = ANY (\(partnership.needIDs)) ORDER BY n.id FOR UPDATE OF n
            """)
        let supporter = try await connection.query(
            "SELECT status::text AS status, home_urn FROM supporters WHERE id = \(partnership.supporterID)").first
        if supporter == nil { errors.append(FieldError("supporterId", "no supporter has this id")) }
        if needs.count != partnership.needIDs.count { errors.append(FieldError("needIds", "lists a need that does not exist")) }
        let schools = Set(try needs.map { try $0.decode("urn", as: Int.self) })
        let years = Set(try needs.map { try $0.decode("academic_year", as: Int.self) })
        if schools.count > 1 || years.count > 1 {
            errors.append(FieldError("needIds", "must all be needs of one school in one academic year"))
        }
        guard errors.isEmpty, let supporter, let urn = schools.first, let year = years.first else {
            throw ValidationFailed(errors)
        }
        let laCode: Int = try needs[0].decode("la_code")
        let access = PartnershipAccess(supporterID: partnership.supporterID, urn: urn, laCode: laCode, status: .proposed)
        guard access.mayManage(user) else { throw AccessDenied("this user may not propose partnerships for school \(urn)") }
        for need in needs {
            let id: Int64 = try need.decode("id")
            if try need.decode("status", as: String.self) != "open" { throw Conflict("need \(id) is not open") }
            if try need.decode("taken", as: Bool.self) { throw Conflict("need \(id) is already in a live partnership") }
        }
        if try supporter.decode("status", as: String.self) == SupporterStatus.inactive.rawValue {
            throw Conflict("supporter \(partnership.supporterID) is inactive")
        }
        if try supporter.decode("home_urn", as: Int?.self) == urn { throw Conflict("a supporter cannot support its own school") }
        let declared = try await connection.query(
            "SELECT 1 FROM supporter_conflicts WHERE supporter_id = \(partnership.supporterID) AND urn = \(urn)")
        if !declared.isEmpty { throw Conflict("supporter \(partnership.supporterID) has declared a conflict of interest with school \(urn)") }
        if let run = partnership.matchRunID {
            let proposed: Int = try await connection.query(
                """
                SELECT count(*)::int AS n FROM match_proposals
                WHERE run_id = \(run) AND supporter_id = \(partnership.supporterID) AND need_id = ANY (\(partnership.needIDs))
                """)[0].decode("n")
            if proposed != partnership.needIDs.count {
                throw ValidationFailed([FieldError("matchRunId", "that run did not propose this supporter for every need")])
            }
        }
        let terms = partnership.agreement
        let id: Int64 = try await connection.query(
            """
            INSERT INTO partnerships (supporter_id, academic_year, urn, match_run_id, objectives, days_committed,
                                      review_dates, created_by)
            VALUES (\(partnership.supporterID), \(year), \(urn), \(partnership.matchRunID), \(terms.objectives ?? []),
                    \(terms.daysCommitted), \(terms.reviewDates ?? [])::date[], \(user.id))
            RETURNING id
            """)[0].decode("id")
        try await connection.query(
            """
            INSERT INTO partnership_needs (partnership_id, need_id) SELECT \(id), unnest(\(partnership.needIDs)::bigint[])
            """)
        try await connection.query(
            "INSERT INTO partnership_transitions (partnership_id, to_status, actor_id) VALUES (\(id), 'proposed', \(user.id))")
        let created = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "partnership", entityID: "\(id)", after: created), on: connection)
        return created
    }

    /// The partnership with this id, if `user` may see it.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func read(_ id: Int64, for user: User, in pool: PostgresPool) async throws -> Partnership {
        try await pool.withConnection { connection in
            let partnership = try await read(id, on: connection)
            guard try await loadAccess(to: id, on: connection).maySee(user) else {
                throw AccessDenied("this user may not see partnership \(id)")
            }
            return partnership
        }
    }

    /// One page of partnerships matching `filter` (scope it first), newest first by id.
    public static func list(_ filter: PartnershipFilter, limit: Int, after cursor: Int64? = nil, in pool: PostgresPool)
        async throws -> Page<Partnership>
    {
        var conditions = SQLConditions()
        if let status = filter.status { conditions.require("p.status::text = \(conditions.parameter(status.rawValue))") }
        if let supporter = filter.supporterID { conditions.require("p.supporter_id = \(conditions.parameter(supporter))") }
        if let urn = filter.urn { conditions.require("p.urn = \(conditions.parameter(urn))") }
        if let year = filter.academicYear { conditions.require("p.academic_year = \(conditions.parameter(year))") }
        if let laCode = filter.laCode {
            conditions.require("p.urn IN (SELECT urn FROM schools WHERE la_code = \(conditions.parameter(laCode)))")
        }
        if filter.offersOnly { conditions.require("p.status <> 'proposed'") }
        if let cursor { conditions.require("p.id < \(conditions.parameter(cursor))") }
        let sql = "\(selectPartnerships) \(conditions.whereClause) ORDER BY p.id DESC LIMIT \(conditions.parameter(limit + 1))"
        let (partnerships, more) = try await pool.withConnection { connection in
            let rows = try await connection.query(conditions.query(sql))
            return (try await decode(rows.prefix(limit), on: connection), rows.count > limit)
        }
        let next = more ? partnerships.last.map { PageCursor($0.id).token } : nil
        return Page(items: partnerships, nextCursor: next)
    }

    /// Reads a partnership whole, transitions included.
    static func read(_ id: Int64, on connection: PostgresConnection) async throws -> Partnership {
        let rows = try await connection.query(PostgresQuery(sql: "\(selectPartnerships) WHERE p.id = $1", binds: [id.postgresBind]))
        guard let partnership = try await decode(rows.prefix(1), on: connection).first else {
            throw NotFound(entity: "partnership", id: "\(id)")
        }
        return partnership
    }

    /// What decides who may see and move a partnership.
    static func loadAccess(to id: Int64, on connection: PostgresConnection, locking: Bool = false) async throws -> PartnershipAccess {
        let rows = try await connection.query(PostgresQuery(
            sql: """
                SELECT p.supporter_id, p.urn, s.la_code, p.status::text AS status
                FROM partnerships p JOIN schools s ON s.urn = p.urn WHERE p.id = $1 \(locking ? "FOR UPDATE OF p" : "")
                """,
            binds: [id.postgresBind]))
        guard let row = rows.first else { throw NotFound(entity: "partnership", id: "\(id)") }
        return PartnershipAccess(
            supporterID: try row.decode("supporter_id"), urn: try row.decode("urn"), laCode: try row.decode("la_code"),
            status: try status(row.decode("status")))
    }

    static func status(_ text: String) throws -> PartnershipStatus {
        guard let status = PartnershipStatus(rawValue: text) else {
            throw PostgresDecodingError(column: "status", type: "PartnershipStatus", reason: "unknown status '\(text)'")
        }
        return status
    }

    private static let selectPartnerships = """
        SELECT p.id, p.supporter_id, sup.name AS supporter_name, p.urn, p.academic_year, p.status::text AS status,
               ARRAY(SELECT need_id FROM partnership_needs WHERE partnership_id = p.id ORDER BY need_id) AS need_ids,
               p.match_run_id, p.objectives, p.days_committed::float8 AS days_committed,
               ARRAY(SELECT d::text FROM unnest(p.review_dates) AS d ORDER BY d) AS review_dates,
               p.impact_note, p.version, p.created_at, p.updated_at,
               p.status = 'completed' AND NOT EXISTS (SELECT 1 FROM practice_records r WHERE r.partnership_id = p.id)
                   AS practice_invited
        FROM partnerships p JOIN supporters sup ON sup.id = p.supporter_id
        """

    /// Decodes partnership rows and loads their transitions in one more query.
    private static func decode(_ rows: some Collection<PostgresRow>, on connection: PostgresConnection) async throws -> [Partnership] {
        let ids = try rows.map { try $0.decode("id", as: Int64.self) }
        guard !ids.isEmpty else { return [] }
        var transitions: [Int64: [Partnership.Transition]] = [:]
        for row in try await connection.query(
            """
            SELECT partnership_id, from_status::text AS from_status, to_status::text AS to_status, actor_id, reason, at
            FROM partnership_transitions WHERE partnership_id = ANY (\(ids)) ORDER BY id
            """)
        {
            transitions[try row.decode("partnership_id"), default: []].append(Partnership.Transition(
                from: try row.decode("from_status", as: String?.self).map(status), to: try status(row.decode("to_status")),
                actorID: try row.decode("actor_id"), reason: try row.decode("reason"), at: try row.decode("at")))
        }
        return try rows.map { row in
            let id: Int64 = try row.decode("id")
            return Partnership(
                id: id, supporterID: try row.decode("supporter_id"), supporterName: try row.decode("supporter_name"),
                urn: try row.decode("urn"), academicYear: try row.decode("academic_year"), status: try status(row.decode("status")),
                needIDs: try row.decode("need_ids"), matchRunID: try row.decode("match_run_id"),
                objectives: try row.decode("objectives"), daysCommitted: try row.decode("days_committed"),
                reviewDates: try row.decode("review_dates"), impactNote: try row.decode("impact_note"),
                practiceInvited: try row.decode("practice_invited"),
                version: try row.decode("version"), createdAt: try row.decode("created_at"),
                updatedAt: try row.decode("updated_at"), transitions: transitions[id] ?? [])
        }
    }
}
