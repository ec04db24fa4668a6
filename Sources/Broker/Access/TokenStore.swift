import Postgres

/// API bearer tokens. A token is shown once when created; the database keeps only its SHA-256
/// (computed by the server, so this module needs no crypto library) and a short prefix for display.
public enum TokenStore {
    /// A newly created token: `secret` is the only copy of the token there will ever be.
    public struct CreatedToken: Sendable {
        public var id: Int64
        public var secret: String
        public var prefix: String
    }

    /// Marks every token so that a leaked one is recognisable (as in secret scanners).
    static let marker = "sbk_"

    /// Creates a token for `user`, recorded in the audit log (without the secret).
    public static func create(for user: User, actor: User? = nil, in pool: PostgresPool) async throws -> CreatedToken {
        let secret = marker + randomBase62(count: 40)
        let prefix = String(secret.prefix(marker.count + 6))
        return try await pool.withTransaction { connection in
            let id: Int64 = try await connection.query(
                """
                INSERT INTO api_tokens (user_id, token_hash, prefix)
                VALUES (\(user.id), sha256(convert_to(\(secret), 'UTF8')), \(prefix))
                RETURNING id
                """)[0].decode("id")
            try await AuditLog.record(
                AuditEntry(actor: actor ?? user, action: "create", entity: "api_token", entityID: "\(id)",
                           after: ["user_id": "\(user.id)", "prefix": prefix]),
                on: connection)
            return CreatedToken(id: id, secret: secret, prefix: prefix)
        }
    }

    /// The user a live (not revoked) token belongs to, or `nil`. Notes when the token was last
    /// used, at most once a minute, so a busy client does not write on every request.
    public static func authenticate(_ secret: String, in pool: PostgresPool) async throws -> User? {
        guard secret.hasPrefix(marker), secret.count < 200 else { return nil }
        let rows = try await pool.query(
            """
            WITH token AS (
                SELECT id, user_id, last_used_at FROM api_tokens
                WHERE token_hash = sha256(convert_to(\(secret), 'UTF8')) AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_tokens SET last_used_at = now()
                WHERE id IN (SELECT id FROM token WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT users.* FROM users JOIN token ON token.user_id = users.id
            """)
        return try rows.first.map(UserStore.decodeUser)
    }

    /// Revokes a token; it authenticates no one afterwards.
    public static func revoke(id: Int64, actor: User?, in pool: PostgresPool) async throws {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                "UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING prefix")
            guard let row = rows.first else { throw NotFound(entity: "token", id: "\(id)") }
            let prefix: String = try row.decode("prefix")
            try await AuditLog.record(
                AuditEntry(actor: actor, action: "revoke", entity: "api_token", entityID: "\(id)", after: ["prefix": prefix]),
                on: connection)
        }
    }

    private static func randomBase62(count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
