import Analysis
import ArgumentParser
import Broker
import Foundation
import Logging

/// `schoolbroker report --year Y [--la N] [--format table|csv]`: the strategy report of a year
/// for an LA or England, as a table for people or CSV (one figure a row) for spreadsheets.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the strategy report of a year for an LA (or England) as a table or CSV.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv
    }

    @Option(help: "The academic year, as the year in which it ends (2025 = 2024 to 2025).")
    var year: Int

    @Option(help: "The LA code; without it, England.")
    var la: Int?

    @Option(help: "table (default) or csv.")
    var format: Format = .table

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (2000...2100).contains(year) else { throw ValidationError("--year must be between 2000 and 2100.") }
        if let la, !(1...999).contains(la) { throw ValidationError("--la must be an LA code between 1 and 999.") }
    }

    func run() async throws {
        try await database.withPool(logger: Logger(label: "schoolbroker.report")) { pool in
            let report = try await StrategyReportStore.report(academicYear: year, laCode: la, today: .utc(), in: pool)
            print(format == .csv ? report.csv : Self.table(report), terminator: format == .csv ? "" : "\n")
        }
    }

    /// The report as Markdown-style tables.
    static func table(_ report: StrategyReport) -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
        func share(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : String(format: "%.0f%%", 100 * Double(part) / Double(whole)) }
        var lines = [
            "Strategy report \(report.academicYear - 1)–\(report.academicYear), \(report.laCode.map { "LA \($0)" } ?? "England")", "",
            "| district | schools | focus/intensive | with partnership | KS2 R / W / M % | disadvantaged gap | good or better | supporters: load | overdue activities |",
            "|---|---:|---:|---:|---|---:|---:|---|---:|",
        ]
        for row in report.districts {
            let o = row.outcomes
            lines.append(
                "| \(row.district ?? "**all**") | \(row.schoolsWithLevel) | \(row.focusOrIntensive) | \(row.supportedByPartnership) | "
                    + "\(number(o.reading)) / \(number(o.writing)) / \(number(o.maths)) | \(number(o.disadvantagedGap)) | "
                    + "\(share(row.goodOrBetter, row.inspected)) | \(row.supporters): \(row.engagements)/\(row.capacity) | \(row.overdueActivities) |")
        }
        let e = report.england
        lines.append("| England | | | | \(number(e.reading)) / \(number(e.writing)) / \(number(e.maths)) | \(number(e.disadvantagedGap)) | | | |")
        lines += ["", "Movement between levels (last year → this year): "
            + report.movement.map { "\($0.from) → \($0.to): \($0.schools)" }.joined(separator: "; ")]
        for area in report.impact {
            lines.append(
                "Impact, \(area.areaCode) (\(area.measure)): \(area.partneredSchools) partnered schools \(number(area.partneredChange)), "
                    + "\(area.comparisonSchools) similar schools \(number(area.comparisonChange)), difference \(number(area.difference))")
        }
        lines += ["", "Good or better: \(report.goodOrBetterRule)"]
        return lines.joined(separator: "\n")
    }
}
