import Broker
import OpenAPIRuntime

/// The brokerage workflow's routes (issue 6).
extension BrokerAPI {
    func listPartnerships(_ input: Operations.ListPartnerships.Input) async throws -> Operations.ListPartnerships.Output {
        let user = try RequestUser.required()
        let query = input.query
        let filter = try PartnershipFilter(
            status: query.status.flatMap { PartnershipStatus(rawValue: $0.rawValue) }, supporterID: query.supporter,
            urn: query.urn, academicYear: query.year
        ).scoped(to: user)
        let cursor = try query.cursor.map { try PageCursor<Int64>(token: $0).position }
        let page = try await PartnershipStore.list(filter, limit: try PageSize.validated(query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.partnership), nextCursor: page.nextCursor))))
    }

    func createPartnership(_ input: Operations.CreatePartnership.Input) async throws -> Operations.CreatePartnership.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let partnership = NewPartnership(
            supporterID: body.supporterId, needIDs: body.needIds, matchRunID: body.matchRunId,
            agreement: PartnershipAgreement(objectives: body.objectives, daysCommitted: body.daysCommitted, reviewDates: body.reviewDates))
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /partnerships", body: body) {
            try await PartnershipStore.create(partnership, by: user, on: $0)
        }
        return .created(.init(
            headers: .init(location: "/partnerships/\(created.id)"), body: .json(APIValues.partnership(created))))
    }

    func getPartnership(_ input: Operations.GetPartnership.Input) async throws -> Operations.GetPartnership.Output {
        let user = try RequestUser.required()
        let partnership = try await PartnershipStore.read(input.path.id, for: user, in: pool)
        return .ok(.init(headers: .init(eTag: partnership.entityTag), body: .json(APIValues.partnership(partnership))))
    }

    func updatePartnership(_ input: Operations.UpdatePartnership.Input) async throws -> Operations.UpdatePartnership.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let updated = try await PartnershipStore.updateAgreement(
            input.path.id, PartnershipAgreement(objectives: body.objectives, daysCommitted: body.daysCommitted, reviewDates: body.reviewDates),
            ifMatch: input.headers.ifMatch, by: user, in: pool)
        return .ok(.init(headers: .init(eTag: updated.entityTag), body: .json(APIValues.partnership(updated))))
    }

    func transitionPartnership(_ input: Operations.TransitionPartnership.Input) async throws
        -> Operations.TransitionPartnership.Output
    {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        guard let target = PartnershipStatus(rawValue: body.to.rawValue) else {
            throw ValidationFailed([FieldError("to", "is not a partnership status")])
        }
        let request = PartnershipTransitionRequest(
            to: target, reason: body.reason ?? "", impactNote: body.impactNote,
            agreement: PartnershipAgreement(objectives: body.objectives, daysCommitted: body.daysCommitted, reviewDates: body.reviewDates))
        let moved = try await PartnershipStore.transition(input.path.id, request, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.partnership(moved))))
    }
}
