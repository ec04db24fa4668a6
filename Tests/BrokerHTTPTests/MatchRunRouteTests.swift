import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Match run routes")
struct MatchRunRouteTests {
    @Test("match runs: read with parameters, fingerprint, counts, timings and tallies by level and area; started by admins and advisers")
    func runs() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let runID = try #require(fixture.setup.match.runID)
                let list = try await client.send(.get, "/match-runs?year=2025", token: fixture.token("adviser"))
                #expect(list.items.map { $0["id"] as? Int } == [runID])
                #expect(try await client.send(.get, "/match-runs?year=2024", token: fixture.token("admin")).items.isEmpty)

                let run = try await client.send(.get, "/match-runs/\(runID)", token: fixture.token("admin")).object
                #expect(run["inputsFingerprint"] as? String == fixture.setup.match.inputsFingerprint)
                #expect(run["objective"] as? Int == Int(fixture.setup.match.objective))
                #expect((run["parameters"] as? [String: Any])?["maxDistanceKm"] as? Double == 40)
                #expect(run["createdBy"] as? String == "schoolbroker demo")
                let byLevel = try #require(run["byLevel"] as? [[String: Any]])
                #expect(byLevel.compactMap { $0["needs"] as? Int }.reduce(0, +) == fixture.setup.match.needs)
                #expect(byLevel.compactMap { $0["matched"] as? Int }.reduce(0, +) == fixture.setup.match.matched)
                #expect(byLevel.map { $0["key"] as? String } == fixture.setup.match.tallyByLevel.map { $0.level?.rawValue ?? "none" })
                let byArea = try #require(run["byArea"] as? [[String: Any]])
                #expect(byArea.map { $0["key"] as? String } == fixture.setup.match.tallyByArea.map(\.area))
                #expect(try await client.send(.get, "/match-runs/999999", token: fixture.token("admin")).status == .notFound)

                for role in ["headteacher", "supporter", "group"] {
                    #expect(try await client.send(.get, "/match-runs", token: fixture.token(role)).status == .forbidden)
                    #expect(try await client.send(.get, "/match-runs/\(runID)", token: fixture.token(role)).status == .forbidden)
                    #expect(try await client.send(.get, "/match-runs/\(runID)/capacity-prices", token: fixture.token(role)).status
                            == .forbidden)
                    #expect(try await client.send(
                        .post, "/match-runs", token: fixture.token(role), json: #"{"academicYear":2025}"#).status == .forbidden)
                }
                #expect(try await client.send(.get, "/match-runs", token: nil).status == .unauthorized)

                let dry = try await client.send(
                    .post, "/match-runs", token: fixture.token("adviser"),
                    json: #"{"academicYear":2025,"mode":"optimal","maxKm":5,"dryRun":true}"#)
                #expect(dry.status == .created)
                #expect(dry.object["id"] == nil || dry.object["id"] is NSNull)
                #expect((dry.object["objective"] as? Int ?? .max) < Int(fixture.setup.match.objective))
                let stable = try await client.send(
                    .post, "/match-runs", token: fixture.token("admin"), json: #"{"academicYear":2025,"mode":"stable"}"#)
                #expect(stable.status == .created && stable.object["mode"] as? String == "stable")
                #expect(stable.object["createdBy"] as? String == "admin@example.org")
                #expect(try await client.send(.get, "/match-runs", token: fixture.token("admin")).items.first?["id"] as? Int
                        == stable.object["id"] as? Int)
                let invalid = try await client.send(
                    .post, "/match-runs", token: fixture.token("admin"), json: #"{"academicYear":2025,"maxKm":-3}"#)
                #expect(invalid.status == .unprocessableContent)
                #expect(try await client.send(
                    .post, "/match-runs", token: fixture.token("admin"), json: #"{"academicYear":2025,"mode":"greedy"}"#).status
                        == .badRequest)

                let metrics = String(buffer: try await client.send(.get, "/metrics", token: nil).body)
                #expect(metrics.contains("schoolbroker_match_run_duration_seconds"))
            }
        }
    }

    @Test("proposals page by need id with their explanations; a head teacher sees only its own needs' proposals")
    func proposals() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let runID = try #require(fixture.setup.match.runID)
                var seen: [Int] = []
                var cursor: String?
                repeat {
                    let page = try await client.send(
                        .get, "/match-runs/\(runID)/proposals?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""),
                        token: fixture.token("admin"))
                    #expect(page.status == .ok)
                    seen += page.items.compactMap { $0["needId"] as? Int }
                    for item in page.items {
                        if item["supporterId"] is Int {
                            #expect((item["score"] as? [String: Any])?["quality"] is Double)
                            #expect(item["unmatchedReason"] == nil)
                        } else {
                            #expect(item["unmatchedReason"] is String && item["unmatchedExplanation"] is String)
                        }
                    }
                    cursor = page.object["nextCursor"] as? String
                } while cursor != nil
                #expect(seen == fixture.setup.match.proposals.map(\.needID))
                #expect(fixture.setup.match.proposals.contains { !$0.alternatives.isEmpty })

                let mine = try await client.send(.get, "/match-runs/\(runID)/proposals?limit=200", token: fixture.token("headteacher"))
                #expect(mine.status == .ok)
                #expect(mine.items.count == fixture.setup.match.proposals.filter { $0.urn == fixture.headURN }.count)
                #expect(mine.items.allSatisfy { $0["urn"] as? Int == fixture.headURN })
                let lae = try await client.send(.get, "/match-runs/\(runID)/proposals?limit=200", token: fixture.token("otherAdviser"))
                #expect(lae.items.isEmpty)
                for role in ["supporter", "group"] {
                    #expect(try await client.send(.get, "/match-runs/\(runID)/proposals", token: fixture.token(role)).status
                            == .forbidden)
                }
                #expect(try await client.send(.get, "/match-runs/999999/proposals", token: fixture.token("admin")).status
                        == .notFound)

                let prices = try await client.send(.get, "/match-runs/\(runID)/capacity-prices", token: fixture.token("adviser"))
                #expect(prices.items.count == fixture.setup.match.capacityPrices.count && !prices.items.isEmpty)
            }
        }
    }
}
