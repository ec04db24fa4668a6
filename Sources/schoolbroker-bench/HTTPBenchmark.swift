import ArgumentParser
import Broker
import BrokerHTTP
import Foundation
import Postgres
import PostgresServer

/// The release daemon under `wrk` (a school's detail, a filtered school list) side by side with
/// `pgbench` running the same SELECTs the daemon runs for those requests (token lookup included),
/// at the same concurrency, against the same private cluster, in the same run — one statement
/// after another, and pipelined as the daemon sends a detail's. Reports rates, latencies (at
/// saturation, at one connection, and at a fixed offered rate with `hey`), its peak RSS, and the
/// CPU time each request costs the daemon, PostgreSQL and the load generator on both sides, with
/// the floors (HTTP alone, the generated server's JSON encoding) and the best ratio they allow.
struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Daemon (wrk) vs pgbench on the same SELECTs: school detail and a filtered school list."
    )

    @Option(help: "Schools in the generated data set.")
    var schools = 2000

    @Option(help: "Seconds per measurement.")
    var seconds = 10

    @Option(help: "Concurrent connections (wrk) and clients (pgbench).")
    var concurrency = 8

    @Option(help: "The daemon's pool size.")
    var poolSize = 8

    @Option(help: "Offered rate (requests/s over all connections) for the fixed-rate p99, with hey.")
    var rate = 1000

    func run() async throws {
        let directory = URL(fileURLWithPath: "/tmp/schoolbroker-bench-http-\(getpid())")
        let cluster = try PostgresCluster(dataDirectory: directory, settings: ["max_connections": "60"])
        try cluster.start()
        try cluster.stopWhenProcessExits(removeData: true)
        defer { try? cluster.stop() }
        let configuration = cluster.configuration()
        let (token, la) = try await load(configuration)

        let port = try Self.freePort()
        let serve = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("schoolbroker").path
        let daemon = try Subprocess.launchDetached(serve, [
            "serve", "--database-url", configuration.connectionString, "--port", "\(port)",
            "--pool-size", "\(poolSize)", "--log-level", "warning",
        ])
        defer { Self.stop(daemon) }
        try await Self.waitUntilReady(port: port)

        let work = directory.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let tokenLookup = """
            SELECT users.* FROM users JOIN api_tokens t ON t.user_id = users.id
            WHERE t.token_hash = sha256(convert_to('\(token)', 'UTF8')) AND t.revoked_at IS NULL;
            """
        let cases: [(name: String, lua: String, sql: String, statements: String, path: String,
                     response: ResponseEncodingFloor.Response)] = [
            ("school detail", Self.detailLua(token: token, schools: schools),
             "\\set urn random(\(DemoCounty.firstURN), \(DemoCounty.firstURN + schools - 1))\n\(tokenLookup)\n", Self.detailSQL,
             "/schools/\(DemoCounty.firstURN + schools / 2)", .schoolDetail),
            ("filtered school list", Self.listLua(token: token, la: la), "\(tokenLookup)\n", Self.listSQL(la: la),
             Self.listPath(la: la), .schoolPage),
        ]
        guard let postmaster = ProcessCPU.postmaster(of: directory) else { throw ValidationError("no postmaster.pid") }
        func cpu() -> ProcessCPU { ProcessCPU(daemon: daemon, postmaster: postmaster) }
        // pgbench's backends are still exiting when it returns, their time in neither the live
        // processes' nor the postmaster's account (measured: 15 % of it): sample until it is still.
        func settledCPU() async throws -> ProcessCPU {
            var last = cpu()
            for _ in 0..<20 {
                try await Task.sleep(for: .milliseconds(100))
                let next = cpu()
                if next.database == last.database { return next }
                last = next
            }
            return last
        }
        // The HTTP floor: a route with no database and no JSON body.
        let healthLua = work.appendingPathComponent("health.lua")
        try "wrk.path = \"/healthz\"\n".write(to: healthLua, atomically: true, encoding: .utf8)
        _ = try Self.wrk(port: port, script: healthLua.path, connections: concurrency, seconds: 2)
        let healthStart = cpu()
        let health = try Self.wrk(port: port, script: healthLua.path, connections: concurrency, seconds: seconds)
        let healthCPU = cpu().since(healthStart, per: health.requests)

        var rows: [String] = []
        var cpuRows: [String] = []
        var json: [String] = []
        for (index, benchCase) in cases.enumerated() {
            let lua = work.appendingPathComponent("case\(index).lua")
            let sequential = work.appendingPathComponent("case\(index).sql")
            let pipelined = work.appendingPathComponent("case\(index)-pipelined.sql")
            try benchCase.lua.write(to: lua, atomically: true, encoding: .utf8)
            try (benchCase.sql + benchCase.statements).write(to: sequential, atomically: true, encoding: .utf8)
            try (benchCase.sql + "\\startpipeline\n" + benchCase.statements + "\n\\endpipeline\n")
                .write(to: pipelined, atomically: true, encoding: .utf8)
            _ = try Self.wrk(port: port, script: lua.path, connections: concurrency, seconds: 2)  // warm-up
            let httpStart = cpu()
            let http = try Self.wrk(port: port, script: lua.path, connections: concurrency, seconds: seconds)
            let httpCPU = cpu().since(httpStart, per: http.requests)
            let single = try Self.wrk(port: port, script: lua.path, connections: 1, seconds: seconds / 2 + 1)
            let url = "http://127.0.0.1:\(port)\(benchCase.path)"
            let pacedStart = cpu()
            let paced = try Self.hey(url: url, token: token, rate: rate, connections: concurrency, seconds: seconds)
            let pacedCores = cpu().since(pacedStart, per: Double(seconds)).total / 1e6
            let target = configuration.connectionString
            let peerStart = cpu()
            let peer = try Self.pgbench(script: sequential.path, clients: concurrency, seconds: seconds, target: target)
            let peerCPU = try await settledCPU().since(peerStart, per: peer.transactions)
            let pipelinedPeer = try Self.pgbench(script: pipelined.path, clients: concurrency, seconds: seconds, target: target)
            // The detail's body varies from school to school: average over schools spread as wrk's are.
            let sampled = benchCase.response == .schoolDetail
                ? stride(from: 0, to: schools, by: max(1, schools / 100)).map {
                    "http://127.0.0.1:\(port)/schools/\(DemoCounty.firstURN + $0)"
                }
                : [url]
            let encoding = try await Self.encodingFloor(urls: sampled, token: token, response: benchCase.response)
            rows.append(
                "| \(benchCase.name) | \(Int(http.rate)) | \(http.p50) / \(http.p99) | \(Int(peer.tps)) | "
                    + String(format: "%.0f %%", http.rate / peer.tps * 100) + " | \(Int(pipelinedPeer.tps)) | "
                    + String(format: "%.0f %%", http.rate / pipelinedPeer.tps * 100) + " | \(Int(single.rate)), \(single.p99) | "
                    + "\(Int(paced.rate)), \(paced.p99), " + String(format: "%.2f", pacedCores) + " cores | "
                    + "\(Int(httpCPU.daemon)) µs |")
            // Every request costs the machine's cores at least the database's work for its SELECTs
            // (the less of the two sides' measures), wrk's, and the daemon's floor: HTTP (/healthz)
            // plus the generated server's encoding of the body. So the daemon can serve at most
            // cores / floor requests a second, whatever else is made faster.
            let floor = min(httpCPU.database, peerCPU.database) + httpCPU.clients + healthCPU.daemon + encoding
            let mostRate = Double(ProcessInfo.processInfo.activeProcessorCount) * 1e6 / floor
            let bestRatio = mostRate / peer.tps
            cpuRows.append(
                "| \(benchCase.name) | \(Int(httpCPU.daemon)) | \(Int(httpCPU.database)) | \(Int(httpCPU.clients)) | "
                    + "\(Int(peerCPU.database)) | \(Int(peerCPU.clients)) | \(Int(healthCPU.daemon)) | \(Int(encoding)) | "
                    + String(format: "%.0f %% | %.0f %% |", peerCPU.total / httpCPU.total * 100, bestRatio * 100)
                    + " \(Int(mostRate)) |")
            json.append(
                "\"\(benchCase.name)\": {\"rps\": \(Int(http.rate)), \"p99\": \"\(http.p99)\", \"pgbench_tps\": \(Int(peer.tps)), "
                    + "\"pgbench_pipelined_tps\": \(Int(pipelinedPeer.tps)), \"paced_rps\": \(Int(paced.rate)), "
                    + "\"paced_p99\": \"\(paced.p99)\", \"cpu_us_per_request\": \(Int(httpCPU.daemon)), "
                    + "\"best_ratio\": " + String(format: "%.2f", bestRatio) + "}")
        }
        let rss = Self.peakRSS(of: daemon)
        print("concurrency \(concurrency), \(seconds) s each, \(schools) schools, daemon pool \(poolSize)")
        print(
            "| request | daemon req/s | p50 / p99 | pgbench tps (same SELECTs) | ratio | pgbench pipelined tps | ratio "
                + "| 1 connection: req/s, p99 | offered \(rate)/s: req/s, p99, CPU used | daemon CPU per request |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows.forEach { print($0) }
        print("\nCPU per request, µs; /healthz: \(Int(health.rate)) req/s")
        print(
            "| request | daemon | its PostgreSQL | wrk | pgbench's PostgreSQL | pgbench | floor: HTTP (/healthz) "
                + "| floor: JSON encoding | ratio from CPU | best ratio (floors) | most req/s (floors) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        cpuRows.forEach { print($0) }
        print("daemon peak RSS: \(rss / 1024) MB")
        print("{" + json.joined(separator: ", ") + ", \"healthz_rps\": \(Int(health.rate)), \"rss_mb\": \(rss / 1024)}")
    }

    /// µs the generated server spends encoding the bodies `urls` answer with, on average.
    static func encodingFloor(urls: [String], token: String, response: ResponseEncodingFloor.Response) async throws
        -> Double
    {
        var total = Duration.zero
        for url in urls {
            let (status, body) = try await Subprocess.run("/usr/bin/curl", ["-fsS", "-H", "Authorization: Bearer \(token)", url])
            guard status == 0 else { throw ValidationError("curl \(url) failed: \(body)") }
            total += try await ResponseEncodingFloor.encodingTime(
                of: Data(body.utf8), as: response, repetitions: max(20, 2000 / urls.count))
        }
        let mean = total / urls.count
        return Double(mean.components.attoseconds) / 1e12 + Double(mean.components.seconds) * 1e6
    }

    /// Loads a generated data set and returns an admin token for it and the LA with the most
    /// schools (the list's filter).
    private func load(_ configuration: PostgresConfiguration) async throws -> (token: String, la: Int) {
        let connection = try await PostgresConnection.connect(configuration: configuration)
        try await SchoolBrokerSchema.migrator().migrate(on: connection)
        await connection.close()
        let pool = PostgresPool(configuration: configuration, maximumConnections: 2)
        defer { Task { await pool.close() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-bench-http-data")
        let files = try DemoCounty.write(schools: schools, seed: 1, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        var imports: [(ImportKind, URL, Int?)] = [(.gias, files.gias, nil), (.ofsted, files.ofsted, nil)]
        for year in DemoCounty.academicYears { imports += [(.ks2, files.ks2[year]!, year), (.ks4, files.ks4[year]!, year)] }
        for (kind, url, year) in imports {
            _ = try await kind.run(url, academicYear: year, into: pool, policy: .allOrNothing)
        }
        // The detail shows the latest analysis' areas and strengths, as in use.
        _ = try await AnalysisRunner(pool: pool).run(academicYear: DemoCounty.academicYears.last!)
        // Settle what loading leaves to do (hint bits, autovacuum, a checkpoint), so that it does not
        // fall into the first measured run and count against the daemon's PostgreSQL time.
        try await pool.query("VACUUM ANALYZE")
        try await pool.query("CHECKPOINT")
        let admin = try await UserStore.create(.init(name: "Bench", email: "bench@example.org", role: .admin), in: pool)
        let la = try await pool.query("SELECT la_code FROM schools GROUP BY la_code ORDER BY count(*) DESC, la_code LIMIT 1")
        return (try await TokenStore.create(for: admin, in: pool).secret, try la[0].decode(0, as: Int.self))
    }

    /// The statements `GET /schools/{urn}` pipelines for an admin (school, needs, measures with
    /// comparators, inspections, level history, the latest analysis' result, areas and strengths).
    static let detailSQL = """
        SELECT s.*, t.name AS trust_name, c.latitude, c.longitude FROM schools s
          LEFT JOIN trusts t ON t.reference = s.trust_reference LEFT JOIN school_coordinates c ON c.urn = s.urn
          WHERE s.urn = :urn;
        SELECT * FROM needs n WHERE n.urn = :urn ORDER BY n.id DESC;
        SELECT m.*, d.title, la.value AS la_value, en.value AS en_value FROM school_measures m
          LEFT JOIN measures d ON d.dataset = m.dataset AND d.code = m.measure
          LEFT JOIN comparator_measures la ON la.level = 'local-authority'
            AND la.la_code = (SELECT la_code FROM schools WHERE urn = :urn) AND la.record_group = ''
            AND la.academic_year = m.academic_year AND la.dataset = m.dataset AND la.measure = m.measure
          LEFT JOIN LATERAL (SELECT e.value FROM comparator_measures e WHERE e.level = 'england' AND e.la_code = 0
            AND e.academic_year = m.academic_year AND e.dataset = m.dataset AND e.measure = m.measure
            ORDER BY e.record_group LIMIT 1) en ON true
          WHERE m.urn = :urn ORDER BY m.academic_year DESC, m.dataset, m.measure;
        SELECT * FROM inspections WHERE urn = :urn ORDER BY framework;
        SELECT 'proposed' AS event, runs.academic_year, r.level, r.run_id, runs.finished_at AS at
          FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id WHERE r.urn = :urn
          UNION ALL SELECT kind::text, academic_year, level, proposed_by_run, decided_at FROM level_decisions
          WHERE urn = :urn ORDER BY at, event DESC;
        SELECT r.run_id, runs.academic_year, runs.rules_version, r.level, e.document FROM analysis_results r
          JOIN analysis_runs runs ON runs.id = r.run_id
          JOIN analysis_explanations e ON e.run_id = r.explained_by AND e.urn = r.urn
          WHERE r.urn = :urn AND r.run_id = (SELECT r.run_id FROM analysis_results r
            JOIN analysis_runs runs ON runs.id = r.run_id WHERE r.urn = :urn ORDER BY runs.finished_at DESC, r.run_id DESC LIMIT 1);
        SELECT area_code, position, severity FROM analysis_areas WHERE urn = :urn AND run_id = (SELECT r.run_id
          FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id WHERE r.urn = :urn
          ORDER BY runs.finished_at DESC, r.run_id DESC LIMIT 1) ORDER BY position;
        SELECT area_code, position, strength FROM analysis_strengths WHERE urn = :urn AND run_id = (SELECT r.run_id
          FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id WHERE r.urn = :urn
          ORDER BY runs.finished_at DESC, r.run_id DESC LIMIT 1) ORDER BY position;
        """

    /// The statement `GET /schools?la=LA&phase=Primary&limit=20` runs.
    static func listSQL(la: Int) -> String {
        """
        SELECT s.urn, s.name, s.la_code, s.phase, s.postcode, t.name AS trust_name FROM schools s
          LEFT JOIN trusts t ON t.reference = s.trust_reference
          WHERE s.la_code = \(la) AND lower(s.phase) = lower('Primary') ORDER BY s.name, s.urn LIMIT 21;
        """
    }

    static func listPath(la: Int) -> String { "/schools?la=\(la)&phase=Primary&limit=20" }

    static func detailLua(token: String, schools: Int) -> String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        math.randomseed(1)
        request = function()
          return wrk.format("GET", "/schools/" .. tostring(\(DemoCounty.firstURN - 1) + math.random(\(schools))))
        end
        """
    }

    static func listLua(token: String, la: Int) -> String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        wrk.path = "\(listPath(la: la))"
        """
    }

    struct WrkResult {
        var rate: Double
        /// Requests completed.
        var requests: Double
        var p50: String
        var p99: String
    }

    static func wrk(port: Int, script: String, connections: Int, seconds: Int) throws -> WrkResult {
        let (status, output) = try Subprocess.run("/usr/bin/wrk", [
            "-t", "\(min(connections, 2))", "-c", "\(connections)", "-d", "\(seconds)s", "--latency", "-s", script,
            "http://127.0.0.1:\(port)",
        ])
        guard status == 0, !output.contains("Non-2xx"),
            let rateLine = output.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
            let rate = Double(rateLine.split(separator: " ").last ?? "")
        else { throw ValidationError("wrk failed or saw errors:\n\(output)") }
        func percentile(_ label: String) -> String {
            let line = output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
            return line.map { String($0.split(separator: " ").last ?? "?") } ?? "?"
        }
        let requests = output.split(separator: "\n").first { $0.contains(" requests in ") }
            .flatMap { Double($0.split(separator: " ").first ?? "") } ?? rate * Double(seconds)
        return WrkResult(rate: rate, requests: requests, p50: percentile("50%"), p99: percentile("99%"))
    }

    /// `hey` at a fixed offered rate, for p99 below saturation: one URL (hey cannot vary it), so
    /// the detail case asks for one school throughout. Its `-q` paces each connection, which waits
    /// for its answer before the next request: with at least one connection per 40 requests a
    /// second, answers up to 25 ms late still leave the offered rate intact.
    static func hey(url: String, token: String, rate: Int, connections: Int, seconds: Int) throws -> WrkResult {
        let connections = max(connections, rate / 40)
        let (status, output) = try Subprocess.run("/usr/bin/hey", [
            "-z", "\(seconds)s", "-c", "\(connections)", "-q", "\(max(1, rate / connections))",
            "-H", "Authorization: Bearer \(token)", url,
        ])
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        func milliseconds(_ label: String) -> String {
            guard let line = lines.first(where: { $0.hasPrefix(label) }),
                let value = Double(line.split(whereSeparator: \.isWhitespace).dropFirst(2).first ?? "")
            else { return "?" }
            return String(format: "%.2fms", value * 1000)
        }
        guard status == 0, lines.contains(where: { $0.hasPrefix("[200]") }),
            !lines.contains(where: { $0.hasPrefix("[") && !$0.hasPrefix("[200]") }),
            let rateLine = lines.first(where: { $0.hasPrefix("Requests/sec:") }),
            let achieved = Double(rateLine.split(whereSeparator: \.isWhitespace).last ?? "")
        else { throw ValidationError("hey failed or saw errors (apt install hey):\n\(output)") }
        return WrkResult(
            rate: achieved, requests: achieved * Double(seconds), p50: milliseconds("50% in"), p99: milliseconds("99% in"))
    }

    static func pgbench(script: String, clients: Int, seconds: Int, target: String) throws
        -> (tps: Double, transactions: Double, output: String)
    {
        let (status, output) = try Subprocess.run("/usr/bin/pgbench", [
            "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)", "-f", script, target,
        ])
        guard status == 0, let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).split(separator: " ")[0])
        else { throw ValidationError("pgbench failed:\n\(output)") }
        let transactions = output.split(separator: "\n").first { $0.hasPrefix("number of transactions actually processed: ") }
            .flatMap { Double($0.split(separator: " ").last?.split(separator: "/").first ?? "") } ?? tps * Double(seconds)
        return (tps, transactions, output)
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw ValidationError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitUntilReady(port: Int) async throws {
        for _ in 0..<120 {
            let (status, _) = try await Subprocess.run("/usr/bin/curl", ["-fsS", "http://127.0.0.1:\(port)/readyz"])
            if status == 0 { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw ValidationError("the daemon did not become ready")
    }

    /// VmHWM (peak resident set) in kB.
    static func peakRSS(of pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }

    /// SIGTERM, then reap (SIGKILL after 15 s).
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<150 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
