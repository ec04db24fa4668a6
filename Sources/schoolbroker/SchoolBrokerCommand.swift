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
}
