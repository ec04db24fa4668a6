import Foundation
import Postgres
import PostgresServer
import Synchronization
import TestSupport
import Testing

/// `schoolbroker serve` as an operator runs it: started, asked to stop with SIGTERM, as systemd or
/// Kubernetes would.
@Suite("schoolbroker serve")
struct ServeCommandTests {
    @Test("SIGTERM stops accepting, lets the in-flight request finish, closes the pool and exits 0")
    func gracefulShutdown() async throws {
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["migrate"]).status == 0)
            #expect(try await cli.run(["user", "create", "--name", "Ada", "--email", "ada@example.org", "--role", "admin"]).status == 0)
            let token = try await cli.run(["token", "create", "--user", "ada@example.org"])
            let secret = try #require(token.output.split(separator: "\n").last.map(String.init))

            let daemon = try Daemon(arguments: ["serve", "--port", "0"], environment: cli.variables)
            defer { daemon.kill() }
            let port = try await daemon.port()

            // Hold the schools table, so a school list stays in flight inside the daemon.
            let holder = try await PostgresConnection.connect(configuration: cli.configuration)
            try await holder.simpleQuery("BEGIN; LOCK TABLE schools IN ACCESS EXCLUSIVE MODE")
            let inFlight = Task {
                try await Self.curl(["-H", "Authorization: Bearer \(secret)", "http://127.0.0.1:\(port)/schools"])
            }
            // Watched from outside the holder's transaction, whose view of pg_stat_activity is fixed.
            let observer = try await PostgresConnection.connect(configuration: cli.configuration)
            try await eventually("the daemon's query waits on the lock") {
                try await observer.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )[0].decode("n", as: Int.self) >= 1
            }

            kill(daemon.pid, SIGTERM)
            // curl's exit status 7: the connection was refused.
            try await eventually("the daemon stops accepting") {
                try await Self.curl(["http://127.0.0.1:\(port)/healthz"]).status == 7
            }
            #expect(!daemon.hasExited, "the daemon must wait for its in-flight request")
            try await holder.simpleQuery("ROLLBACK")

            let answer = try await inFlight.value
            #expect(answer.status == 0 && answer.output == "200", "\(answer)")
            #expect(try await daemon.exitStatus() == 0, "\(daemon.log)")
            #expect(daemon.log.contains("stopped"))
            await holder.close()
            // A backend ends a moment after its client closes the connection.
            try await eventually("the pool's connections are closed") {
                try await observer.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )[0].decode("n", as: Int.self) == 0
            }
            await observer.close()
        }
    }

    @Test("without a configured database, serve starts the embedded cluster and SIGTERM stops it")
    func embeddedClusterStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataDirectory = directory.appendingPathComponent("postgres")
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let daemon = try Daemon(
            arguments: ["serve", "--port", "0", "--data-dir", dataDirectory.path], environment: environment)
        defer { daemon.kill() }
        let port = try await daemon.port()
        let ready = try await Self.curl(["http://127.0.0.1:\(port)/readyz"])
        #expect(ready.output == "200", "the embedded database is migrated: \(ready)")
        let postmaster = dataDirectory.appendingPathComponent("postmaster.pid").path
        #expect(FileManager.default.fileExists(atPath: postmaster))

        kill(daemon.pid, SIGTERM)
        #expect(try await daemon.exitStatus() == 0, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: postmaster), "the embedded cluster is stopped")
    }

    /// `curl` printing only the status code; its own exit status tells a refused connection.
    static func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await Subprocess.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "60"] + arguments)
    }
}

/// A `schoolbroker serve` process whose output goes to a file.
private final class Daemon: Sendable {
    let pid: pid_t
    private let logPath: String
    /// Whether ``exitStatus()`` has collected the process, after which its pid may be reused.
    private let collected = Mutex(false)

    init(arguments: [String], environment: [String: String]) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).log").path
        pid = try Subprocess.launch(CLIEnvironment.executable.path, arguments, environment: environment, outputPath: logPath)
    }

    deinit { unlink(logPath) }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Whether the process has ended: not yet collected, it is a zombie (state `Z` in `/proc`).
    var hasExited: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.range(of: ") ") else { return true }
        return stat[end.upperBound...].hasPrefix("Z")
    }

    /// The port it listens on, from its "listening" log line.
    func port() async throws -> Int {
        var port: Int?
        try await eventually("the daemon listens; its log:\n\(log)", timeout: .seconds(120)) {
            port = log.firstMatch(of: /url=http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
            return port != nil
        }
        return try #require(port)
    }

    /// Waits for the process to end; its exit status.
    func exitStatus() async throws -> Int32 {
        let status = try await Subprocess.waitForExit(pid, executable: CLIEnvironment.executable.path)
        collected.withLock { $0 = true }
        return status
    }

    /// Kills it if still running (a failed test must not leave it behind).
    func kill() {
        collected.withLock { if !$0 { _ = Foundation.kill(pid, SIGKILL) } }
    }
}

/// Polls `condition` every 50 ms until it holds, failing after `timeout`.
private func eventually(
    _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting until \(what)")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}
