import Broker
import Postgres
import Foundation
import OpenAPIRuntime

/// Match runs: start one, list and read them, their proposals with explanations, and capacity prices.
extension BrokerAPI {
    func createMatchRun(_ input: Operations.CreateMatchRun.Input) async throws -> Operations.CreateMatchRun.Output {
        let user = try RequestUser.required()
        try Self.requireRunner(user)
        let body = switch input.body { case .json(let body): body }
        let year = try DomainErrors.academicYear(body.academicYear, field: "academicYear")
        var parameters = MatchRunParameters()
        if let maxKm = body.maxKm {
            guard maxKm > 0, maxKm <= 1000 else { throw ValidationFailed([FieldError("maxKm", "must be above 0 and at most 1000")]) }
            parameters.maxDistanceKm = maxKm
        }
        let request = MatchRunRequest(
            academicYear: year, mode: body.mode.flatMap { MatchMode(rawValue: $0.rawValue) } ?? .optimal,
            parameters: parameters, dryRun: body.dryRun ?? false, createdBy: user.email)
        let respond: @Sendable (MatchRunOutcome) -> Components.Schemas.MatchRun = { outcome in
            APIValues.matchRun(
                outcome.summary, id: outcome.runID, byLevel: outcome.tallyByLevel, byArea: outcome.tallyByArea,
                createdBy: request.createdBy)
        }
        let run = try await keyedRun(
            input.headers.idempotencyKey, user: user, request: "POST /match-runs", body, respond: respond
        ) { beforeCommit in
            let start = ContinuousClock.now
            let outcome = try await DomainErrors.translating {
                try await MatchRunner(pool: pool).run(request, beforeCommit: beforeCommit)
            }
            metrics.recordRun(.match, duration: ContinuousClock.now - start)
            return outcome
        }
        return .created(.init(body: .json(run)))
    }

    func listMatchRuns(_ input: Operations.ListMatchRuns.Input) async throws -> Operations.ListMatchRuns.Output {
        try Self.requireRunner(try RequestUser.required())
        let query = input.query
        let cursor = try query.cursor.map { try PageCursor<Int>(token: $0).position }
        let page = try await MatchRunStore(pool: pool).runs(
            academicYear: query.year, limit: try PageSize.validated(query.limit), after: cursor)
        let items = page.items.map {
            APIValues.matchRun($0.summary, id: $0.id, byLevel: nil, byArea: nil, createdBy: $0.createdBy, createdAt: $0.createdAt)
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor))))
    }

    func getMatchRun(_ input: Operations.GetMatchRun.Input) async throws -> Operations.GetMatchRun.Output {
        try Self.requireRunner(try RequestUser.required())
        let store = MatchRunStore(pool: pool)
        let run = try await storedRun(input.path.id, in: store)
        let tallies = try await store.tallies(runID: run.id)
        return .ok(.init(body: .json(APIValues.matchRun(
            run.summary, id: run.id, byLevel: tallies.byLevel, byArea: tallies.byArea, createdBy: run.createdBy,
            createdAt: run.createdAt))))
    }

    func listMatchProposals(_ input: Operations.ListMatchProposals.Input) async throws -> Operations.ListMatchProposals.Output {
        let user = try RequestUser.required()
        let scope = try PrivateDataScope(user, laCode: nil, urn: nil, subject: "match proposals")
        let store = MatchRunStore(pool: pool)
        let run = try await storedRun(input.path.id, in: store)
        let query = input.query
        let cursor = try query.cursor.map { try PageCursor<Int>(token: $0).position }
        let page = try await store.proposals(
            runID: run.id, scope: scope, limit: try PageSize.validated(query.limit), after: cursor)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.proposal), nextCursor: page.nextCursor))))
    }

    func listCapacityPrices(_ input: Operations.ListCapacityPrices.Input) async throws -> Operations.ListCapacityPrices.Output {
        try Self.requireRunner(try RequestUser.required())
        let store = MatchRunStore(pool: pool)
        let run = try await storedRun(input.path.id, in: store)
        let prices = try await store.capacityPrices(runID: run.id)
        return .ok(.init(body: .json(.init(items: prices.map(APIValues.capacityPrice)))))
    }

    /// The stored run `id`.
    /// - Throws: ``NotFound`` when there is none.
    private func storedRun(_ id: Int64, in store: MatchRunStore) async throws -> StoredMatchRun {
        guard let run = try await store.run(id: Int(id)) else { throw NotFound(entity: "match run", id: "\(id)") }
        return run
    }
}
