import Broker
import BrokerHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import TestSupport
import Testing

@Suite("Health, readiness and metrics routes")
struct OperationsRouteTests {
    @Test("healthz answers without a token")
    func health() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.send(.get, "/healthz", token: nil)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test("readyz reports a migrated database as ready")
    func ready() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.send(.get, "/readyz", token: nil)
                #expect(response.status == .ok)
                #expect(response.object["ready"] as? Bool == true)
                #expect(response.object["database"] as? String == "ok")
            }
        }
    }

    @Test("readyz reports an unmigrated database as not ready, naming the pending migrations")
    func unmigratedNotReady() async throws {
        let server = try await TestDatabase.serverConfiguration()
        let name = "unmigrated_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let admin = try await PostgresConnection.connect(configuration: server)
        try await admin.simpleQuery("CREATE DATABASE \(name)")
        let pool = PostgresPool(configuration: server.database(name), maximumConnections: 2)
        do {
            let router = try BrokerApplication.router(pool: pool, logger: Logger(label: "test"))
            try await Application(router: router).test(.router) { client in
                let response = try await client.send(.get, "/readyz", token: nil)
                #expect(response.status == .serviceUnavailable)
                #expect(response.object["ready"] as? Bool == false)
                #expect(response.object["database"] as? String == "migrations-pending")
                #expect((response.object["pendingMigrations"] as? [String])?.first == "1 areas")
            }
        } catch {
            Issue.record(error)
        }
        await pool.close()
        try await admin.simpleQuery("DROP DATABASE \(name) WITH (FORCE)")
        await admin.close()
    }

    @Test("readyz reports an unreachable database as not ready")
    func unreachableNotReady() async throws {
        let pool = PostgresPool(
            configuration: PostgresConfiguration(connectionString: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"),
            maximumConnections: 1, acquireTimeout: .seconds(5))
        let router = try BrokerApplication.router(pool: pool, logger: Logger(label: "test"))
        try await Application(router: router).test(.router) { client in
            let response = try await client.send(.get, "/readyz", token: nil)
            #expect(response.status == .serviceUnavailable)
            #expect(response.object["database"] as? String == "unreachable")
        }
        await pool.close()
    }

    @Test("metrics count requests by route and status, time them, and show the pool")
    func metrics() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                _ = try await client.send(.get, "/schools/100001", token: fixture.tokens[.admin])
                _ = try await client.send(.get, "/schools", token: nil)
                let text = String(buffer: try await client.send(.get, "/metrics", token: nil).body)
                #expect(text.contains(#"schoolbroker_http_requests_total{route="/schools/{urn}",method="GET",status="200"} 1"#))
                #expect(text.contains(#"schoolbroker_http_requests_total{route="/schools",method="GET",status="401"} 1"#))
                #expect(text.contains("schoolbroker_http_request_duration_seconds_bucket{"))
                #expect(text.contains(#"schoolbroker_pool_connections{state="in_use"}"#))
                #expect(text.contains(#"schoolbroker_pool_connections{state="idle"}"#))
                #expect(text.contains(#"schoolbroker_pool_connections{state="waiting"}"#))
            }
        }
    }
}
