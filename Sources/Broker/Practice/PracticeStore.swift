import Postgres

/// Effective-practice records: creating, reading, editing and publishing them within a user's
/// scope (``PracticeAccess``). Search and invitations are in their own files. Every write is
/// audited in the transaction that makes it.
public enum PracticeStore {
    /// Creates a draft on behalf of `user`.
    /// - Throws: ``ValidationFailed`` (bad fields, unknown areas, school, supporter or partnership,
    ///   a partnership the contributor was not part of), ``AccessDenied``, ``Conflict`` (the
    ///   partnership is not completed).
    public static func create(_ record: NewPracticeRecord, by user: User, on connection: PostgresConnection)
        async throws -> PracticeRecord
    {
        var errors = record.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        errors += try await unknownAreas(record.content.areas, on: connection)
        let contributor = try await connection.query(
            """
            SELECT (SELECT la_code FROM schools WHERE urn = \(record.urn)::integer) AS school_la,
                   EXISTS (SELECT 1 FROM schools WHERE urn = \(record.urn)::integer) AS school_exists,
                   (SELECT s.la_code FROM supporters sup JOIN schools s ON s.urn = sup.home_urn
                    WHERE sup.id = \(record.supporterID)::bigint) AS supporter_la,
                   EXISTS (SELECT 1 FROM supporters WHERE id = \(record.supporterID)::bigint) AS supporter_exists
            """)[0]
        if record.urn != nil, try !contributor.decode("school_exists", as: Bool.self) {
            errors.append(FieldError("urn", "no school has this URN"))
        }
        if record.supporterID != nil, try !contributor.decode("supporter_exists", as: Bool.self) {
            errors.append(FieldError("supporterId", "no supporter has this id"))
        }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        let access = PracticeAccess(
            status: .draft, urn: record.urn, supporterID: record.supporterID,
            laCode: try contributor.decode("school_la", as: Int?.self) ?? contributor.decode("supporter_la", as: Int?.self),
            createdBy: user.id)
        guard access.mayCreate(user) else { throw AccessDenied("this user may not record practice for that contributor") }
        // Only after the access check: the partnership's school and status are private.
        if let partnershipID = record.partnershipID {
            let partnership = try await connection.query(
                "SELECT urn, supporter_id, status::text AS status FROM partnerships WHERE id = \(partnershipID)").first
            if let partnership {
                let partnershipURN: Int? = try partnership.decode("urn")
                let partnershipSupporter: Int64 = try partnership.decode("supporter_id")
                if record.urn != partnershipURN && record.supporterID != partnershipSupporter {
                    errors.append(FieldError("partnershipId", "the contributor has no partnership with this id"))
                } else if try partnership.decode("status", as: String.self) != PartnershipStatus.completed.rawValue {
                    throw Conflict("partnership \(partnershipID) is not completed: practice is recorded at completion")
                }
            } else {
                // Said as for another's partnership, so ids do not reveal which partnerships exist.
                errors.append(FieldError("partnershipId", "the contributor has no partnership with this id"))
            }
        }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        let content = record.content
        let id: Int64 = try await connection.query(
            """
            INSERT INTO practice_records (title, summary, body, areas, phase, urn, supporter_id, partnership_id,
                                          consent_date, review_date, subject_consent_date, created_by, updated_by)
            VALUES (\(content.title), \(content.summary), \(content.body), \(content.areas), \(content.phase),
                    \(record.urn), \(record.supporterID), \(record.partnershipID), \(content.consentDay)::date,
                    \(content.reviewDay)::date, \(content.subjectConsentDay)::date, \(user.id), \(user.id))
            RETURNING id
            """)[0].decode("id")
        try await writeImpact(content.impact, of: id, on: connection)
        let created = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "practice_record", entityID: "\(id)", after: created),
            on: connection)
        return created
    }

    /// The record with this id, if `user` may see it.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func read(_ id: Int64, for user: User, in pool: PostgresPool) async throws -> PracticeRecord {
        try await pool.withConnection { connection in
            guard try await loadAccess(to: id, on: connection).maySee(user) else {
                throw AccessDenied("this user may not see practice record \(id)")
            }
            return try await read(id, on: connection)
        }
    }

    /// Replaces the content of a record, if it is still at the version `ifMatch` names.
    /// - Throws: ``ValidationFailed``, ``NotFound``, ``AccessDenied``, ``PreconditionFailed``,
    ///   ``Conflict`` (an archived record is final).
    public static func update(
        _ id: Int64, _ content: PracticeContent, ifMatch: String, by user: User, in pool: PostgresPool
    ) async throws -> PracticeRecord {
        let errors = content.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let access = try await loadAccess(to: id, on: connection, locking: true)
            guard access.maySee(user) else { throw AccessDenied("this user may not see practice record \(id)") }
            guard access.mayEdit(user) else { throw AccessDenied("this user may not change practice record \(id)") }
            let before = try await read(id, on: connection)
            guard PreconditionFailed.matches(ifMatch, before.entityTag) else { throw PreconditionFailed(currentTag: before.entityTag) }
            guard access.status != .archived else { throw Conflict("practice record \(id) is archived: it is final") }
            let unknown = try await unknownAreas(content.areas, on: connection)
            guard unknown.isEmpty else { throw ValidationFailed(unknown) }
            if access.status == .published, content.consentDate == nil {
                throw ValidationFailed([FieldError("consentDate", "is required while the record is published")])
            }
            try await connection.query(
                """
                UPDATE practice_records SET title = \(content.title), summary = \(content.summary), body = \(content.body),
                    areas = \(content.areas), phase = \(content.phase), consent_date = \(content.consentDay)::date,
                    review_date = \(content.reviewDay)::date, subject_consent_date = \(content.subjectConsentDay)::date,
                    updated_by = \(user.id), updated_at = now(),
                    version = version + 1
                WHERE id = \(id)
                """)
            try await connection.query("DELETE FROM practice_impact_measures WHERE record_id = \(id)")
            try await writeImpact(content.impact, of: id, on: connection)
            return try await audited(id, "update", before: before, by: user, on: connection)
        }
    }

    /// Publishes or archives a record (an admin, or an adviser of the contributor's LA).
    /// - Throws: ``NotFound``, ``AccessDenied``, ``IllegalPracticeTransition``, ``ValidationFailed``
    ///   (publishing without a consent date).
    public static func transition(_ id: Int64, to target: PracticeStatus, by user: User, in pool: PostgresPool)
        async throws -> PracticeRecord
    {
        try await pool.withTransaction { connection in
            let access = try await loadAccess(to: id, on: connection, locking: true)
            guard access.maySee(user) else { throw AccessDenied("this user may not see practice record \(id)") }
            guard access.status.allowedNext.contains(target) else {
                throw IllegalPracticeTransition(recordID: id, from: access.status, to: target, allowed: access.allowedMoves(for: user))
            }
            guard access.mayManage(user) else {
                throw AccessDenied("only an admin or the contributor's adviser publishes and archives practice")
            }
            let before = try await read(id, on: connection)
            if target == .published, before.consentDate == nil {
                throw ValidationFailed([FieldError("consentDate", "is required to publish: record when the contributor agreed")])
            }
            try await connection.query(
                """
                UPDATE practice_records SET status = \(target.rawValue)::practice_status,
                    published_at = CASE WHEN \(target.rawValue) = 'published' THEN now() ELSE published_at END,
                    updated_by = \(user.id), updated_at = now(), version = version + 1
                WHERE id = \(id)
                """)
            return try await audited(id, target == .published ? "publish" : "archive", before: before, by: user, on: connection)
        }
    }

    /// Reads the record after a change and audits the change.
    private static func audited(
        _ id: Int64, _ action: String, before: PracticeRecord, by user: User, on connection: PostgresConnection
    ) async throws -> PracticeRecord {
        let after = try await read(id, on: connection)
        try await AuditLog.record(
            AuditEntry(actor: user, action: action, entity: "practice_record", entityID: "\(id)", before: before, after: after),
            on: connection)
        return after
    }

    /// A field error for each code that is not an area for improvement.
    private static func unknownAreas(_ areas: [String], on connection: PostgresConnection) async throws -> [FieldError] {
        let unknown: [String] = try await connection.query(
            "SELECT ARRAY(SELECT unnest(\(areas)::text[]) EXCEPT SELECT code FROM areas) AS unknown")[0].decode("unknown")
        return unknown.sorted().map { FieldError("areas", "'\($0)' is not an area for improvement") }
    }

    private static func writeImpact(
        _ impact: [PracticeContent.ImpactMeasureReference], of id: Int64, on connection: PostgresConnection
    ) async throws {
        guard !impact.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO practice_impact_measures (record_id, position, measure, before_year, after_year)
            SELECT \(id), ordinality - 1, measure, before_year, after_year
            FROM unnest(\(impact.map(\.measure))::text[], \(impact.map(\.beforeYear))::integer[],
                        \(impact.map(\.afterYear))::integer[]) WITH ORDINALITY AS m (measure, before_year, after_year)
            """)
    }

    /// What decides who may see and change a record.
    static func loadAccess(to id: Int64, on connection: PostgresConnection, locking: Bool = false) async throws -> PracticeAccess {
        let rows = try await connection.query(PostgresQuery(
            sql: """
                SELECT r.status::text AS status, r.urn, r.supporter_id, cs.la_code, r.created_by
                FROM practice_records r LEFT JOIN supporters sup ON sup.id = r.supporter_id
                LEFT JOIN schools cs ON cs.urn = coalesce(r.urn, sup.home_urn)
                WHERE r.id = $1 \(locking ? "FOR UPDATE OF r" : "")
                """,
            binds: [id.postgresBind]))
        guard let row = rows.first else { throw NotFound(entity: "practice record", id: "\(id)") }
        return PracticeAccess(
            status: try status(row.decode("status")), urn: try row.decode("urn"), supporterID: try row.decode("supporter_id"),
            laCode: try row.decode("la_code"), createdBy: try row.decode("created_by"))
    }

    /// Reads a record whole, its impact measures' values included.
    static func read(_ id: Int64, on connection: PostgresConnection) async throws -> PracticeRecord {
        let rows = try await connection.query(PostgresQuery(
            sql: """
                SELECT r.id, r.title, r.summary, r.body, r.areas, r.phase, r.urn, r.supporter_id,
                       coalesce(sup.name, cs.name) AS contributor_name, cs.district, r.partnership_id,
                       r.consent_date::text AS consent_date, r.review_date::text AS review_date,
                       r.subject_consent_date::text AS subject_consent_date, r.status::text AS status,
                       r.published_at, r.created_by, r.updated_by, r.created_at, r.updated_at, r.version
                FROM practice_records r LEFT JOIN supporters sup ON sup.id = r.supporter_id
                LEFT JOIN schools cs ON cs.urn = coalesce(r.urn, sup.home_urn)
                WHERE r.id = $1
                """,
            binds: [id.postgresBind]))
        guard let row = rows.first else { throw NotFound(entity: "practice record", id: "\(id)") }
        let body: String = try row.decode("body")
        let (impact, withheld) = try await impact(of: id, on: connection)
        return PracticeRecord(
            id: id, title: try row.decode("title"), summary: try row.decode("summary"), body: body,
            bodyHTML: PracticeMarkdown.html(body), areas: try row.decode("areas"), phase: try row.decode("phase"),
            urn: try row.decode("urn"), supporterID: try row.decode("supporter_id"),
            contributorName: try row.decode("contributor_name"), district: try row.decode("district"),
            partnershipID: try row.decode("partnership_id"), impact: impact,
            consentDate: try row.decode("consent_date"), reviewDate: try row.decode("review_date"),
            subjectConsentDate: try row.decode("subject_consent_date"), impactWithheld: withheld,
            status: try status(row.decode("status")), publishedAt: try row.decode("published_at"),
            createdBy: try row.decode("created_by"), updatedBy: try row.decode("updated_by"),
            createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"), version: try row.decode("version"))
    }

    /// The record's impact measures with the values of the school they are about: the
    /// partnership's supported school, else the contributing school (a supporter's home school).
    /// Values about a school other than the contributor are withheld until that school consents
    /// (`subject_consent_date`); the flag says whether they were.
    private static func impact(of id: Int64, on connection: PostgresConnection) async throws
        -> (measures: [PracticeRecord.ImpactMeasure], withheld: Bool)
    {
        let rows = try await connection.query(
            """
            WITH record AS (
                SELECT coalesce(p.urn, r.urn, sup.home_urn) AS subject, coalesce(r.urn, sup.home_urn) AS contributor,
                       r.subject_consent_date
                FROM practice_records r
                LEFT JOIN partnerships p ON p.id = r.partnership_id LEFT JOIN supporters sup ON sup.id = r.supporter_id
                WHERE r.id = \(id)
            ), subject AS (
                SELECT subject AS urn, subject IS DISTINCT FROM contributor AND subject_consent_date IS NULL AS withheld
                FROM record
            )
            SELECT m.measure, m.before_year, m.after_year, subject.withheld,
                   (SELECT sm.value::float8 FROM school_measures sm
                    WHERE NOT subject.withheld AND sm.urn = subject.urn AND sm.measure = m.measure
                      AND sm.academic_year = m.before_year
                    ORDER BY sm.dataset LIMIT 1) AS before,
                   (SELECT sm.value::float8 FROM school_measures sm
                    WHERE NOT subject.withheld AND sm.urn = subject.urn AND sm.measure = m.measure
                      AND sm.academic_year = m.after_year
                    ORDER BY sm.dataset LIMIT 1) AS after
            FROM practice_impact_measures m, subject WHERE m.record_id = \(id) ORDER BY m.position
            """)
        let measures = try rows.map { row in
            PracticeRecord.ImpactMeasure(
                measure: try row.decode("measure"), beforeYear: try row.decode("before_year"),
                afterYear: try row.decode("after_year"), before: try row.decode("before"), after: try row.decode("after"))
        }
        return (measures, try rows.first?.decode("withheld", as: Bool.self) ?? false)
    }

    static func status(_ text: String) throws -> PracticeStatus {
        guard let status = PracticeStatus(rawValue: text) else {
            throw PostgresDecodingError(column: "status", type: "PracticeStatus", reason: "unknown status '\(text)'")
        }
        return status
    }
}
