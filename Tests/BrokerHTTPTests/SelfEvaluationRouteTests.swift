import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The self-evaluation routes: the head teacher submits, advisers in scope read it beside the analysis.
@Suite("Self-evaluation routes")
struct SelfEvaluationRouteTests {
    typealias Call = WorkflowRouteTests.Call

    static let submission = """
        {"judgements": [{"areaCode": "ks2-reading", "grade": "strong-standard", "narrative": "Readers thrive."},
                        {"areaCode": "ks2-maths", "grade": "needs-attention"}],
         "overallNarrative": "Improving.", "selfReferralAreas": ["ks2-maths"]}
        """

    @Test("submitting: the head teacher of the school only; bad areas 422; resubmission bumps the version; self-referral becomes a need")
    func submit() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                let put = Call(method: .put, path: "/self-evaluations/100001/2025", json: Self.submission)
                try await WorkflowRouteTests.expect(put, [
                    (nil, .unauthorized), (t[.admin], .forbidden), (t[.adviser], .forbidden), (t[.supporter], .forbidden),
                    (fixture.otherHeadteacherToken, .forbidden),
                ], client: client)
                let bad = Self.submission.replacingOccurrences(of: #"["ks2-maths"]"#, with: #"["no-such-area"]"#)
                try await WorkflowRouteTests.expect(
                    Call(method: .put, path: "/self-evaluations/100001/2025", json: bad), [(t[.headteacher], .unprocessableContent)],
                    client: client)
                try await WorkflowRouteTests.expect(
                    Call(method: .put, path: "/self-evaluations/100001/1990", json: Self.submission),
                    [(t[.headteacher], .unprocessableContent)], client: client)
                let first = try await client.send(.put, "/self-evaluations/100001/2025", token: t[.headteacher], json: Self.submission)
                #expect(first.status == .ok)
                #expect(first.object["version"] as? Int == 1)
                let second = try await client.send(.put, "/self-evaluations/100001/2025", token: t[.headteacher], json: Self.submission)
                #expect(second.object["version"] as? Int == 2)
                let needs = try await client.send(.get, "/needs?urn=100001", token: t[.headteacher])
                #expect(needs.items.contains { $0["areaCode"] as? String == "ks2-maths" && $0["source"] as? String == "self_referral" })
            }
        }
    }

    @Test("reading: the head teacher and advisers in scope see it beside the analysis; others 403; none yet 404")
    func read() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                let get = Call(method: .get, path: "/self-evaluations/100001/2025")
                try await WorkflowRouteTests.expect(get, [(t[.admin], .notFound)], client: client)
                _ = try await client.send(.put, "/self-evaluations/100001/2025", token: t[.headteacher], json: Self.submission)
                try await WorkflowRouteTests.expect(get, [
                    (nil, .unauthorized), (t[.admin], .ok), (t[.adviser], .ok), (t[.headteacher], .ok),
                    (fixture.otherAdviserToken, .forbidden), (t[.supporter], .forbidden), (t[.group], .forbidden),
                    (fixture.otherHeadteacherToken, .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(
                    Call(method: .get, path: "/self-evaluations/999999/2025"), [(t[.admin], .notFound)], client: client)
                let comparison = try await client.send(.get, "/self-evaluations/100001/2025", token: t[.adviser])
                let areas = try #require(comparison.object["areas"] as? [[String: Any]])
                #expect(areas.map { $0["areaCode"] as? String } == ["ks2-maths", "ks2-reading"])
                #expect(areas.allSatisfy { $0["discrepancy"] as? Bool == false }, "no analysis run yet: nothing to contradict")
                #expect((comparison.object["selfEvaluation"] as? [String: Any])?["overallNarrative"] as? String == "Improving.")
            }
        }
    }
}
