import ArgumentParser
import Broker
import Foundation
import Logging
import Postgres

extension ImportKind: ExpressibleByArgument {}

/// `schoolbroker import KIND FILE… [--year YYYY] [--skip-invalid] [--rejects FILE]`: loads
/// published data files as they are, each file in one transaction, and prints what changed.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import published data files (GIAS, performance tables, census, Ofsted MI, coordinates).",
        discussion: """
            Each file loads in one transaction. A bad record aborts its file with file:line: column: reason \
            and writes nothing, unless --skip-invalid is given. Importing the same file again changes nothing.
            """
    )

    @Argument(help: "What the files are: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: ImportKind

    @Argument(help: "The files to import, in order.")
    var files: [String]

    @Option(help: "The academic year of a performance table or census, as the year in which it ends (2025 = 2024 to 2025).")
    var year: Int?

    @Flag(help: "Load the good records and report the bad ones instead of aborting.")
    var skipInvalid = false

    @Option(help: "With --skip-invalid: write the rejected records (file, line, column, reason) to this CSV file.")
    var rejects: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if kind.needsAcademicYear && year == nil {
            throw ValidationError("\(kind.rawValue) files need --year (the year in which the academic year ends).")
        }
        if rejects != nil && !skipInvalid {
            throw ValidationError("--rejects needs --skip-invalid.")
        }
    }

    func run() async throws {
        let logger = Logger(label: "schoolbroker.import")
        let summaries = try await database.withPool(logger: logger) { pool in
            var summaries: [ImportSummary] = []
            for file in files {
                let progress = ImportProgress(file: file)
                let summary = try await kind.run(URL(fileURLWithPath: file), academicYear: year, into: pool,
                                                 policy: skipInvalid ? .skipInvalid : .allOrNothing,
                                                 progress: progress.update(bytesRead:))
                progress.finish()
                print(summary.description)
                summaries.append(summary)
            }
            return summaries
        }
        if let rejects {
            try RejectReport.write(summaries.flatMap(\.rejected), to: URL(fileURLWithPath: rejects))
        }
    }
}
