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

    /// Stores a run's answer under its key, on the run's own connection, inside its transaction.
    public typealias Recorder<Response> = @Sendable (PostgresConnection, Response) async throws -> Void

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
        try validate(key)
        return try await pool.withTransaction { connection in
            // Serialises concurrent requests with the same key: the second waits for the first to commit.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), \(user.id)))")
            if let stored: Response = try await storedAnswer(key: key, user: user, fingerprint: fingerprint, on: connection) {
                return Outcome(response: stored, replayed: true)
            }
            let response = try await create(connection)
            try await record(response, key: key, user: user, fingerprint: fingerprint, status: status, on: connection)
            return Outcome(response: response, replayed: false)
        }
    }

    /// Runs `run` under `key`, or replays the answer stored under it, for work that commits in a
    /// transaction of its own (analysis and match runs, which choose their isolation and locks).
    ///
    /// `run` gets a recorder to call inside its transaction just before it commits, so the run
    /// and its answer commit together: a crash between them cannot leave a run whose retry runs
    /// again. Of two concurrent requests with one key, the one that commits second finds the
    /// first's answer when recording; its run rolls back and the first's answer is replayed. A
    /// run that stores nothing (a dry run) need not record; its retry simply runs again.
    /// - Throws: ``Conflict`` when the key was used for a different request; whatever `run` throws.
    public static func performRun<Response: Codable & Sendable>(
        key: String, user: User, fingerprint: String, status: Int, in pool: PostgresPool,
        _ run: (_ record: @escaping Recorder<Response>) async throws -> Response
    ) async throws -> Outcome<Response> {
        try validate(key)
        let stored: @Sendable () async throws -> Response? = {
            try await pool.withConnection { try await storedAnswer(key: key, user: user, fingerprint: fingerprint, on: $0) }
        }
        if let answer = try await stored() { return Outcome(response: answer, replayed: true) }
        do {
            let response = try await run { connection, response in
                try await record(response, key: key, user: user, fingerprint: fingerprint, status: status, on: connection)
            }
            return Outcome(response: response, replayed: false)
        } catch let error where error is AnswerAlreadyStored || (error as? PostgresError)?.sqlState == "40001" {
            // Recording met a concurrent request's answer (under repeatable read, as a
            // serialisation failure); this run rolled back.
            guard let answer = try await stored() else { throw error }
            return Outcome(response: answer, replayed: true)
        }
    }

    private static func validate(_ key: String) throws {
        guard !key.isEmpty, key.count <= 255 else {
            throw ValidationFailed([FieldError("Idempotency-Key", "must be 1 to 255 characters")])
        }
    }

    /// The live answer stored under the key, if any.
    /// - Throws: ``Conflict`` when it answered a different request.
    private static func storedAnswer<Response: Codable & Sendable>(
        key: String, user: User, fingerprint: String, on connection: PostgresConnection
    ) async throws -> Response? {
        let stored = try await connection.query(
            """
            SELECT request_fingerprint, response_body FROM idempotency_keys
            WHERE user_id = \(user.id) AND key = \(key) AND expires_at > now()
            """)
        guard let row = stored.first else { return nil }
        guard try row.decode("request_fingerprint", as: String.self) == fingerprint else {
            throw Conflict("this Idempotency-Key was used for a different request")
        }
        return try row.decode("response_body", as: PostgresJSON<Response>.self).value
    }

    /// Stores the answer under the key, replacing an expired one.
    /// - Throws: ``AnswerAlreadyStored`` when a live answer is stored under the key.
    private static func record<Response: Codable & Sendable>(
        _ response: Response, key: String, user: User, fingerprint: String, status: Int,
        on connection: PostgresConnection
    ) async throws {
        let stored = try await connection.query(
            """
            INSERT INTO idempotency_keys (key, user_id, request_fingerprint, response_status, response_body, expires_at)
            VALUES (\(key), \(user.id), \(fingerprint), \(status), \(PostgresJSON(response)),
                    now() + \(retention)::interval)
            ON CONFLICT (user_id, key) DO UPDATE SET request_fingerprint = excluded.request_fingerprint,
                response_status = excluded.response_status, response_body = excluded.response_body,
                created_at = now(), expires_at = excluded.expires_at
            WHERE idempotency_keys.expires_at <= now()
            """)
        guard stored.affectedRows == 1 else { throw AnswerAlreadyStored() }
    }

    /// A concurrent request with the same key stored its answer first.
    struct AnswerAlreadyStored: Error {}
}
