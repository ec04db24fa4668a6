import Foundation

/// CPU time used so far by the three parties of an HTTP benchmark, from `/proc` and
/// `getrusage`: the daemon, the database cluster and the load generators this process ran.
struct ProcessCPU {
    /// The daemon's user + system seconds.
    var daemon: Double
    /// The postmaster's, its live children's, and its reaped children's (backends that have
    /// exited, such as pgbench's) user + system seconds.
    var database: Double
    /// The reaped children of this process (wrk, pgbench, hey): each counts once it has exited.
    var clients: Double

    /// A sample now.
    init(daemon: pid_t, postmaster: pid_t) {
        self.daemon = Self.stat(of: daemon).map { $0.own } ?? 0
        let server = Self.stat(of: postmaster)
        var database = (server?.own ?? 0) + (server?.reaped ?? 0)
        for pid in Self.processes() where pid != postmaster {
            guard let stat = Self.stat(of: pid), stat.parent == postmaster else { continue }
            database += stat.own
        }
        self.database = database
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        clients = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
    }

    private init(daemon: Double, database: Double, clients: Double) {
        self.daemon = daemon
        self.database = database
        self.clients = clients
    }

    /// The CPU used between `earlier` and this sample, per unit of work (µs each when `units` is
    /// the number of requests).
    func since(_ earlier: ProcessCPU, per units: Double) -> ProcessCPU {
        ProcessCPU(
            daemon: (daemon - earlier.daemon) / units * 1e6, database: (database - earlier.database) / units * 1e6,
            clients: (clients - earlier.clients) / units * 1e6)
    }

    var total: Double { daemon + database + clients }

    /// The postmaster's process id, from the first line of `postmaster.pid` in its data directory.
    static func postmaster(of dataDirectory: URL) -> pid_t? {
        let file = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        return file?.split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// Every process id in `/proc`. Read with `readdir`, which skips an entry that vanishes while
    /// it reads, where Foundation's listing failed as a whole now and then (backends exit).
    private static func processes() -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let pid = pid_t(name) { pids.append(pid) }
        }
        return pids
    }

    /// Parent, own and reaped children's CPU seconds of a process, from `/proc/PID/stat`.
    private static func stat(of pid: pid_t) -> (parent: pid_t, own: Double, reaped: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // Fields after the parenthesised command name, from the state (field 3): ppid is field 4,
        // utime, stime, cutime and cstime fields 14 to 17.
        let fields = text.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 14, let parent = pid_t(fields[1]) else { return nil }
        let ticks = fields[11...14].map { Double($0) ?? 0 }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (parent, (ticks[0] + ticks[1]) / hertz, (ticks[2] + ticks[3]) / hertz)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}
