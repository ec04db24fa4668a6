import Broker
import HTTPTypes
import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

@Suite("School routes")
struct SchoolRouteTests {
    @Test("every role may list schools; filters by LA, phase, district and trust narrow the list")
    func filters() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                for role in UserRole.allCases {
                    let all = try await client.send(.get, "/schools", token: fixture.tokens[role])
                    #expect(all.status == .ok)
                    #expect(all.items.count == 5)
                }
                let token = fixture.tokens[.adviser]
                func urns(_ query: String) async throws -> [Int] {
                    try await client.send(.get, "/schools?" + query, token: token).items.compactMap { $0["urn"] as? Int }
                }
                #expect(try await urns("la=330") == [100004, 100005])
                #expect(try await urns("phase=primary&la=885") == [100001, 100003])
                #expect(try await urns("district=Ladywood") == [100004, 100005])
                #expect(try await urns("trust=T1") == [100001, 100002])
            }
        }
    }

    @Test("search finds schools by part of a name, by URN and by the start of a postcode")
    func search() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let searches = [("hill", [100002]), ("100004", [100004]), ("wr10", [100002]), ("B15%202", [100005]), ("%25", [])]
                for (search, expected) in searches {
                    let response = try await client.send(.get, "/schools?q=\(search)", token: fixture.tokens[.admin])
                    #expect(response.items.compactMap { $0["urn"] as? Int } == expected, "q=\(search)")
                }
            }
        }
    }

    @Test("pages follow each other without gaps or repeats, even when schools are added between pages")
    func paginationStable() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                var seen: [Int] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let query = "/schools?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await client.send(.get, query, token: fixture.tokens[.admin])
                    #expect(page.status == .ok)
                    seen += page.items.compactMap { $0["urn"] as? Int }
                    cursor = page.object["nextCursor"] as? String
                    if pages == 0 {
                        // Sorts before every page still to come, so must not appear in them.
                        try await fixture.pool.query(
                            "INSERT INTO schools (urn, la_code, name) VALUES (100009, 885, 'Aardvark Infants')")
                    }
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(seen == [100001, 100002, 100003, 100004, 100005])
                #expect(pages == 3)
            }
        }
    }

    @Test("a bad page size or cursor is a 422 problem naming the field")
    func badPaging() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                for (query, field) in [("limit=0", "limit"), ("limit=500", "limit"), ("cursor=nonsense", "cursor")] {
                    let response = try await client.send(.get, "/schools?" + query, token: fixture.tokens[.admin])
                    #expect(response.status == .unprocessableContent)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let errors = response.object["errors"] as? [[String: Any]]
                    #expect(errors?.first?["field"] as? String == field)
                }
                let malformed = try await client.send(.get, "/schools?la=abc", token: fixture.tokens[.admin])
                #expect(malformed.status == .badRequest)
                #expect(malformed.object["type"] as? String == "https://schoolbroker.example/problems/bad-request")
            }
        }
    }

    @Test("detail shows measures beside LA and England, inspections, and needs only to users in scope")
    func detail() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.send(.get, "/schools/100001", token: fixture.tokens[.headteacher])
                #expect(response.status == .ok)
                let body = response.object
                #expect((body["school"] as? [String: Any])?["trustName"] as? String == "Severn Trust")
                let measures = body["measures"] as? [[String: Any]] ?? []
                #expect(measures.count == 2)
                #expect(measures.first?["academicYear"] as? Int == 2025)
                #expect((measures.first?["school"] as? [String: Any])?["value"] as? Double == 55)
                #expect((measures.first?["localAuthority"] as? [String: Any])?["value"] as? Double == 60)
                #expect((measures.first?["england"] as? [String: Any])?["value"] as? Double == 62)
                #expect((measures.last?["school"] as? [String: Any])?["suppression"] as? String == "SUPP")
                let inspection = (body["inspections"] as? [[String: Any]])?.first
                #expect(inspection?["framework"] as? String == "legacy")
                #expect((inspection?["grades"] as? [[String: Any]])?.first?["heading"] as? String == "Overall effectiveness")
                #expect((body["needs"] as? [[String: Any]])?.count == 1)

                for token in [fixture.tokens[.admin], fixture.tokens[.adviser]] {
                    let visible = try await client.send(.get, "/schools/100001", token: token)
                    #expect((visible.object["needs"] as? [[String: Any]])?.count == 1)
                }
                for token in [fixture.otherHeadteacherToken, fixture.otherAdviserToken, fixture.tokens[.supporter]!,
                              fixture.tokens[.group]!] {
                    let hidden = try await client.send(.get, "/schools/100001", token: token)
                    #expect(hidden.status == .ok)
                    #expect(hidden.object["needs"] == nil)
                }
            }
        }
    }

    @Test("detail carries an ETag; If-None-Match with it answers 304 until the school changes")
    func entityTag() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let token = fixture.tokens[.admin]
                let first = try await client.send(.get, "/schools/100002", token: token)
                let tag = try #require(first.headers[.eTag])
                let again = try await client.send(.get, "/schools/100002", token: token, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified)
                #expect(again.headers[.eTag] == tag)
                try await fixture.pool.query("UPDATE schools SET pupils = 300 WHERE urn = 100002")
                let changed = try await client.send(.get, "/schools/100002", token: token, headers: [.ifNoneMatch: tag])
                #expect(changed.status == .ok)
                #expect(changed.headers[.eTag] != tag)
            }
        }
    }

    @Test("an unknown school is a 404 problem; a non-numeric URN a 400")
    func notFound() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let missing = try await client.send(.get, "/schools/999999", token: fixture.tokens[.admin])
                #expect(missing.status == .notFound)
                #expect(missing.object["type"] as? String == "https://schoolbroker.example/problems/not-found")
                let malformed = try await client.send(.get, "/schools/abc", token: fixture.tokens[.admin])
                #expect(malformed.status == .badRequest)
            }
        }
    }
}
