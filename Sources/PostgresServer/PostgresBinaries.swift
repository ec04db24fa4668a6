import Foundation

/// The PostgreSQL server programs, found on `PATH` or in Debian's `/usr/lib/postgresql/*/bin`,
/// run directly or — when we are root — as the `postgres` system user.
struct PostgresBinaries: Sendable {
    enum Program: String {
        case initdb
        case pgCtl = "pg_ctl"
    }

    let directory: URL
    /// True when we are root and must run the server as `postgres`.
    let runsAsServerUser: Bool

    static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        debianRoot: URL = URL(fileURLWithPath: "/usr/lib/postgresql")
    ) throws -> PostgresBinaries {
        var candidates: [URL] = []
        if let explicit = environment["SCHOOLBROKER_PG_BIN"] { candidates.append(URL(fileURLWithPath: explicit)) }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot.path)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append(debianRoot.appendingPathComponent(version).appendingPathComponent("bin"))
        }
        for entry in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(entry)))
        }
        let fileManager = FileManager.default
        guard
            let directory = candidates.first(where: { directory in
                [Program.initdb, .pgCtl].allSatisfy {
                    fileManager.isExecutableFile(atPath: directory.appendingPathComponent($0.rawValue).path)
                }
            })
        else { throw PostgresClusterError.binariesMissing("initdb and pg_ctl") }
        let isRoot = getuid() == 0
        if isRoot, getpwnam("postgres") == nil { throw PostgresClusterError.serverUserMissing }
        return PostgresBinaries(directory: directory, runsAsServerUser: isRoot)
    }

    func path(_ program: Program) -> String { directory.appendingPathComponent(program.rawValue).path }

    /// A shell command line for `program`, wrapped in `runuser` when the server user is needed.
    func commandLine(_ program: Program, _ arguments: [String], asServerUser: Bool) -> String {
        let command = ([path(program)] + arguments).map(quoted).joined(separator: " ")
        return asServerUser && runsAsServerUser ? "runuser -u postgres -- \(command)" : command
    }

    /// Runs `program` to completion; a non-zero exit throws with its output.
    @discardableResult
    func run(_ program: Program, _ arguments: [String], asServerUser: Bool) throws -> String {
        let (status, output) =
            asServerUser && runsAsServerUser
            ? try Subprocess.run("/usr/sbin/runuser", ["-u", "postgres", "--", path(program)] + arguments)
            : try Subprocess.run(path(program), arguments)
        guard status == 0 else {
            throw PostgresClusterError.commandFailed(command: program.rawValue, status: status, output: output)
        }
        return output
    }

    /// Gives the data folder to `postgres` and makes sure that user can reach it.
    func handToServerUser(_ directory: URL) throws {
        // getpwnam_r, not getpwnam: the latter's static record is overwritten by any other
        // thread's user lookup (Foundation's attributesOfItem does one), so parallel tests could
        // hand the folder to the wrong user.
        var record = passwd()
        var buffer = [CChar](repeating: 0, count: 16_384)
        var found: UnsafeMutablePointer<passwd>?
        guard getpwnam_r("postgres", &record, &buffer, buffer.count, &found) == 0, found != nil else {
            throw PostgresClusterError.serverUserMissing
        }
        let fileManager = FileManager.default
        try fileManager.setAttributes(
            [
                .ownerAccountID: Int(record.pw_uid), .groupOwnerAccountID: Int(record.pw_gid),
                .posixPermissions: 0o700,
            ],
            ofItemAtPath: directory.path)
        // Every parent must be traversable by the server user.
        var parent = directory.deletingLastPathComponent()
        while parent.path != "/" {
            let attributes = try fileManager.attributesOfItem(atPath: parent.path)
            let mode = (attributes[.posixPermissions] as? Int) ?? 0
            if mode & 0o001 == 0 {
                throw PostgresClusterError.commandFailed(
                    command: "prepare data folder", status: 1,
                    output:
                        "the postgres user cannot enter '\(parent.path)'; choose a data folder outside it (e.g. under /tmp or /var/lib)"
                )
            }
            parent = parent.deletingLastPathComponent()
        }
    }
}
