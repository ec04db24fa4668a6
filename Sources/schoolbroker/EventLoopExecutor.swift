import NIOCore
import NIOPosix

/// A command that serves HTTP, whose tasks run on NIO's event loops (see ``EventLoopExecutor``).
protocol ServesHTTP {}

extension ServeCommand: ServesHTTP {}
extension DemoCommand: ServesHTTP {}

/// Runs Swift's tasks on the server's event loops instead of a second pool of threads.
///
/// Each request then starts, awaits its connection's libpq thread and writes its response on the
/// event loop that read it, instead of hopping between the loop and Swift's own pool twice per
/// request: about two thread wake-ups fewer per request, which on two cores is a large share of
/// the daemon's time (measured: README, "HTTP daemon"). The daemon blocks none of these threads;
/// libpq calls run on each connection's own thread.
enum EventLoopExecutor {
    /// Installs the hook. Call once, from the main thread, before any task is started.
    static func install() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
