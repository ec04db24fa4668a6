import Matching
import Postgres

extension SupporterStore {
    /// What proposing supporters from the analysis did.
    public struct ProposalOutcome: Codable, Sendable, Equatable {
        /// The supporters proposed now.
        public var proposed: [Supporter]
        /// Schools placed in `secure_plus` that already are supporters, left as they are.
        public var alreadyRegistered: Int
    }

    /// Proposes as supporters (status `proposed`, capacity 1, for an adviser to confirm) the
    /// schools whose effective level for `year` is `secure_plus`, with the strengths the year's
    /// latest analysis run evidenced as their specialisms. Idempotent: a school that already is a
    /// school supporter is left alone. An adviser proposes its LA's schools; an admin all.
    /// - Throws: ``AccessDenied`` for other roles; ``ValidationFailed`` for a year out of range.
    public static func proposeFromAnalysis(year: Int, by user: User, in pool: PostgresPool) async throws -> ProposalOutcome {
        guard (2000...2100).contains(year) else {
            throw ValidationFailed([FieldError("year", "must be the year the academic year ends, 2000 to 2100")])
        }
        let laCode: Int?
        switch user.role {
        case .admin: laCode = nil
        case .adviser: laCode = user.laCode
        case .headteacher, .supporter, .group: throw AccessDenied("only admins and advisers propose supporters")
        }
        return try await pool.withTransaction { connection in
            // Two proposals at once would both see a school as unregistered: one at a time.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('supporter proposals'))")
            let candidates = try await connection.query(
                """
                SELECT s.urn, s.phase, s.statutory_low_age, s.statutory_high_age,
                       EXISTS (SELECT 1 FROM supporters sup WHERE sup.home_urn = s.urn AND sup.kind = 'school') AS registered
                FROM school_levels_in(\(year)::int) l JOIN schools s ON s.urn = l.urn
                WHERE l.effective_level = 'secure_plus' AND (\(laCode)::int IS NULL OR s.la_code = \(laCode))
                ORDER BY s.urn
                """)
            var urns: [Int] = [], phases: [String] = [], alreadyRegistered = 0
            for row in candidates {
                if try row.decode("registered", as: Bool.self) {
                    alreadyRegistered += 1
                    continue
                }
                urns.append(try row.decode("urn"))
                phases.append(SchoolProfile.phase(
                    gias: try row.decode("phase"), lowAge: try row.decode("statutory_low_age"),
                    highAge: try row.decode("statutory_high_age")).rawValue)
            }
            let created = try await connection.query(
                """
                WITH created AS (
                    INSERT INTO supporters (name, kind, home_urn, phases, capacity, status)
                    SELECT s.name, 'school', c.urn, ARRAY[c.phase], 1, 'proposed'
                    FROM unnest(\(urns)::int[], \(phases)::text[]) AS c (urn, phase) JOIN schools s ON s.urn = c.urn
                    RETURNING id, home_urn
                ), specialisms AS (
                    INSERT INTO supporter_specialisms (supporter_id, area_code, strength, evidence)
                    SELECT c.id, a.area_code, a.strength,
                           'Analysis run ' || a.run_id || ': ' ||
                           coalesce((SELECT string_agg(f ->> 'text', ' ')
                                     FROM jsonb_array_elements(analysis_findings(a.run_id, a.urn, 'strengths', a.position)) AS f), '')
                    FROM created c JOIN analysis_strengths a ON a.urn = c.home_urn
                    WHERE a.run_id = (SELECT max(id) FROM analysis_runs WHERE academic_year = \(year))
                ), audit AS (
                    INSERT INTO audit_log (actor_id, action, entity, entity_id, after)
                    SELECT \(user.id), 'propose', 'supporter', c.id::text,
                           jsonb_build_object('homeUrn', c.home_urn, 'academicYear', \(year), 'status', 'proposed')
                    FROM created c
                )
                SELECT id FROM created ORDER BY id
                """)
            let ids = try created.map { try $0.decode("id", as: Int64.self) }
            let rows = try await connection.query(PostgresQuery(
                sql: "\(selectSupporters) WHERE sup.id = ANY ($1) ORDER BY sup.id", binds: [ids.postgresBind]))
            return ProposalOutcome(
                proposed: try await decode(rows, for: user, on: connection), alreadyRegistered: alreadyRegistered)
        }
    }
}
