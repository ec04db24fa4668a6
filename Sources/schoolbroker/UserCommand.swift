import ArgumentParser
import Broker
import Logging
import Postgres

extension UserRole: ExpressibleByArgument {}

/// `schoolbroker user create --name --email --role [--la|--urn|--supporter|--group]`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user (recorded in the audit log).")

        @Option var name: String
        @Option var email: String
        @Option(help: "\(UserRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: UserRole
        @Option(help: "An adviser's LA code.") var la: Int?
        @Option(help: "A head teacher's school URN.") var urn: Int?
        @Option(help: "A supporter user's supporter id.") var supporter: Int64?
        @Option(help: "A group user's group id.") var group: Int64?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "schoolbroker.user")
            let user = UserStore.NewUser(
                name: name, email: email, role: role, laCode: la, urn: urn, supporterID: supporter, groupID: group)
            let created = try await database.withPool(logger: logger) { pool in
                try await UserStore.create(user, in: pool)
            }
            print("Created user \(created.id) \(created.email) (\(created.role.rawValue))")
        }
    }
}

/// `schoolbroker token create --user EMAIL`: prints a new API token, once.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for a user and print it (it is not shown again).")

        @Option(help: "The user's e-mail address.") var user: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "schoolbroker.token")
            let token = try await database.withPool(logger: logger) { pool in
                guard let owner = try await UserStore.find(email: user, in: pool) else {
                    throw OperatorError(message: "no user has the e-mail address \(user)")
                }
                return try await TokenStore.create(for: owner, in: pool)
            }
            print(token.secret)
        }
    }
}
