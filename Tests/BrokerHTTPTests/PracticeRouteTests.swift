import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The effective-practice routes: roles, drafts, If-Match, the workflow's 409s, search and invitations.
@Suite("Practice routes")
struct PracticeRouteTests {
    typealias Call = WorkflowRouteTests.Call

    static func record(title: String = "Reading for pleasure", body: String = "We read aloud daily.", urn: Int = 100001,
                       areas: String = #"["ks2-reading"]"#, consent: String = "2025-07-01") -> String {
        """
        {"title": "\(title)", "summary": "Daily reading.", "body": "\(body)", "areas": \(areas), "phase": "primary",
         "consentDate": "\(consent)", "urn": \(urn)}
        """
    }

    @Test("creating: 401 without a token, 403 outside scope, 422 for an unknown area, 201 with Location; a keyed retry repeats")
    func create() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                try await WorkflowRouteTests.expect(Call(method: .post, path: "/practice", json: Self.record()), [
                    (nil, .unauthorized), (t[.group], .forbidden), (fixture.otherHeadteacherToken, .forbidden),
                    (fixture.otherAdviserToken, .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(
                    Call(method: .post, path: "/practice", json: Self.record(areas: #"["no-such-area"]"#)),
                    [(t[.headteacher], .unprocessableContent)], client: client)
                let keyed: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "practice-1"]
                let first = try await client.send(.post, "/practice", token: t[.headteacher], json: Self.record(), headers: keyed)
                #expect(first.status == .created)
                let id = try #require(first.object["id"] as? Int)
                #expect(first.headers[.location] == "/practice/\(id)")
                #expect(first.object["status"] as? String == "draft")
                let retry = try await client.send(.post, "/practice", token: t[.headteacher], json: Self.record(), headers: keyed)
                #expect(retry.object["id"] as? Int == id)
            }
        }
    }

    @Test("drafts: seen by the author and advisers in scope; If-Match; only managers publish; illegal moves are 409 with allowed")
    func workflow() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                let hostile = #"<script>alert(1)</script> [x](javascript:alert(1))"#
                let created = try await client.send(.post, "/practice", token: t[.headteacher], json: Self.record(body: hostile))
                let id = try #require(created.object["id"] as? Int)
                let html = try #require(created.object["bodyHTML"] as? String)
                #expect(!html.contains("<script") && !html.contains("javascript:"))
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice/\(id)"), [
                    (nil, .unauthorized), (t[.headteacher], .ok), (t[.adviser], .ok), (t[.admin], .ok),
                    (fixture.otherAdviserToken, .forbidden), (t[.group], .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice/999999"), [(t[.admin], .notFound)], client: client)

                let read = try await client.send(.get, "/practice/\(id)", token: t[.headteacher])
                let tag = try #require(read.headers[.eTag])
                let change = Self.record(title: "Reading for pleasure, revised")
                let ifMatch = { (tag: String) -> HTTPFields in [.ifMatch: tag] }
                let updated = try await client.send(.put, "/practice/\(id)", token: t[.headteacher], json: change, headers: ifMatch(tag))
                #expect(updated.status == .ok, "\(String(buffer: updated.body))")
                #expect(updated.object["title"] as? String == "Reading for pleasure, revised")
                try await WorkflowRouteTests.expect(
                    Call(method: .put, path: "/practice/\(id)", json: change, headers: ifMatch(tag)),
                    [(t[.headteacher], .preconditionFailed)], client: client)

                let publish = Call(method: .post, path: "/practice/\(id)/transitions", json: #"{"to": "published"}"#)
                try await WorkflowRouteTests.expect(publish, [
                    (nil, .unauthorized), (t[.headteacher], .forbidden), (fixture.otherAdviserToken, .forbidden), (t[.adviser], .ok),
                ], client: client)
                let again = try await client.send(.post, "/practice/\(id)/transitions", token: t[.adviser], json: #"{"to": "published"}"#)
                #expect(again.status == .conflict)
                #expect(again.object["allowed"] as? [String] == ["archived"])
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice/\(id)"), [
                    (fixture.otherAdviserToken, .ok), (t[.group], .ok),
                ], client: client)
            }
        }
    }

    @Test("search: title matches first, snippets marked, filters; bad filters are 422")
    func search() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                var ids: [String: Int] = [:]
                for (title, body) in [("Whole-school approach", "Phonics & decodable books."), ("Phonics catch-up", "Small groups.")] {
                    let created = try await client.send(.post, "/practice", token: t[.adviser], json: Self.record(title: title, body: body))
                    let id = try #require(created.object["id"] as? Int)
                    ids[title] = id
                    _ = try await client.send(.post, "/practice/\(id)/transitions", token: t[.adviser], json: #"{"to": "published"}"#)
                }
                let found = try await client.send(.get, "/practice?q=phonics", token: t[.supporter])
                #expect(found.status == .ok)
                #expect(found.items.map { $0["id"] as? Int } == [ids["Phonics catch-up"], ids["Whole-school approach"]])
                let snippet = try #require(found.items[1]["snippetHTML"] as? String)
                #expect(snippet.contains("<mark>Phonics</mark> &amp; decodable"))
                let filtered = try await client.send(.get, "/practice?q=phonics&area=ks2-maths", token: t[.supporter])
                #expect(filtered.items.isEmpty)
                let district = try await client.send(.get, "/practice?district=Wychavon&limit=1", token: t[.group])
                #expect(district.items.count == 1)
                #expect(district.object["nextCursor"] is String)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice?since=yesterday"), [
                    (nil, .unauthorized), (t[.admin], .unprocessableContent),
                ], client: client)
                #expect(try await client.send(.get, "/practice?reviewDueBy=1990-01-01", token: t[.admin]).items.isEmpty)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice?reviewDueBy=soon"),
                                                    [(t[.admin], .unprocessableContent)], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice?cursor=nonsense"),
                                                    [(t[.admin], .unprocessableContent)], client: client)
            }
        }
    }

    @Test("a completed partnership is an invitation (and says so) until a record comes from it")
    func invitations() async throws {
        try await APIFixture.with { fixture in
            let partnership = try await WorkflowRouteTests.seed(fixture)
            for status in [PartnershipStatus.accepted, .active, .completed] {
                _ = try await PartnershipStore.transition(
                    partnership, PartnershipTransitionRequest(to: status, impactNote: "reading up"), by: fixture.users[.admin]!,
                    in: fixture.pool)
            }
            try await fixture.withClient { client in
                let t = fixture.tokens
                let invited = try await client.send(.get, "/practice/invitations", token: t[.headteacher])
                #expect(invited.status == .ok)
                #expect(invited.items.map { $0["partnershipId"] as? Int } == [Int(partnership)])
                let read = try await client.send(.get, "/partnerships/\(partnership)", token: t[.headteacher])
                #expect(read.object["practiceInvited"] as? Bool == true)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/practice/invitations"), [
                    (nil, .unauthorized), (t[.group], .forbidden),
                ], client: client)
                let record = Self.record().replacingOccurrences(of: #""urn": 100001"#, with: #""urn": 100001, "partnershipId": \#(partnership)"#)
                let created = try await client.send(.post, "/practice", token: t[.supporter], json: record)
                #expect(created.status == .forbidden, "a supporter records practice as itself, not as the school")
                #expect(try await client.send(.post, "/practice", token: t[.headteacher], json: record).status == .created)
                #expect(try await client.send(.get, "/practice/invitations", token: t[.adviser]).items.isEmpty)
            }
        }
    }
}
