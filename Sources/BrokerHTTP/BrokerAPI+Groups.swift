import Broker
import OpenAPIRuntime

/// Head teacher groups and partner search (issue 7).
extension BrokerAPI {
    func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
        let user = try RequestUser.required()
        let cursor = try input.query.cursor.map { try PageCursor<Int64>(token: $0).position }
        let page = try await SchoolGroupStore.list(for: user, limit: try PageSize.validated(input.query.limit), after: cursor, in: pool)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.group), nextCursor: page.nextCursor))))
    }

    func createGroup(_ input: Operations.CreateGroup.Input) async throws -> Operations.CreateGroup.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let group = APIValues.newGroup(body)
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /groups", body: body) {
            try await SchoolGroupStore.create(group, by: user, on: $0)
        }
        return .created(.init(headers: .init(location: "/groups/\(created.id)"), body: .json(APIValues.group(created))))
    }

    func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        let user = try RequestUser.required()
        let group = try await SchoolGroupStore.read(input.path.id, for: user, in: pool)
        return .ok(.init(headers: .init(eTag: group.entityTag), body: .json(APIValues.group(group))))
    }

    func updateGroup(_ input: Operations.UpdateGroup.Input) async throws -> Operations.UpdateGroup.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let changes = SchoolGroupChanges(name: body.name, kind: body.kind.flatMap { SchoolGroup.Kind(rawValue: $0.rawValue) })
        let updated = try await SchoolGroupStore.update(input.path.id, changes, ifMatch: input.headers.ifMatch, by: user, in: pool)
        return .ok(.init(headers: .init(eTag: updated.entityTag), body: .json(APIValues.group(updated))))
    }

    func addGroupMember(_ input: Operations.AddGroupMember.Input) async throws -> Operations.AddGroupMember.Output {
        let user = try RequestUser.required()
        let since: String? = switch input.body { case .json(let body): body.since; case nil: nil }
        let group = try await SchoolGroupStore.addMember(input.path.urn, since: since, to: input.path.id, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.group(group))))
    }

    func removeGroupMember(_ input: Operations.RemoveGroupMember.Input) async throws -> Operations.RemoveGroupMember.Output {
        let user = try RequestUser.required()
        let group = try await SchoolGroupStore.removeMember(input.path.urn, from: input.path.id, by: user, in: pool)
        return .ok(.init(body: .json(APIValues.group(group))))
    }

    func getGroupOverview(_ input: Operations.GetGroupOverview.Input) async throws -> Operations.GetGroupOverview.Output {
        let user = try RequestUser.required()
        let year = try DomainErrors.academicYear(input.query.year, field: "year")
        let overview = try await SchoolGroupStore.overview(input.path.id, academicYear: year, for: user, in: pool)
        return .ok(.init(body: .json(APIValues.groupOverview(overview))))
    }

    func searchPartners(_ input: Operations.SearchPartners.Input) async throws -> Operations.SearchPartners.Output {
        let user = try RequestUser.required()
        let query = input.query
        let request = PartnerSearchRequest(
            urn: query.urn, areaCode: query.area, academicYear: query.year, maxDistanceKm: query.maxKm, limit: query.limit)
        let result = try await PartnerSearch.search(request, inGroup: input.path.id, for: user, in: pool)
        return .ok(.init(body: .json(APIValues.partnerSearch(result))))
    }
}
