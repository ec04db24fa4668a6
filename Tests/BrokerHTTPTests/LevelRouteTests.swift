import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Analysis run and level routes")
struct LevelRouteTests {
    @Test("analysis runs: admins and advisers list, read, start (dry or stored, idempotent) them; others are refused")
    func analysisRuns() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let runID = try #require(fixture.setup.analysis.runID)
                let list = try await client.send(.get, "/analysis-runs?year=2025", token: fixture.token("adviser"))
                #expect(list.status == .ok)
                #expect(list.items.map { $0["id"] as? Int } == [Int(runID)])
                #expect(list.items.first?["schools"] as? Int == 60)
                #expect(try await client.send(.get, "/analysis-runs?year=2024", token: fixture.token("admin")).items.isEmpty)
                // A year beyond the database's integers is the request's fault, not a server error.
                let huge = try await client.send(.get, "/analysis-runs?year=595225584384266", token: fixture.token("admin"))
                #expect(huge.status == .unprocessableContent && huge.object["type"] as? String != nil)
                let one = try await client.send(.get, "/analysis-runs/\(runID)", token: fixture.token("admin"))
                #expect(one.object["rulesVersion"] as? String == fixture.setup.analysis.rulesVersion)
                #expect(try await client.send(.get, "/analysis-runs/999999", token: fixture.token("admin")).status == .notFound)
                #expect(try await client.send(.get, "/analysis-runs", token: nil).status == .unauthorized)
                for role in ["headteacher", "supporter", "group"] {
                    #expect(try await client.send(.get, "/analysis-runs", token: fixture.token(role)).status == .forbidden)
                    let start = try await client.send(
                        .post, "/analysis-runs", token: fixture.token(role), json: #"{"academicYear":2025}"#)
                    #expect(start.status == .forbidden)
                }

                let dry = try await client.send(
                    .post, "/analysis-runs", token: fixture.token("adviser"), json: #"{"academicYear":2025,"dryRun":true}"#)
                #expect(dry.status == .created)
                #expect(dry.object["id"] == nil || dry.object["id"] is NSNull)
                #expect((dry.object["levelCounts"] as? [String: Int])?.values.reduce(0, +) == 60)
                #expect(try await fixture.count("SELECT count(*) AS n FROM analysis_runs") == 1)

                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "run-2025"]
                let first = try await client.send(
                    .post, "/analysis-runs", token: fixture.token("adviser"), json: #"{"academicYear":2025}"#, headers: key)
                let retry = try await client.send(
                    .post, "/analysis-runs", token: fixture.token("adviser"), json: #"{"academicYear":2025}"#, headers: key)
                #expect(first.status == .created && retry.status == .created)
                #expect(first.object["id"] as? Int != nil && first.object["id"] as? Int == retry.object["id"] as? Int)
                #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try await fixture.count("SELECT count(*) AS n FROM analysis_runs") == 2)

                let invalid = try await client.send(
                    .post, "/analysis-runs", token: fixture.token("admin"), json: #"{"academicYear":1999}"#)
                #expect(invalid.status == .unprocessableContent)
                #expect((invalid.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "academicYear")

                let metrics = String(buffer: try await client.send(.get, "/metrics", token: nil).body)
                #expect(metrics.contains("schoolbroker_analysis_run_duration_seconds"))
            }
        }
    }

    @Test("levels list each school's proposed, decided and effective level within the caller's scope, filtered")
    func levelsList() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                func levels(_ query: String, _ role: String) async throws -> [[String: Any]] {
                    try await client.send(.get, "/levels?year=2025&limit=200" + query, token: fixture.token(role)).items
                }
                let all = try await levels("", "admin")
                #expect(all.count == 60)
                #expect(all.allSatisfy { $0["status"] as? String == "pending" && $0["effectiveLevel"] as? String != nil })
                #expect(all.map { $0["urn"] as! Int } == all.map { $0["urn"] as! Int }.sorted())
                let inLA = try await levels("", "adviser")
                #expect(!inLA.isEmpty && inLA.allSatisfy { $0["laCode"] as? Int == fixture.homeLA })
                #expect(try await levels("", "headteacher").map { $0["urn"] as? Int } == [fixture.headURN])
                #expect(try await levels("", "otherAdviser").isEmpty)

                let level = try #require(all.first?["effectiveLevel"] as? String)
                let filtered = try await levels("&level=\(level)", "admin")
                #expect(filtered.count == all.filter { $0["effectiveLevel"] as? String == level }.count)
                #expect(try await levels("&status=agreed", "admin").isEmpty)
                #expect(try await levels("&disagreement=true", "admin").isEmpty)

                let page = try await client.send(.get, "/levels?year=2025&limit=25", token: fixture.token("admin"))
                let cursor = try #require(page.object["nextCursor"] as? String)
                let next = try await client.send(.get, "/levels?year=2025&limit=25&cursor=\(cursor)", token: fixture.token("admin"))
                #expect(Set(page.items.map { $0["urn"] as! Int }).isDisjoint(with: next.items.map { $0["urn"] as! Int }))

                #expect(try await client.send(.get, "/levels?year=2025", token: nil).status == .unauthorized)
                let refused: [(String, String)] = [
                    ("&la=\(fixture.homeLA + 1)", "adviser"), ("", "supporter"), ("", "group"),
                ]
                for (query, role) in refused {
                    #expect(try await client.send(.get, "/levels?year=2025" + query, token: fixture.token(role)).status == .forbidden)
                }
                #expect(try await client.send(.get, "/levels", token: fixture.token("admin")).status == .badRequest)
            }
        }
    }

    @Test("agree and override: an adviser of the LA or an admin decides, audited; the override survives a re-run through the API")
    func decisions() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let statuses = try await client.send(
                    .get, "/levels?year=2025&limit=200&la=\(fixture.homeLA)", token: fixture.token("adviser")).items
                let target = try #require(statuses.first { $0["proposedLevel"] as? String != "intensive" })
                let other = try #require(statuses.first { ($0["urn"] as? Int) != (target["urn"] as? Int) })
                let (urn, otherURN) = (target["urn"] as! Int, other["urn"] as! Int)
                let override = #"{"level":"intensive","reason":"Safeguarding concern raised by the LA"}"#

                for role in ["headteacher", "otherAdviser", "supporter", "group"] {
                    let response = try await client.send(
                        .post, "/schools/\(urn)/levels/2025/override", token: fixture.token(role), json: override)
                    #expect(response.status == .forbidden, "\(role)")
                    #expect(try await client.send(.post, "/schools/\(urn)/levels/2025/agree", token: fixture.token(role)).status
                            == .forbidden)
                }
                #expect(try await client.send(.post, "/schools/\(urn)/levels/2025/agree", token: nil).status == .unauthorized)
                let noReason = try await client.send(
                    .post, "/schools/\(urn)/levels/2025/override", token: fixture.token("adviser"),
                    json: #"{"level":"focus","reason":"  "}"#)
                #expect(noReason.status == .unprocessableContent)
                #expect((noReason.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
                #expect(try await client.send(.post, "/schools/999999/levels/2025/agree", token: fixture.token("admin")).status
                        == .notFound)

                let overridden = try await client.send(
                    .post, "/schools/\(urn)/levels/2025/override", token: fixture.token("adviser"), json: override)
                #expect(overridden.status == .ok)
                #expect(overridden.object["effectiveLevel"] as? String == "intensive")
                #expect(overridden.object["status"] as? String == "overridden")
                #expect(overridden.object["decidedBy"] as? String == "Avery Adviser")
                let agreed = try await client.send(.post, "/schools/\(otherURN)/levels/2025/agree", token: fixture.token("admin"))
                #expect(agreed.object["status"] as? String == "agreed")

                let audit = try await fixture.pool.query(
                    """
                    SELECT action, entity_id, actor_id, before ->> 'decision' AS before, after ->> 'effectiveLevel' AS after
                    FROM audit_log WHERE entity = 'school_level' ORDER BY id
                    """)
                #expect(audit.count == 2)
                #expect(try audit[0].decode("action", as: String.self) == "override")
                #expect(try audit[0].decode("entity_id", as: String.self) == "\(urn)/2025")
                #expect(try audit[0].decode("actor_id", as: Int64.self) == fixture.users["adviser"]!.id)
                #expect(try audit[0].decode("before", as: String.self) == "pending")
                #expect(try audit[0].decode("after", as: String.self) == "intensive")
                #expect(try audit[1].decode("action", as: String.self) == "agree")
                #expect(try audit[1].decode("actor_id", as: Int64.self) == fixture.users["admin"]!.id)

                let rerun = try await client.send(
                    .post, "/analysis-runs", token: fixture.token("admin"), json: #"{"academicYear":2025}"#)
                #expect(rerun.status == .created)
                #expect(rerun.object["disagreements"] as? Int == 1)
                let after = try await client.send(
                    .get, "/levels?year=2025&status=overridden", token: fixture.token("adviser")).items
                #expect(after.map { $0["urn"] as? Int } == [urn])
                #expect(after.first?["effectiveLevel"] as? String == "intensive")
                #expect(after.first?["disagreement"] as? Bool == true)
                #expect(after.first?["proposedByRun"] as? Int == rerun.object["id"] as? Int)

                let history = try await client.send(.get, "/schools/\(urn)/levels?year=2025", token: fixture.token("adviser"))
                #expect((history.object["items"] as? [[String: Any]])?.compactMap { $0["event"] as? String }
                        == ["proposed", "overridden", "proposed"])
                let decision = (history.object["items"] as? [[String: Any]])?[1]
                #expect(decision?["reason"] as? String == "Safeguarding concern raised by the LA")
                #expect(decision?["decidedBy"] as? String == "Avery Adviser")
            }
        }
    }

    @Test("a school's level history and detail are shown to its head teacher and LA, not to others")
    func historyAndDetailScope() async throws {
        try await RunFixture.with { fixture in
            try await fixture.withClient { client in
                let urn = fixture.headURN
                let own = try await client.send(.get, "/schools/\(urn)/levels", token: fixture.token("headteacher"))
                #expect(own.status == .ok)
                #expect((own.object["items"] as? [[String: Any]])?.first?["event"] as? String == "proposed")
                for role in ["otherAdviser", "supporter", "group"] {
                    #expect(try await client.send(.get, "/schools/\(urn)/levels", token: fixture.token(role)).status == .forbidden)
                }
                let otherSchool = try await fixture.pool.query(
                    "SELECT min(urn) AS urn FROM schools WHERE urn <> \(urn)")[0].decode("urn", as: Int.self)
                #expect(try await client.send(.get, "/schools/\(otherSchool)/levels", token: fixture.token("headteacher")).status
                        == .forbidden)
                #expect(try await client.send(.get, "/schools/999999/levels", token: fixture.token("admin")).status == .notFound)

                let detail = try await client.send(.get, "/schools/\(urn)", token: fixture.token("headteacher")).object
                #expect((detail["levelHistory"] as? [[String: Any]])?.count == 1)
                #expect(detail["areasForImprovement"] is [[String: Any]] && detail["strengths"] is [[String: Any]])
                let analysed = fixture.setup.analysis.results.first { $0.urn == urn }!
                #expect((detail["areasForImprovement"] as? [[String: Any]])?.compactMap { $0["areaCode"] as? String }
                        == analysed.areasForImprovement.map(\.area.rawValue))
                let hidden = try await client.send(.get, "/schools/\(urn)", token: fixture.token("supporter")).object
                #expect(hidden["levelHistory"] == nil && hidden["areasForImprovement"] == nil)
            }
        }
    }
}
