import Postgres

/// One write as the audit log records it: who did what to which entity, and its state before and
/// after (as JSON).
public struct AuditEntry<Value: Codable & Sendable>: Sendable {
    public var actor: User?
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: Value?
    public var after: Value?

    public init(actor: User?, action: String, entity: String, entityID: String, before: Value? = nil, after: Value? = nil) {
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

/// The audit log: every write is recorded on the connection (and so in the transaction) that
/// makes it, so a write and its record commit or roll back together.
public enum AuditLog {
    /// Records `entry` on `connection`; call it inside the write's transaction.
    public static func record<Value>(_ entry: AuditEntry<Value>, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after)
            VALUES (\(entry.actor?.id), \(entry.action), \(entry.entity), \(entry.entityID),
                    \(entry.before.map(PostgresJSON.init)), \(entry.after.map(PostgresJSON.init)))
            """)
    }
}
