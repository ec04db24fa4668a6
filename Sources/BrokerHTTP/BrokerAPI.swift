import Broker
import Foundation
import OpenAPIRuntime
import Postgres

/// The handlers of `openapi.yaml`'s operations (the generated `APIProtocol`): each reads the
/// request's user, asks a `Broker` store, and maps domain values to the contract's types.
struct BrokerAPI: APIProtocol {
    let pool: PostgresPool
    let metrics: BrokerMetrics
    let migrator: Migrator

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .plainText("ok\n")))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let readiness = await Readiness.check(pool: pool, migrator: migrator)
        let body = Components.Schemas.Readiness(
            ready: readiness.isReady, database: readiness.database.rawValue,
            pendingMigrations: readiness.pendingMigrations.isEmpty ? nil : readiness.pendingMigrations)
        return readiness.isReady ? .ok(.init(body: .json(body))) : .serviceUnavailable(.init(body: .json(body)))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metrics.scrape()))))
    }

    func listSchools(_ input: Operations.ListSchools.Input) async throws -> Operations.ListSchools.Output {
        _ = try RequestUser.required()
        let query = input.query
        let filter = SchoolFilter(
            laCode: query.la, district: query.district, phase: query.phase, trust: query.trust, search: query.q)
        let page = try await SchoolStore.list(
            filter, limit: try PageSize.validated(query.limit), cursor: query.cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.school), nextCursor: page.nextCursor))))
    }

    func getSchool(_ input: Operations.GetSchool.Input) async throws -> Operations.GetSchool.Output {
        let user = try RequestUser.required()
        let detail = try await SchoolStore.detail(urn: input.path.urn, for: user, in: pool)
        // EntityTagMiddleware adds the ETag and answers If-None-Match from the encoded body.
        return .ok(.init(body: .json(APIValues.school(detail))))
    }

    func listNeeds(_ input: Operations.ListNeeds.Input) async throws -> Operations.ListNeeds.Output {
        let user = try RequestUser.required()
        let query = input.query
        let filter = try NeedStore.Filter(
            academicYear: query.year, areaCode: query.area, status: query.status.flatMap { Need.Status(rawValue: $0.rawValue) },
            urn: query.urn, laCode: query.la
        ).scoped(to: user)
        let cursor = try query.cursor.map { try PageCursor<Int64>(token: $0).position }
        let page = try await NeedStore.list(filter, limit: try PageSize.validated(query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.need), nextCursor: page.nextCursor))))
    }

    func createNeed(_ input: Operations.CreateNeed.Input) async throws -> Operations.CreateNeed.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let need = NeedStore.NewNeed(
            urn: body.urn, areaCode: body.areaCode, academicYear: body.academicYear, severity: body.severity,
            rationale: body.rationale ?? "")
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /needs", body: body) {
            try await NeedStore.raise(need, by: user, on: $0)
        }
        return .created(.init(headers: .init(location: "/needs/\(created.id)"), body: .json(APIValues.need(created))))
    }
}
