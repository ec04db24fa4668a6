import Foundation
import Logging
import Postgres

/// A private PostgreSQL cluster in a data folder of our own, started with the server's
/// `initdb`/`pg_ctl` and reached through a Unix socket inside that folder — the embedded default
/// of `schoolbroker serve` and the database of the tests.
///
/// PostgreSQL refuses to run as root; when we are root, the server runs as the `postgres` system
/// user and the data folder is handed to it.
public final class PostgresCluster: Sendable {
    /// The cluster's data folder; the Unix socket lives here too.
    public let dataDirectory: URL
    /// TCP port on 127.0.0.1, or nil for the Unix socket only.
    public let tcpPort: Int?
    /// Settings passed to the server with `-c` (e.g. `fsync=off` for tests).
    public let settings: [String: String]
    let binaries: PostgresBinaries
    let logger: Logger

    /// Finds the server binaries; throws ``PostgresClusterError/binariesMissing(_:)`` naming the
    /// Debian packages to install when they are absent.
    public init(
        dataDirectory: URL, tcpPort: Int? = nil, settings: [String: String] = [:],
        logger: Logger = Logger(label: "schoolbroker.postgres-server")
    ) throws {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.tcpPort = tcpPort
        self.settings = settings
        self.binaries = try PostgresBinaries.locate()
        self.logger = logger
    }

    /// Port number in the socket's name (`.s.PGSQL.<port>`); with no TCP the default is fine.
    var socketPort: Int { tcpPort ?? 5432 }

    /// How to reach the cluster: its socket folder, the `postgres` superuser, and `database`.
    public func configuration(database: String = "postgres") -> PostgresConfiguration {
        PostgresConfiguration(
            connectionString: "host=\(dataDirectory.path) port=\(socketPort) user=postgres dbname=\(database)")
    }

    /// True once `initdb` has run in the data folder.
    public var isInitialised: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    /// True while a server is running on the data folder.
    public var isRunning: Bool {
        (try? binaries.run(.pgCtl, ["status", "-D", dataDirectory.path], asServerUser: true)) != nil
    }

    /// Initialises the folder if needed and starts the server, reusing one already running.
    public func start() throws {
        try prepareDirectory()
        if !isInitialised {
            logger.info("initialising PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDirectory.path)"])
            try binaries.run(
                .initdb,
                ["-D", dataDirectory.path, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                asServerUser: true)
        }
        if isRunning { return }
        var options = ["-k", quoted(dataDirectory.path), "-p", "\(socketPort)"]
        options += ["-c", tcpPort == nil ? "listen_addresses=''" : "listen_addresses=127.0.0.1"]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) { options += ["-c", "\(key)=\(value)"] }
        try binaries.run(
            .pgCtl,
            [
                "start", "-w", "-t", "60", "-D", dataDirectory.path, "-l", logFile.path, "-o",
                options.joined(separator: " "),
            ],
            asServerUser: true)
        logger.info("PostgreSQL cluster started", metadata: ["dataDirectory": "\(dataDirectory.path)"])
    }

    /// Stops the server (`fast`: rolls back open transactions and disconnects clients).
    public func stop(mode: String = "fast") throws {
        guard isRunning else { return }
        try binaries.run(.pgCtl, ["stop", "-w", "-m", mode, "-D", dataDirectory.path], asServerUser: true)
    }

    /// Restarts the server in place, as an operator would (`pg_ctl restart`).
    public func restart() throws {
        try stop()
        try start()
    }

    /// Stops the server when process `pid` exits, however it exits — a crash or a failed test
    /// included. A small shell watchdog polls the process and runs `pg_ctl stop`.
    public func stopWhenProcessExits(_ pid: Int32 = ProcessInfo.processInfo.processIdentifier, removeData: Bool = false)
        throws
    {
        var script = "while kill -0 \(pid) 2>/dev/null; do sleep 0.5; done; "
        script += binaries.commandLine(
            .pgCtl, ["stop", "-m", "immediate", "-D", dataDirectory.path], asServerUser: true)
        script += " >/dev/null 2>&1"
        if removeData { script += "; rm -rf \(quoted(dataDirectory.path))" }
        try Subprocess.launchDetached("/bin/sh", ["-c", script])
    }

    /// A TCP port on 127.0.0.1 that is free right now, for a cluster that should also listen on
    /// TCP (for tools that cannot use a Unix socket).
    public static func freeTCPPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw PostgresClusterError.commandFailed(command: "socket", status: errno, output: "")
        }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw PostgresClusterError.commandFailed(command: "bind", status: errno, output: "") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    var logFile: URL { dataDirectory.appendingPathComponent("server.log") }

    private func prepareDirectory() throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        // The socket path must fit in sockaddr_un (107 bytes).
        let socketPath = dataDirectory.appendingPathComponent(".s.PGSQL.\(socketPort)").path
        guard socketPath.utf8.count < 100 else { throw PostgresClusterError.pathTooLong(dataDirectory.path) }
        guard binaries.runsAsServerUser else {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory.path)
            return
        }
        try binaries.handToServerUser(dataDirectory)
    }
}

func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Why the cluster could not be started or stopped.
public enum PostgresClusterError: Error, CustomStringConvertible, Sendable {
    case binariesMissing(String)
    case commandFailed(command: String, status: Int32, output: String)
    case pathTooLong(String)
    case serverUserMissing

    public var description: String {
        switch self {
        case .binariesMissing(let what):
            "\(what) not found: install the PostgreSQL server (Debian: apt-get install postgresql postgresql-contrib) "
                + "or set DATABASE_URL to use an existing server"
        case .commandFailed(let command, let status, let output):
            "\(command) exited with status \(status): \(output)"
        case .pathTooLong(let path):
            "the data folder path '\(path)' is too long for a Unix socket; choose a shorter one"
        case .serverUserMissing:
            "running as root, but there is no 'postgres' system user to run the server as "
                + "(Debian: apt-get install postgresql creates it)"
        }
    }
}
