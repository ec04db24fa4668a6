import Broker
import Foundation
import Postgres

extension BrokerAPI {
    /// Runs a create in one transaction, under the request's `Idempotency-Key` when it has one
    /// (a retry gets the first answer back). `route` and `body` fingerprint the request.
    func keyedCreate<Response: Codable & Sendable>(
        key: String?, user: User, route: String, body: some Encodable,
        _ create: (PostgresConnection) async throws -> Response
    ) async throws -> Response {
        guard let key else { return try await pool.withTransaction(create) }
        let fingerprint = route + " " + String(decoding: try APIValues.canonicalJSON(body), as: UTF8.self)
        return try await IdempotencyStore.perform(key: key, user: user, fingerprint: fingerprint, status: 201, in: pool, create)
            .response
    }
}
