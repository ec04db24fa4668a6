import Postgres

/// Makes a create safe to retry: the first request with an `Idempotency-Key` runs and its answer
/// is stored in the same transaction; a retry with the same key and the same request gets that
/// answer back without running again; the same key with a different request is refused.
public enum IdempotencyStore {
    /// What a keyed create answered.
    public struct Outcome<Response: Codable & Sendable>: Sendable {
        public var response: Response
        /// True when this is the stored answer of an earlier request.
        public var replayed: Bool
    }

    /// How long a key is remembered.
    public static let retention = "24 hours"

    /// Runs `create` in a transaction under `key`, or replays the answer stored under it.
    /// - Parameters:
    ///   - fingerprint: identifies the request (method, path and body), so a reused key is caught.
    /// - Throws: ``Conflict`` when the key was used for a different request; whatever `create` throws
    ///   (nothing is stored then).
    public static func perform<Response: Codable & Sendable>(
        key: String, user: User, fingerprint: String, status: Int, in pool: PostgresPool,
        _ create: (PostgresConnection) async throws -> Response
    ) async throws -> Outcome<Response> {
        guard !key.isEmpty, key.count <= 255 else {
            throw ValidationFailed([FieldError("Idempotency-Key", "must be 1 to 255 characters")])
        }
        return try await pool.withTransaction { connection in
            // Serialises concurrent requests with the same key: the second waits for the first to commit.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), \(user.id)))")
            let stored = try await connection.query(
                """
                SELECT request_fingerprint, response_body FROM idempotency_keys
                WHERE user_id = \(user.id) AND key = \(key) AND expires_at > now()
                """)
            if let row = stored.first {
                guard try row.decode("request_fingerprint", as: String.self) == fingerprint else {
                    throw Conflict("this Idempotency-Key was used for a different request")
                }
                let body: PostgresJSON<Response> = try row.decode("response_body")
                return Outcome(response: body.value, replayed: true)
            }
            let response = try await create(connection)
            try await connection.query(
                """
                INSERT INTO idempotency_keys (key, user_id, request_fingerprint, response_status, response_body, expires_at)
                VALUES (\(key), \(user.id), \(fingerprint), \(status), \(PostgresJSON(response)),
                        now() + \(retention)::interval)
                ON CONFLICT (user_id, key) DO UPDATE SET request_fingerprint = excluded.request_fingerprint,
                    response_status = excluded.response_status, response_body = excluded.response_body,
                    created_at = now(), expires_at = excluded.expires_at
                """)
            return Outcome(response: response, replayed: false)
        }
    }
}
