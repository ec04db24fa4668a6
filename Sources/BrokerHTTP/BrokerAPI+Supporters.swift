import Broker
import OpenAPIRuntime

/// The supporters register's routes (issue 6).
extension BrokerAPI {
    func listSupporters(_ input: Operations.ListSupporters.Input) async throws -> Operations.ListSupporters.Output {
        let user = try RequestUser.required()
        let query = input.query
        let filter = SupporterFilter(
            areaCode: query.area, phase: query.phase?.rawValue, district: query.district,
            status: query.status.flatMap { SupporterStatus(rawValue: $0.rawValue) },
            designation: query.designation.flatMap { SupporterDesignation(rawValue: $0.rawValue) }
        ).scoped(to: user)
        let cursor = try query.cursor.map { try PageCursor<Int64>(token: $0).position }
        let page = try await SupporterStore.list(filter, for: user, limit: try PageSize.validated(query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.supporter), nextCursor: page.nextCursor))))
    }

    func registerSupporter(_ input: Operations.RegisterSupporter.Input) async throws -> Operations.RegisterSupporter.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let supporter = APIValues.newSupporter(body)
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /supporters", body: body) {
            try await SupporterStore.register(supporter, by: user, on: $0)
        }
        return .created(.init(headers: .init(location: "/supporters/\(created.id)"), body: .json(APIValues.supporter(created))))
    }

    func proposeSupporters(_ input: Operations.ProposeSupporters.Input) async throws -> Operations.ProposeSupporters.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let outcome = try await SupporterStore.proposeFromAnalysis(year: body.year, by: user, in: pool)
        return .ok(.init(body: .json(.init(
            proposed: outcome.proposed.map(APIValues.supporter), alreadyRegistered: outcome.alreadyRegistered))))
    }

    func getSupporter(_ input: Operations.GetSupporter.Input) async throws -> Operations.GetSupporter.Output {
        let user = try RequestUser.required()
        let supporter = try await SupporterStore.read(input.path.id, for: user, in: pool)
        return .ok(.init(headers: .init(eTag: supporter.entityTag), body: .json(APIValues.supporter(supporter))))
    }

    func updateSupporter(_ input: Operations.UpdateSupporter.Input) async throws -> Operations.UpdateSupporter.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let updated = try await SupporterStore.update(
            input.path.id, APIValues.supporterChanges(body), ifMatch: input.headers.ifMatch, by: user, in: pool)
        return .ok(.init(headers: .init(eTag: updated.entityTag), body: .json(APIValues.supporter(updated))))
    }

    func confirmSupporter(_ input: Operations.ConfirmSupporter.Input) async throws -> Operations.ConfirmSupporter.Output {
        let user = try RequestUser.required()
        let confirmed = try await SupporterStore.confirm(input.path.id, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.supporter(confirmed))))
    }
}
