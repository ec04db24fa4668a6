import Broker
import Analysis
import OpenAPIRuntime

/// Strategy reports (issue 7), as JSON or CSV.
extension BrokerAPI {
    func getStrategyReport(_ input: Operations.GetStrategyReport.Input) async throws -> Operations.GetStrategyReport.Output {
        let user = try RequestUser.required()
        let query = input.query
        let report = try await StrategyReportStore.report(
            academicYear: query.year, laCode: query.la, today: .utc(), for: user, in: pool)
        if query.format == .csv { return .ok(.init(body: .csv(HTTPBody(report.csv)))) }
        return .ok(.init(body: .json(APIValues.strategyReport(report))))
    }
}
