import Broker
import OpenAPIRuntime

/// The effective-practice library's routes (issue 7).
extension BrokerAPI {
    func searchPractice(_ input: Operations.SearchPractice.Input) async throws -> Operations.SearchPractice.Output {
        let user = try RequestUser.required()
        let query = input.query
        let search = PracticeSearch(
            query: query.q, area: query.area, phase: query.phase?.rawValue, district: query.district, publishedSince: query.since,
            reviewDueBy: query.reviewDueBy,
            status: query.status.flatMap { PracticeStatus(rawValue: $0.rawValue) } ?? .published)
        let cursor = try query.cursor.map { try PageCursor<PracticeSearch.Position>(token: $0).position }
        let page = try await PracticeStore.search(
            search, for: user, limit: try PageSize.validated(query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.practiceHit), nextCursor: page.nextCursor))))
    }

    func createPractice(_ input: Operations.CreatePractice.Input) async throws -> Operations.CreatePractice.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let record = NewPracticeRecord(
            content: APIValues.practiceContent(body.value1), urn: body.value2.urn, supporterID: body.value2.supporterId,
            partnershipID: body.value2.partnershipId)
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /practice", body: body) {
            try await PracticeStore.create(record, by: user, on: $0)
        }
        return .created(.init(headers: .init(location: "/practice/\(created.id)"), body: .json(APIValues.practice(created))))
    }

    func listPracticeInvitations(_ input: Operations.ListPracticeInvitations.Input) async throws
        -> Operations.ListPracticeInvitations.Output
    {
        let user = try RequestUser.required()
        let cursor = try input.query.cursor.map { try PageCursor<Int64>(token: $0).position }
        let page = try await PracticeStore.invitations(
            for: user, limit: try PageSize.validated(input.query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.invitation), nextCursor: page.nextCursor))))
    }

    func getPractice(_ input: Operations.GetPractice.Input) async throws -> Operations.GetPractice.Output {
        let user = try RequestUser.required()
        let record = try await PracticeStore.read(input.path.id, for: user, in: pool)
        return .ok(.init(headers: .init(eTag: record.entityTag), body: .json(APIValues.practice(record))))
    }

    func updatePractice(_ input: Operations.UpdatePractice.Input) async throws -> Operations.UpdatePractice.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let updated = try await PracticeStore.update(
            input.path.id, APIValues.practiceContent(body), ifMatch: input.headers.ifMatch, by: user, in: pool)
        return .ok(.init(headers: .init(eTag: updated.entityTag), body: .json(APIValues.practice(updated))))
    }

    func transitionPractice(_ input: Operations.TransitionPractice.Input) async throws -> Operations.TransitionPractice.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        guard let target = PracticeStatus(rawValue: body.to.rawValue) else {
            throw ValidationFailed([FieldError("to", "is not a practice status")])
        }
        let moved = try await PracticeStore.transition(input.path.id, to: target, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.practice(moved))))
    }
}
