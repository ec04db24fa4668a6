import Broker
import Foundation
import Postgres
import TestSupport
import Testing

/// `schoolbroker user create` and `token create`, run as an operator would.
@Suite("schoolbroker user and token")
struct UserAndTokenCommandTests {
    @Test("user create makes an audited user; token create prints a token that authenticates it, once")
    func createUserAndToken() async throws {
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["migrate"]).status == 0)
            let user = try await cli.run(
                ["user", "create", "--name", "Avery Adviser", "--email", "avery@example.org", "--role", "adviser", "--la", "885"])
            #expect(user.status == 0, "\(user.output)")
            #expect(user.output.contains("avery@example.org (adviser)"))
            let token = try await cli.run(["token", "create", "--user", "AVERY@example.org"])
            #expect(token.status == 0, "\(token.output)")
            let secret = try #require(token.output.split(separator: "\n").last.map(String.init))
            #expect(secret.hasPrefix("sbk_"))

            let pool = PostgresPool(configuration: cli.configuration, maximumConnections: 1)
            let authenticated = try await TokenStore.authenticate(secret, in: pool)
            #expect(authenticated?.laCode == 885)
            let audit = try await pool.query("SELECT entity FROM audit_log ORDER BY id")
            #expect(try audit.map { try $0.decode("entity", as: String.self) } == ["user", "api_token"])
            await pool.close()
        }
    }

    @Test("an adviser without its LA, or a token for an unknown user, is refused with a clear message")
    func refused() async throws {
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["migrate"]).status == 0)
            let user = try await cli.run(["user", "create", "--name", "A", "--email", "a@example.org", "--role", "adviser"])
            #expect(user.status != 0)
            #expect(user.output.contains("la: an adviser needs the LA code of its authority"))
            let token = try await cli.run(["token", "create", "--user", "nobody@example.org"])
            #expect(token.status != 0)
            #expect(token.output.contains("no user has the e-mail address nobody@example.org"))
        }
    }
}
