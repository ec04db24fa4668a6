import Broker
import Foundation
import Postgres

extension BrokerAPI {
    /// Runs a create in one transaction, under the request's `Idempotency-Key` when it has one
    /// (a retry gets the first answer back, marked `Idempotent-Replayed`). `route` and `body`
    /// fingerprint the request.
    func keyedCreate<Response: Codable & Sendable>(
        key: String?, user: User, route: String, body: some Encodable,
        _ create: (PostgresConnection) async throws -> Response
    ) async throws -> Response {
        guard let key else { return try await pool.withTransaction(create) }
        return Self.answer(
            try await IdempotencyStore.perform(
                key: key, user: user, fingerprint: try Self.requestFingerprint(route, body), status: 201, in: pool, create))
    }

    /// The keyed create's answer; a replayed one is marked as such on the response.
    static func answer<Response>(_ outcome: IdempotencyStore.Outcome<Response>) -> Response {
        if outcome.replayed { IdempotentReplayMiddleware.markReplayed() }
        return outcome.response
    }

    /// What a retry under the same `Idempotency-Key` must repeat: the route and the body in
    /// canonical JSON.
    static func requestFingerprint(_ route: String, _ body: some Encodable) throws -> String {
        route + " " + String(decoding: try APIValues.canonicalJSON(body), as: UTF8.self)
    }
}
