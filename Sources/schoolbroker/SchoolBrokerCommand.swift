import ArgumentParser

/// The `schoolbroker` command: the daemon and its operator tools.
@main
struct SchoolBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolbroker",
        abstract: "Brokers school-to-school improvement support: analysis, matching, partnerships.",
        subcommands: [
            MigrateCommand.self, ImportCommand.self, DemoDataCommand.self, AnalyseCommand.self, LevelCommand.self,
            MatchCommand.self, ReportCommand.self, ServeCommand.self, DemoCommand.self, UserCommand.self, TokenCommand.self,
        ]
    )

    /// ArgumentParser's entry point, with one step first: the daemon's commands move Swift's tasks
    /// onto NIO's event loops before any task starts (parsing twice is cheap and has no effects).
    static func main() async {
        if (try? parseAsRoot()) is ServesHTTP { EventLoopExecutor.install() }
        await main(nil)
    }
}
