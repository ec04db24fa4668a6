import Logging
import Postgres
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// Records log messages so a test can see what reached swift-log.
final class RecordingLogHandler: LogHandler, Sendable {
    let messages = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        messages.withLock { $0.append(event.message.description) }
    }
}

@Suite("Notices and service lifecycle")
struct ObservabilityTests {
    @Test("server notices go to swift-log")
    func notices() async throws {
        let handler = RecordingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        let connection = try await PostgresConnection.connect(
            configuration: try await TestDatabase.serverConfiguration(), logger: logger)
        try await connection.simpleQuery("DO $$ BEGIN RAISE NOTICE 'capacity check for %', 'St Anne''s'; END $$")
        await connection.close()
        #expect(handler.messages.withLock { $0 }.contains { $0.contains("capacity check for St Anne's") })
    }

    @Test("the pool runs as a service and closes on graceful shutdown")
    func gracefulShutdown() async throws {
        try await TestDatabase.withDatabase { pool in
            let group = ServiceGroup(services: [pool], logger: Logger(label: "test"))
            let running = Task { try await group.run() }
            #expect(try await pool.query("SELECT 1 AS n")[0].decode("n", as: Int.self) == 1)
            await group.triggerGracefulShutdown()
            try await running.value
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.kind == .poolClosed)
            #expect(pool.statistics().open == 0)
        }
    }
}
