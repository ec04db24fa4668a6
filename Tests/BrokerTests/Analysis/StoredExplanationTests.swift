import Analysis
@testable import Broker
import Foundation
import PropertyBased
import Testing

/// Stored explanations are compact JSON written by hand (evidence items as arrays) and read
/// back by `StoredExplanation`: what is read must render exactly what was written.
@Suite("Stored explanations")
struct StoredExplanationTests {
    /// Evidence of every shape: any of its optional parts absent, awkward text, any finite number.
    static func evidence(_ random: inout DemoRandom) -> Evidence {
        Evidence(
            random.chance(0.5) ? "school" : MatchJSONTests.text(&random),
            subject: random.chance(0.7) ? MatchJSONTests.text(&random) : nil,
            academicYear: random.chance(0.5) ? 2000 + Int(random.next() % 100) : nil,
            value: random.chance(0.6) ? (random.chance(0.5) ? -1 : 1) * MatchJSONTests.number(&random) : nil,
            text: random.chance(0.3) ? MatchJSONTests.text(&random) : nil)
    }

    static func finding(_ random: inout DemoRandom) -> Finding {
        Finding(
            ruleID: "outcomes.ks2-reading", subject: MatchJSONTests.text(&random),
            text: MatchJSONTests.text(&random) + " 95% interval -3.1 to 0.4.",
            evidence: (0..<Int(random.unit() * 6)).map { _ in evidence(&random) })
    }

    @Test("findings and reasons decode to exactly what was written, and the texts are the findings' texts")
    func roundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = DemoRandom(seed: UInt64(seed))
            let findings = (0..<Int(random.unit() * 4)).map { _ in Self.finding(&random) }
            let (json, texts) = AnalysisJSON.findingsAndTexts(findings)
            #expect((try? StoredExplanation.findings(json)) == findings)
            #expect(texts == findings.map(\.text))
            let reasons = findings.map { LevelReason(level: SupportLevel.allCases[Int(random.next() % 5)], finding: $0) }
            #expect((try? StoredExplanation.reasons(AnalysisJSON.text { $0.reasons(reasons) })) == reasons)
        }
    }

    @Test("evidence items are arrays without trailing nulls")
    func compactEvidence() throws {
        let finding = Finding(
            ruleID: "r", subject: "s", text: "t",
            evidence: [
                Evidence("school", subject: "KS2_RWM", academicYear: 2025, value: 61.5),
                Evidence("weighted difference", subject: "KS2_RWM", value: -3),
                Evidence("grade", subject: "leadership", text: "Secure"), Evidence("flag"),
            ])
        #expect(
            AnalysisJSON.text { $0.findings([finding]) }
                == #"[{"ruleID":"r","subject":"s","text":"t","evidence":[["school","KS2_RWM",2025,61.5],"#
                + #"["weighted difference","KS2_RWM",null,-3],["grade","leadership",null,null,"Secure"],["flag"]]}]"#)
    }

    @Test("findings stored before migration 0009, with evidence as objects, still read")
    func objectEvidence() throws {
        let finding = Finding(
            ruleID: "r", subject: "s", text: "t",
            evidence: [Evidence("England", subject: "KS2_RWM", academicYear: 2024, value: 60), Evidence("flag")])
        let stored = String(decoding: try JSONEncoder().encode([finding]), as: UTF8.self)
        #expect(try StoredExplanation.findings(stored) == [finding])
    }
}
