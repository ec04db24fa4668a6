import Analysis
import Broker
import Foundation
import OpenAPIRuntime
import Postgres

/// Analysis runs and schools' levels: list and start runs, list levels, a school's level
/// history, and an adviser's agreement or override.
extension BrokerAPI {
    func listAnalysisRuns(_ input: Operations.ListAnalysisRuns.Input) async throws -> Operations.ListAnalysisRuns.Output {
        try Self.requireRunner(try RequestUser.required())
        let runs = try await AnalysisRunStore(pool: pool).runs(academicYear: input.query.year)
        return .ok(.init(body: .json(.init(items: runs.map(APIValues.analysisRun)))))
    }

    func createAnalysisRun(_ input: Operations.CreateAnalysisRun.Input) async throws -> Operations.CreateAnalysisRun.Output {
        let user = try RequestUser.required()
        try Self.requireRunner(user)
        let body = switch input.body { case .json(let body): body }
        let year = try DomainErrors.academicYear(body.academicYear, field: "academicYear")
        let respond: @Sendable (AnalysisRunSummary) -> Components.Schemas.AnalysisRunResult = { APIValues.analysisRun($0) }
        let result = try await keyedRun(
            input.headers.idempotencyKey, user: user, request: "POST /analysis-runs", body, respond: respond
        ) { beforeCommit in
            let start = ContinuousClock.now
            let summary = try await DomainErrors.translating {
                try await AnalysisRunner(pool: pool).run(
                    academicYear: year, dryRun: body.dryRun ?? false, beforeCommit: beforeCommit)
            }
            metrics.recordRun(.analysis, duration: ContinuousClock.now - start)
            return summary
        }
        return .created(.init(body: .json(result)))
    }

    func getAnalysisRun(_ input: Operations.GetAnalysisRun.Input) async throws -> Operations.GetAnalysisRun.Output {
        try Self.requireRunner(try RequestUser.required())
        guard let run = try await AnalysisRunStore(pool: pool).run(id: input.path.id) else {
            throw NotFound(entity: "analysis run", id: "\(input.path.id)")
        }
        return .ok(.init(body: .json(APIValues.analysisRun(run))))
    }

    func listLevels(_ input: Operations.ListLevels.Input) async throws -> Operations.ListLevels.Output {
        let user = try RequestUser.required()
        let query = input.query
        let filter = SchoolLevelList.Filter(
            academicYear: try DomainErrors.academicYear(query.year, field: "year"),
            scope: try PrivateDataScope(user, laCode: query.la, urn: nil, subject: "levels"), district: query.district,
            level: query.level.flatMap { SupportLevel(rawValue: $0.rawValue) },
            decision: query.status.flatMap { SchoolLevelStatus.Decision(rawValue: $0.rawValue) },
            disagreement: query.disagreement)
        let cursor = try query.cursor.map { try PageCursor<Int>(token: $0).position }
        let page = try await SchoolLevelList.list(filter, limit: try PageSize.validated(query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(
            items: page.items.map { APIValues.schoolLevel($0.status, listing: $0) }, nextCursor: page.nextCursor))))
    }

    func getSchoolLevels(_ input: Operations.GetSchoolLevels.Input) async throws -> Operations.GetSchoolLevels.Output {
        let user = try RequestUser.required()
        let urn = input.path.urn
        guard user.maySeePrivateData(ofSchool: urn, laCode: try await SchoolStore.laCode(of: urn, in: pool)) else {
            throw AccessDenied("this user may not see the levels of school \(urn)")
        }
        let history = try await LevelDecisionStore(pool: pool).history(urn: urn, academicYear: input.query.year)
        return .ok(.init(body: .json(.init(urn: urn, items: history.map(APIValues.levelHistory)))))
    }

    func agreeLevel(_ input: Operations.AgreeLevel.Input) async throws -> Operations.AgreeLevel.Output {
        let status = try await decideLevel(urn: input.path.urn, year: input.path.year) { store, user, year in
            try await store.agree(urn: input.path.urn, academicYear: year, by: user.name, auditedAs: user)
        }
        return .ok(.init(body: .json(status)))
    }

    func overrideLevel(_ input: Operations.OverrideLevel.Input) async throws -> Operations.OverrideLevel.Output {
        let body = switch input.body { case .json(let body): body }
        var errors: [FieldError] = []
        if body.reason.allSatisfy(\.isWhitespace) { errors.append(FieldError("reason", "must not be empty")) }
        if body.reason.count > 4000 { errors.append(FieldError("reason", "must be at most 4000 characters")) }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        let level = SupportLevel(rawValue: body.level.rawValue)!
        let status = try await decideLevel(urn: input.path.urn, year: input.path.year) { store, user, year in
            try await store.override(
                urn: input.path.urn, academicYear: year, level: level, reason: body.reason, by: user.name, auditedAs: user)
        }
        return .ok(.init(body: .json(status)))
    }

    /// Checks that the caller may decide the school's level (an adviser in its LA, or an admin),
    /// then makes the decision.
    private func decideLevel(
        urn: Int, year: Int, _ decide: (LevelDecisionStore, User, Int) async throws -> SchoolLevelStatus
    ) async throws -> Components.Schemas.SchoolLevel {
        let user = try RequestUser.required()
        let year = try DomainErrors.academicYear(year, field: "year")
        guard user.mayManageSupport(ofSchoolInLA: try await SchoolStore.laCode(of: urn, in: pool)) else {
            throw AccessDenied("only an adviser of the school's LA, or an admin, decides its level")
        }
        let status = try await DomainErrors.translating { try await decide(LevelDecisionStore(pool: pool), user, year) }
        return APIValues.schoolLevel(status)
    }

    /// Runs (analysis and matching) are started and read by admins and advisers.
    static func requireRunner(_ user: User) throws {
        guard user.mayRunAnalysisAndMatching else {
            throw AccessDenied("the \(user.role.rawValue) role does not run or read analysis and match runs")
        }
    }

    /// Runs a run (analysis or match) once per Idempotency-Key `key` (when given): a retry with
    /// the same key and body gets the first answer; the same key with another body is a 409.
    /// `run` gets the hook its runner calls inside its own transaction just before committing
    /// (`nil` without a key), which records the key's answer (`respond` to the outcome), so the
    /// run and its answer commit together.
    func keyedRun<Body: Encodable, Outcome: Sendable, Response: Codable & Sendable>(
        _ key: String?, user: User, request: String, _ body: Body,
        respond: @escaping @Sendable (Outcome) -> Response,
        _ run: ((@Sendable (PostgresConnection, Outcome) async throws -> Void)?) async throws -> Outcome
    ) async throws -> Response {
        guard let key else { return respond(try await run(nil)) }
        let fingerprint = try Self.requestFingerprint(request, body)
        return Self.answer(
            try await IdempotencyStore.performRun(key: key, user: user, fingerprint: fingerprint, status: 201, in: pool) {
                record in
                respond(try await run { connection, outcome in try await record(connection, respond(outcome)) })
            })
    }
}
