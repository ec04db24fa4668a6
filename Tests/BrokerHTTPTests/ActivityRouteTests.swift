import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Activity routes")
struct ActivityRouteTests {
    @Test("activities list within the caller's scope, filtered by status and overdue, paged by due date")
    func list() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                func activities(_ query: String, _ role: String) async throws -> [[String: Any]] {
                    try await client.send(.get, "/activities?year=2025&limit=200" + query, token: fixture.token(role)).items
                }
                let own = try await activities("", "headteacher")
                #expect(!own.isEmpty && own.allSatisfy { $0["urn"] as? Int == fixture.headURN })
                #expect(try await activities("&urn=\(fixture.headURN)", "adviser").count == own.count)
                #expect(try await activities("", "otherAdviser").isEmpty)
                let dueDates = own.compactMap { $0["dueDate"] as? String }
                #expect(dueDates == dueDates.sorted())
                // Listed in November 2026, every activity of 2024 to 2025 still planned is overdue.
                let overdue = try await activities("&overdue=true&urn=\(fixture.headURN)", "admin")
                #expect(overdue.count == own.count && overdue.allSatisfy { $0["overdue"] as? Bool == true })
                #expect(try await activities("&status=done", "admin").isEmpty)

                let page = try await client.send(.get, "/activities?year=2025&limit=10", token: fixture.token("admin"))
                let cursor = try #require(page.object["nextCursor"] as? String)
                let next = try await client.send(.get, "/activities?year=2025&limit=10&cursor=\(cursor)", token: fixture.token("admin"))
                #expect(Set(page.items.map { $0["id"] as! Int }).isDisjoint(with: next.items.map { $0["id"] as! Int }))

                #expect(try await client.send(.get, "/activities", token: nil).status == .unauthorized)
                let refused: [(String, String)] = [
                    ("?la=\(fixture.homeLA + 1)", "adviser"), ("?urn=\(fixture.headURN + 1)", "headteacher"),
                    ("", "supporter"), ("", "group"),
                ]
                for (query, role) in refused {
                    #expect(try await client.send(.get, "/activities" + query, token: fixture.token(role)).status == .forbidden)
                }
            }
        }
    }

    @Test("recording an activity needs its current ETag in If-Match (else 412), an adviser of its LA, and is audited")
    func record() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let activity = try #require(
                    try await client.send(.get, "/activities?year=2025&urn=\(fixture.headURN)", token: fixture.token("adviser"))
                        .items.first)
                let id = activity["id"] as! Int
                let tag: HTTPFields = [.ifMatch: "\"\(activity["version"] as! String)\""]
                let done = #"{"status":"done","notes":"Met the head","outcome":"Action plan agreed"}"#
                for role in ["headteacher", "otherAdviser", "supporter", "group"] {
                    let refused = try await client.send(.patch, "/activities/\(id)", token: fixture.token(role), json: done, headers: tag)
                    #expect(refused.status == .forbidden, "\(role)")
                }
                let recorded = try await client.send(.patch, "/activities/\(id)", token: fixture.token("adviser"), json: done, headers: tag)
                #expect(recorded.status == .ok)
                #expect(recorded.object["status"] as? String == "done" && recorded.object["overdue"] as? Bool == false)
                #expect(recorded.object["outcome"] as? String == "Action plan agreed")
                let newTag = try #require(recorded.headers[.eTag])
                #expect(newTag == "\"\(recorded.object["version"] as! String)\"" && newTag != tag[.ifMatch])

                let stale = try await client.send(
                    .patch, "/activities/\(id)", token: fixture.token("adviser"), json: #"{"status":"cancelled"}"#, headers: tag)
                #expect(stale.status == .preconditionFailed)
                #expect(stale.headers[.contentType] == "application/problem+json")
                let cancelled = try await client.send(
                    .patch, "/activities/\(id)", token: fixture.token("admin"), json: #"{"status":"cancelled"}"#,
                    headers: [.ifMatch: newTag])
                #expect(cancelled.status == .ok)
                #expect(cancelled.object["notes"] as? String == "Met the head", "absent fields are kept")
                #expect(try await client.send(
                    .patch, "/activities/99999999", token: fixture.token("admin"), json: done, headers: tag).status == .notFound)
                #expect(try await client.send(.patch, "/activities/\(id)", token: fixture.token("admin"), json: done).status
                        == .badRequest)

                let audit = try await fixture.pool.query(
                    """
                    SELECT actor_id, before ->> 'status' AS before, after ->> 'status' AS after FROM audit_log
                    WHERE entity = 'support_activity' AND entity_id = \(String(id)) ORDER BY id
                    """)
                #expect(audit.count == 2)
                #expect(try audit[0].decode("actor_id", as: Int64.self) == fixture.users["adviser"]!.id)
                #expect(try audit[0].decode("before", as: String.self) == "planned")
                #expect(try audit[1].decode("after", as: String.self) == "cancelled")
                let overdue = try await client.send(
                    .get, "/activities?overdue=true&urn=\(fixture.headURN)", token: fixture.token("admin")).items
                #expect(!overdue.contains { $0["id"] as? Int == id })
            }
        }
    }

    @Test("an adviser plans an extra activity within its LA, due in a term of the year; retries with a key create once")
    func plan() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let body = #"{"urn":\#(fixture.headURN),"academicYear":2025,"kind":"adviser_review","dueDate":"2025-02-10","notes":"After the mocks"}"#
                for role in ["headteacher", "otherAdviser", "supporter", "group"] {
                    #expect(try await client.send(.post, "/activities", token: fixture.token(role), json: body).status == .forbidden)
                }
                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "extra-review"]
                let created = try await client.send(.post, "/activities", token: fixture.token("adviser"), json: body, headers: key)
                #expect(created.status == .created)
                let id = try #require(created.object["id"] as? Int)
                #expect(created.headers[.location] == "/activities/\(id)")
                #expect(created.headers[.eTag] == "\"\(created.object["version"] as! String)\"")
                #expect(created.object["term"] as? String == "spring" && created.object["plannedForLevel"] == nil)
                let retry = try await client.send(.post, "/activities", token: fixture.token("adviser"), json: body, headers: key)
                #expect(retry.object["id"] as? Int == id)
                #expect(try await fixture.count(
                    "SELECT count(*) AS n FROM audit_log WHERE entity = 'support_activity' AND action = 'create'") == 1)

                let invalid = try await client.send(
                    .post, "/activities", token: fixture.token("admin"),
                    json: #"{"urn":\#(fixture.headURN),"academicYear":2025,"kind":"knitting","dueDate":"2025-08-10"}"#)
                #expect(invalid.status == .unprocessableContent)
                let fields = (invalid.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(Set(fields) == ["kind", "dueDate"])
                let badDate = try await client.send(
                    .post, "/activities", token: fixture.token("admin"),
                    json: #"{"urn":\#(fixture.headURN),"academicYear":2025,"kind":"adviser_review","dueDate":"2025-02-30"}"#)
                #expect(badDate.status == .unprocessableContent)
            }
        }
    }
}
