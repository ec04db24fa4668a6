import Foundation

/// Runs a program with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process.waitUntilExit` was seen to hang forever on Linux after `pg_ctl start`
/// (whose server child outlives it); plain POSIX calls have no such run-loop dependency. Output
/// goes to a temporary file rather than a pipe, so a daemon that inherits it cannot hold us up.
public enum Subprocess {
    /// Runs `executable` to completion; returns its exit status and combined output.
    /// `environment` replaces ours when given.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolbroker-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        let pid = try launch(executable, arguments, environment: environment, outputPath: outputPath)
        let status = try waitForExit(pid, executable: executable)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Starts `executable` with standard input from `/dev/null` and its combined output going to
    /// the file at `outputPath`, and does not wait; ``waitForExit(_:executable:)`` collects it.
    /// `environment` replaces ours when given. Returns its process id.
    public static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, outputPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        resetSignals(&attributes, flags: 0)
        return try spawn(executable, arguments, environment: environment, actions: &actions, attributes: &attributes)
    }

    /// Blocks until the child `pid` exits; returns its exit status (128 + the signal's number
    /// when a signal ended it).
    public static func waitForExit(_ pid: pid_t, executable: String) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw PostgresClusterError.commandFailed(command: executable, status: -1, output: "waitpid failed")
            }
        }
        // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `executable` to completion like ``run(_:_:environment:)``, but waits on a thread of
    /// its own, so awaiting it never parks one of the cooperative pool's few threads.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try run(executable, arguments, environment: environment) }
    }

    /// Waits for the child `pid` like ``waitForExit(_:executable:)``, on a thread of its own.
    public static func waitForExit(_ pid: pid_t, executable: String) async throws -> Int32 {
        try await onOwnThread { try waitForExit(pid, executable: executable) }
    }

    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Starts `executable` in the background with no standard streams, and does not wait.
    /// Returns its process id.
    @discardableResult
    public static func launchDetached(_ executable: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Its own session: killing our process group (a test runner's timeout) must not kill it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        resetSignals(&attributes, flags: 0x80)  // POSIX_SPAWN_SETSID (glibc), not imported
        return try spawn(executable, arguments, environment: nil, actions: &actions, attributes: &attributes)
    }

    /// Swift's threads are libdispatch workers, which block every signal; a child inherits that
    /// mask, and then `pgbench -T` never sees its SIGALRM nor a server its SIGTERM. Give the child
    /// an empty mask and default handlers.
    private static func resetSignals(_ attributes: inout posix_spawnattr_t, flags: Int16) {
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK (glibc values; the macros are not imported).
        posix_spawnattr_setflags(&attributes, flags | 0x04 | 0x08)
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String]?,
        actions: inout posix_spawn_file_actions_t,
        attributes: inout posix_spawnattr_t
    ) throws -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map {
            $0.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result: Int32
        if var envp {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, &envp)
        } else {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard result == 0 else {
            throw PostgresClusterError.commandFailed(
                command: executable, status: result, output: String(cString: strerror(result)))
        }
        return pid
    }
}
