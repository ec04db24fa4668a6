import Analysis
import Broker
import Foundation
import OpenAPIRuntime
import Postgres

/// Support activities: the list (with the overdue ones), planning an extra one, and recording
/// what happened.
extension BrokerAPI {
    func listActivities(_ input: Operations.ListActivities.Input) async throws -> Operations.ListActivities.Output {
        let user = try RequestUser.required()
        let query = input.query
        let filter = SupportActivityFilter(
            scope: try PrivateDataScope(user, laCode: query.la, urn: query.urn, subject: "activities"),
            academicYear: query.year, status: query.status.flatMap { SupportActivity.Status(rawValue: $0.rawValue) },
            overdueOnly: query.overdue ?? false)
        let page = try await SupportActivityStore(pool: pool).list(
            filter, limit: try PageSize.validated(query.limit), after: query.cursor)
        return .ok(.init(body: .json(.init(items: page.items.map(APIValues.activity), nextCursor: page.nextCursor))))
    }

    func createActivity(_ input: Operations.CreateActivity.Input) async throws -> Operations.CreateActivity.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        let activity = NewSupportActivity(
            urn: body.urn, academicYear: body.academicYear, kind: body.kind,
            dueDate: try APIValues.civilDate(body.dueDate, field: "dueDate"), notes: body.notes ?? "")
        let created = try await keyedCreate(key: input.headers.idempotencyKey, user: user, route: "POST /activities", body: body) {
            APIValues.activity(try await SupportActivityStore.plan(activity, by: user, on: $0))
        }
        return .created(.init(
            headers: .init(location: "/activities/\(created.id)", eTag: "\"\(created.version)\""), body: .json(created)))
    }

    func recordActivity(_ input: Operations.RecordActivity.Input) async throws -> Operations.RecordActivity.Output {
        let user = try RequestUser.required()
        let body = switch input.body { case .json(let body): body }
        var errors: [FieldError] = []
        if (body.notes?.count ?? 0) > 4000 { errors.append(FieldError("notes", "must be at most 4000 characters")) }
        if (body.outcome?.count ?? 0) > 4000 { errors.append(FieldError("outcome", "must be at most 4000 characters")) }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        let store = SupportActivityStore(pool: pool)
        let id = input.path.id
        let laCode = try await DomainErrors.translating { try await store.schoolLA(ofActivity: id) }
        guard user.mayManageSupport(ofSchoolInLA: laCode) else {
            throw AccessDenied("only an adviser of the school's LA, or an admin, records its activities")
        }
        guard let version = Int64(PreconditionFailed.opaqueTag(input.headers.ifMatch)) else {
            throw DomainErrors.preconditionFailed("If-Match must be the activity's ETag, as last read")
        }
        let recorded = try await DomainErrors.translating {
            try await store.record(
                id: id, status: SupportActivity.Status(rawValue: body.status.rawValue)!, notes: body.notes,
                outcome: body.outcome, expectedVersion: version, auditedAs: user)
        }
        return .ok(.init(headers: .init(eTag: APIValues.entityTag(recorded)), body: .json(APIValues.activity(recorded))))
    }
}
