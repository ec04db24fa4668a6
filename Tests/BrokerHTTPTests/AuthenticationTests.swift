import Broker
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Bearer-token authentication")
struct AuthenticationTests {
    @Test("every API route refuses a request without a valid token with a 401 problem",
          arguments: [("GET", "/schools"), ("GET", "/schools/100001"), ("GET", "/needs"), ("POST", "/needs")])
    func unauthenticated(method: String, path: String) async throws {
        try await APIFixture.with { fixture in
            let revoked = try await TokenStore.create(for: fixture.users[.admin]!, in: fixture.pool)
            try await TokenStore.revoke(id: revoked.id, actor: nil, in: fixture.pool)
            try await fixture.withClient { client in
                let body = #"{"urn":100001,"areaCode":"phonics","academicYear":2025,"severity":2}"#
                let attempts: [(String?, HTTPFields)] = [
                    (nil, [:]),
                    ("sbk_unknown0000000000000000000000000000000000", [:]),
                    (revoked.secret, [:]),
                    (nil, [.authorization: "Basic YWRtaW46YWRtaW4="]),
                ]
                for (token, headers) in attempts {
                    let response = try await client.send(
                        .init(rawValue: method)!, path, token: token, json: method == "POST" ? body : nil, headers: headers)
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(response.object["type"] as? String == "https://schoolbroker.example/problems/unauthorized")
                    #expect(response.object["status"] as? Int == 401)
                }
            }
        }
    }

    @Test("tokens are stored as SHA-256 hashes, never in clear, and note when they were last used")
    func tokensHashed() async throws {
        try await APIFixture.with { fixture in
            let token = fixture.tokens[.admin]!
            let stored = try await fixture.pool.query(
                "SELECT count(*) AS clear FROM api_tokens WHERE position(\(token) IN encode(token_hash, 'escape')) > 0 OR prefix = \(token)")
            #expect(try stored[0].decode("clear", as: Int.self) == 0)
            #expect(try await TokenStore.authenticate(token, in: fixture.pool)?.email == "admin@example.org")
            let used = try await fixture.pool.query(
                "SELECT count(*) AS used FROM api_tokens WHERE last_used_at IS NOT NULL")
            #expect(try used[0].decode("used", as: Int.self) == 1)
        }
    }
}
