import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The strategy report route: roles and scope, JSON and CSV.
@Suite("Report routes")
struct ReportRouteTests {
    typealias Call = WorkflowRouteTests.Call

    @Test("admins any LA or England, advisers their LA; others 403; 422 for a bad year")
    func scope() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/reports/strategy?year=2025&la=885"), [
                    (nil, .unauthorized), (t[.admin], .ok), (t[.adviser], .ok), (fixture.otherAdviserToken, .forbidden),
                    (t[.headteacher], .forbidden), (t[.group], .forbidden), (t[.supporter], .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/reports/strategy?year=2025"), [
                    (t[.admin], .ok), (t[.adviser], .ok),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/reports/strategy?year=1999"), [
                    (t[.admin], .unprocessableContent),
                ], client: client)
                let adviser = try await client.send(.get, "/reports/strategy?year=2025", token: t[.adviser]).object
                #expect(adviser["laCode"] as? Int == 885)
                let england = try await client.send(.get, "/reports/strategy?year=2025", token: t[.admin]).object
                #expect(england["laCode"] == nil)
                let districts = try #require(england["districts"] as? [[String: Any]])
                #expect(districts.last?["district"] == nil)
                // The fixture publishes none of the report's KS2 measures: no outcome figures.
                #expect((districts.last?["outcomes"] as? [String: Any])?.isEmpty == true)
            }
        }
    }

    @Test("format=csv answers text/csv with the tidy header")
    func csv() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.send(.get, "/reports/strategy?year=2025&la=885&format=csv", token: fixture.tokens[.admin])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).components(separatedBy: "\r\n")
                #expect(lines.first == "academic_year,la_code,section,district,item,value")
                #expect(lines.dropFirst().filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("2025,885,") })
            }
        }
    }
}
