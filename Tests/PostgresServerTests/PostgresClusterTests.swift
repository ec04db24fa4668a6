import Foundation
import Postgres
@testable import PostgresServer
import Testing

@Suite("Private PostgreSQL cluster")
struct PostgresClusterTests {
    func temporaryDirectory() -> URL {
        URL(fileURLWithPath: "/tmp/schoolbroker-cluster-\(UUID().uuidString.prefix(8))")
    }

    @Test("start initialises and serves; start again reuses; stop stops; start again keeps the data")
    func lifecycle() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try PostgresCluster(dataDirectory: directory, settings: ["fsync": "off"])
        defer { try? cluster.stop() }
        #expect(!cluster.isInitialised)
        try cluster.start()
        #expect(cluster.isInitialised)
        #expect(cluster.isRunning)
        try cluster.start()  // already running: reused
        let connection = try await PostgresConnection.connect(configuration: cluster.configuration())
        try await connection.query("CREATE TABLE kept (note text)")
        try await connection.query("INSERT INTO kept VALUES (\("still here"))")
        await connection.close()
        try cluster.stop()
        #expect(!cluster.isRunning)
        try cluster.start()
        let again = try await PostgresConnection.connect(configuration: cluster.configuration())
        #expect(try await again.query("SELECT note FROM kept")[0].decode("note", as: String.self) == "still here")
        // Only the Unix socket in the data folder: no TCP listener unless asked for.
        #expect(try await again.query("SHOW listen_addresses")[0].decode(0, as: String.self) == "")
        await again.close()
        try cluster.stop()
    }

    @Test("the cluster stops when its owner process dies, crash or not")
    func watchdog() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try PostgresCluster(dataDirectory: directory)
        defer { try? cluster.stop() }
        try cluster.start()
        let owner = try Subprocess.launchDetached("/bin/sleep", ["60"])
        try cluster.stopWhenProcessExits(owner)
        #expect(cluster.isRunning)
        kill(owner, SIGKILL)
        var status: Int32 = 0
        waitpid(owner, &status, 0)
        let deadline = ContinuousClock.now + .seconds(10)
        while cluster.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
        #expect(!cluster.isRunning)
    }

    @Test("a cluster can also listen on a free TCP port on 127.0.0.1")
    func tcpPort() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try PostgresCluster.freeTCPPort()
        let cluster = try PostgresCluster(dataDirectory: directory, tcpPort: port)
        defer { try? cluster.stop() }
        try cluster.start()
        let overTCP = PostgresConfiguration(connectionString: "postgresql://postgres@127.0.0.1:\(port)/postgres")
        let connection = try await PostgresConnection.connect(configuration: overTCP)
        let row = try await connection.query("SELECT inet_server_port() AS port")[0]
        #expect(try row.decode("port", as: Int.self) == port)
        await connection.close()
    }

    @Test("missing server binaries name the Debian packages to install")
    func missingBinaries() throws {
        let error = #expect(throws: PostgresClusterError.self) {
            try PostgresBinaries.locate(
                environment: ["PATH": "/nonexistent"], debianRoot: URL(fileURLWithPath: "/nonexistent"))
        }
        #expect(error?.description.contains("apt-get install postgresql") == true)
    }

    @Test("a data folder too long for a Unix socket is refused clearly")
    func longPath() throws {
        let directory = URL(fileURLWithPath: "/tmp/" + String(repeating: "x", count: 120))
        let cluster = try PostgresCluster(dataDirectory: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: PostgresClusterError.self) { try cluster.start() }
    }
}
