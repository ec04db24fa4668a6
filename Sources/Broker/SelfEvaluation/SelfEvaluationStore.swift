import Analysis
import Postgres

/// Self-evaluations: a head teacher submits its school's for a year (a resubmission supersedes
/// the current one, kept as history), self-referring for support in named areas; advisers read
/// them beside the analysis; the analysis reads every school's latest.
public enum SelfEvaluationStore {
    /// Submits `evaluation` on behalf of `user` (the school's head teacher), in one transaction:
    /// the submission, its judgements, the self-referral needs (created, reopened or updated;
    /// those no longer referred withdrawn while still open), and the audit rows.
    /// - Parameter severities: the need severity of a self-referral by the area's own judgement
    ///   (the analysis rules' "needs attention" severity when not judged worse).
    /// - Throws: ``ValidationFailed`` (bad fields, unknown areas), ``AccessDenied`` (not the
    ///   school's head teacher).
    public static func submit(
        _ evaluation: NewSelfEvaluation, by user: User, severities: SelfEvaluationRules = AnalysisRules.default.selfEvaluation,
        in pool: PostgresPool
    ) async throws -> SchoolSelfEvaluation {
        guard user.role == .headteacher, user.urn == evaluation.urn else {
            throw AccessDenied("only the school's head teacher submits its self-evaluation")
        }
        var errors = evaluation.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withTransaction { connection in
            let codes = evaluation.judgements.map(\.areaCode) + evaluation.selfReferralAreas
            let unknown: [String] = try await connection.query(
                "SELECT ARRAY(SELECT DISTINCT unnest(\(codes)::text[]) EXCEPT SELECT code FROM areas ORDER BY 1) AS unknown"
            )[0].decode("unknown")
            for code in unknown {
                let field = evaluation.selfReferralAreas.contains(code) ? "selfReferralAreas" : "judgements"
                errors.append(FieldError(field, "'\(code)' is not an area for improvement"))
            }
            guard errors.isEmpty else { throw ValidationFailed(errors) }
            let before = try await current(urn: evaluation.urn, academicYear: evaluation.academicYear, on: connection, locking: true)
            if let before {
                try await connection.query("UPDATE self_evaluations SET superseded_at = now() WHERE id = \(before.id)")
            }
            let id: Int64 = try await connection.query(
                """
                INSERT INTO self_evaluations (urn, academic_year, version, overall_narrative, self_referral_areas, submitted_by)
                VALUES (\(evaluation.urn), \(evaluation.academicYear), \((before?.version ?? 0) + 1), \(evaluation.overallNarrative),
                        \(evaluation.selfReferralAreas), \(user.id))
                RETURNING id
                """)[0].decode("id")
            let judgements = evaluation.judgements
            try await connection.query(
                """
                INSERT INTO self_evaluation_judgements (self_evaluation_id, area_code, grade, narrative)
                SELECT \(id), area_code, grade, narrative
                FROM unnest(\(judgements.map(\.areaCode))::text[], \(judgements.map(\.grade.rawValue))::text[],
                            \(judgements.map(\.narrative))::text[]) AS j (area_code, grade, narrative)
                """)
            try await referSelf(
                evaluation, previouslyReferred: before?.selfReferralAreas ?? [], severities: severities, by: user,
                on: connection)
            guard let after = try await current(urn: evaluation.urn, academicYear: evaluation.academicYear, on: connection) else {
                throw NotFound(entity: "self-evaluation", id: "\(id)")
            }
            try await AuditLog.record(
                AuditEntry(actor: user, action: before == nil ? "submit" : "resubmit", entity: "self_evaluation",
                           entityID: "\(id)", before: before, after: after),
                on: connection)
            return after
        }
    }

    /// Creates or updates a `self_referral` need per referred area (a withdrawn one reopens) and
    /// withdraws the open ones the previous submission referred and this one does not, each
    /// audited. Self-referrals raised on their own (`POST /needs`) are left alone.
    private static func referSelf(
        _ evaluation: NewSelfEvaluation, previouslyReferred: [String], severities: SelfEvaluationRules, by user: User,
        on connection: PostgresConnection
    ) async throws {
        let grades = Dictionary(evaluation.judgements.map { ($0.areaCode, $0) }, uniquingKeysWith: { a, _ in a })
        let areas = evaluation.selfReferralAreas
        let severity = areas.map { grades[$0]?.grade == .urgentImprovement ? severities.urgentImprovementSeverity : severities.needsAttentionSeverity }
        let rationale = areas.map { area in
            let narrative = grades[area]?.narrative ?? ""
            return narrative.isEmpty ? "Self-referral in the \(evaluation.academicYear - 1) to \(evaluation.academicYear) self-evaluation" : narrative
        }
        let referred = try await connection.query(
            """
            INSERT INTO needs (urn, area_code, academic_year, severity, source, rationale)
            SELECT \(evaluation.urn), area_code, \(evaluation.academicYear), severity, 'self_referral', rationale
            FROM unnest(\(areas)::text[], \(severity)::integer[], \(rationale)::text[]) AS r (area_code, severity, rationale)
            ON CONFLICT (urn, area_code, academic_year, source) DO UPDATE
                SET severity = EXCLUDED.severity, rationale = EXCLUDED.rationale, updated_at = now(),
                    status = CASE WHEN needs.status = 'withdrawn' THEN 'open'::need_status ELSE needs.status END
            RETURNING id
            """)
        let withdrawn = try await connection.query(
            """
            UPDATE needs SET status = 'withdrawn', updated_at = now()
            WHERE urn = \(evaluation.urn) AND academic_year = \(evaluation.academicYear) AND source = 'self_referral'
              AND status = 'open' AND area_code = ANY (\(previouslyReferred)::text[]) AND area_code <> ALL (\(areas)::text[])
            RETURNING id
            """)
        for (action, rows) in [("self-refer", referred), ("withdraw", withdrawn)] {
            let ids = try rows.map { try $0.decode("id", as: Int64.self) }
            guard !ids.isEmpty else { continue }
            let needs = try await connection.query(PostgresQuery(
                sql: "SELECT \(NeedStore.needColumns) FROM needs n WHERE n.id = ANY ($1) ORDER BY n.id", binds: [ids.postgresBind]))
            for need in try needs.map(NeedStore.decodeNeed) {
                try await AuditLog.record(
                    AuditEntry(actor: user, action: action, entity: "need", entityID: "\(need.id)", after: need), on: connection)
            }
        }
    }

    /// The school's self-evaluation for the year beside the analysis, if `user` may see it (an
    /// admin, the school's LA's adviser, the school's head teacher).
    /// - Throws: ``NotFound`` (no such school, or nothing submitted for the year), ``AccessDenied``.
    public static func comparison(urn: Int, academicYear: Int, for user: User, in pool: PostgresPool)
        async throws -> SelfEvaluationComparison
    {
        try await pool.withConnection { connection in
            guard let school = try await connection.query("SELECT la_code FROM schools WHERE urn = \(urn)").first else {
                throw NotFound(entity: "school", id: "\(urn)")
            }
            guard user.maySeePrivateData(ofSchool: urn, laCode: try school.decode("la_code")) else {
                throw AccessDenied("this user may not see school \(urn)'s self-evaluation")
            }
            guard let evaluation = try await current(urn: urn, academicYear: academicYear, on: connection) else {
                throw NotFound(entity: "self-evaluation", id: "\(urn)/\(academicYear)")
            }
            let history = try await connection.query(
                """
                SELECT version, submitted_by, submitted_at FROM self_evaluations
                WHERE urn = \(urn) AND academic_year = \(academicYear) AND superseded_at IS NOT NULL ORDER BY version DESC
                """
            ).map { row in
                SelfEvaluationComparison.Revision(
                    version: try row.decode("version"), submittedBy: try row.decode("submitted_by"),
                    submittedAt: try row.decode("submitted_at"))
            }
            let (runID, improvements, strengths) = try await analysisView(urn: urn, academicYear: academicYear, on: connection)
            return SelfEvaluationComparison(
                selfEvaluation: evaluation, history: history, analysisRunID: runID,
                areas: SelfEvaluationComparison.areas(
                    judgements: evaluation.judgements, improvements: improvements, strengths: strengths))
        }
    }

    /// The areas for improvement and strengths the year's latest analysis of the school found in
    /// the data, leaving out what it took from the self-evaluation itself (else a claim would
    /// confirm itself).
    private static func analysisView(urn: Int, academicYear: Int, on connection: PostgresConnection)
        async throws -> (Int64?, [String: Int], [String: Double])
    {
        let rows = try await connection.query(
            """
            WITH run AS (
                SELECT max(r.id) AS id FROM analysis_runs r JOIN analysis_results ar ON ar.run_id = r.id
                WHERE r.academic_year = \(academicYear) AND ar.urn = \(urn)
            ), found AS (
                SELECT true AS improvement, area_code, severity::float8 AS value,
                       analysis_findings(run_id, urn, 'areas', position) AS findings
                FROM analysis_areas WHERE run_id = (SELECT id FROM run) AND urn = \(urn)
                UNION ALL
                SELECT false, area_code, strength, analysis_findings(run_id, urn, 'strengths', position)
                FROM analysis_strengths WHERE run_id = (SELECT id FROM run) AND urn = \(urn)
            )
            SELECT (SELECT id FROM run) AS run_id, improvement, area_code, value FROM run LEFT JOIN found ON true
            WHERE found.area_code IS NULL OR EXISTS (
                SELECT 1 FROM jsonb_array_elements(found.findings) f WHERE f ->> 'ruleID' NOT LIKE 'self-evaluation.%')
            """)
        var improvements: [String: Int] = [:]
        var strengths: [String: Double] = [:]
        for row in rows {
            guard let area = try row.decode("area_code", as: String?.self), let value = try row.decode("value", as: Double?.self) else {
                continue
            }
            if try row.decode("improvement", as: Bool.self) { improvements[area] = Int(value) } else { strengths[area] = value }
        }
        return (try rows.first?.decode("run_id", as: Int64?.self), improvements, strengths)
    }

    /// The year's current submission of the school, if any.
    static func current(urn: Int, academicYear: Int, on connection: PostgresConnection, locking: Bool = false)
        async throws -> SchoolSelfEvaluation?
    {
        let rows = try await connection.query(PostgresQuery(
            sql: """
                SELECT id, version, overall_narrative, self_referral_areas, submitted_by, submitted_at FROM self_evaluations
                WHERE urn = $1 AND academic_year = $2 AND superseded_at IS NULL \(locking ? "FOR UPDATE" : "")
                """,
            binds: [urn.postgresBind, academicYear.postgresBind]))
        guard let row = rows.first else { return nil }
        let id: Int64 = try row.decode("id")
        let judgements = try await connection.query(
            "SELECT area_code, grade, narrative FROM self_evaluation_judgements WHERE self_evaluation_id = \(id) ORDER BY area_code"
        ).map { row in
            SchoolSelfEvaluation.Judgement(
                areaCode: try row.decode("area_code"), grade: try grade(row.decode("grade")), narrative: try row.decode("narrative"))
        }
        return SchoolSelfEvaluation(
            id: id, urn: urn, academicYear: academicYear, version: try row.decode("version"), judgements: judgements,
            overallNarrative: try row.decode("overall_narrative"), selfReferralAreas: try row.decode("self_referral_areas"),
            submittedBy: try row.decode("submitted_by"), submittedAt: try row.decode("submitted_at"))
    }

    /// Every school's latest current self-evaluation written in `academicYear` or before, as the
    /// analysis reads it, in one query; `urn` restricts it to one school.
    public static func latestForAnalysis(upTo academicYear: Int, urn: Int? = nil, on connection: PostgresConnection)
        async throws -> [Int: SelfEvaluation]
    {
        let rows = try await connection.query(
            """
            SELECT e.urn, e.academic_year, j.area_code, j.grade
            FROM (SELECT DISTINCT ON (urn) id, urn, academic_year FROM self_evaluations
                  WHERE superseded_at IS NULL AND academic_year <= \(academicYear)::integer
                    AND (\(urn)::integer IS NULL OR urn = \(urn)::integer)
                  ORDER BY urn, academic_year DESC) e
            JOIN self_evaluation_judgements j ON j.self_evaluation_id = e.id
            """)
        var evaluations: [Int: SelfEvaluation] = [:]
        for row in rows {
            let urn = try row.decode(0, as: Int.self)
            let year = try row.decode(1, as: Int.self)
            evaluations[urn, default: SelfEvaluation(academicYear: year, judgements: [:])]
                .judgements[AreaCode(rawValue: try row.decode(2, as: String.self))] = try grade(row.decode(3, as: String.self))
        }
        return evaluations
    }

    private static func grade(_ text: String) throws -> ReportCardGrade {
        guard let grade = ReportCardGrade(rawValue: text) else {
            throw PostgresDecodingError(column: "grade", type: "ReportCardGrade", reason: "unknown grade '\(text)'")
        }
        return grade
    }
}
