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

    static func findings(_ random: inout DemoRandom) -> [Finding] {
        (0..<Int(random.unit() * 4)).map { _ in finding(&random) }
    }

    static func warning(_ random: inout DemoRandom) -> DataWarning {
        DataWarning(
            kind: DataWarning.Kind.allCases[Int(random.next() % UInt64(DataWarning.Kind.allCases.count))],
            subject: MatchJSONTests.text(&random), academicYear: random.chance(0.5) ? 2020 + Int(random.next() % 6) : nil,
            count: random.chance(0.5) ? Int(random.next() % 40) : nil,
            code: random.chance(0.5) ? MatchJSONTests.text(&random) : nil)
    }

    /// A result with every part of an explanation: reasons, warnings, areas and strengths.
    static func result(_ random: inout DemoRandom) -> SchoolAnalysis {
        let areas = AreaCode.standard
        return SchoolAnalysis(
            urn: 100_000 + Int(random.next() % 1000), academicYear: 2025, rulesVersion: "v",
            level: SupportLevel.allCases[Int(random.next() % 5)],
            reasons: findings(&random).map { LevelReason(level: SupportLevel.allCases[Int(random.next() % 5)], finding: $0) },
            areasForImprovement: (0..<Int(random.unit() * 4)).map { index in
                AreaForImprovement(area: areas[index], severity: 1 + Int(random.next() % 5), findings: findings(&random))
            },
            strengths: (0..<Int(random.unit() * 3)).map { index in
                Strength(area: areas[areas.count - 1 - index], strength: random.unit(), findings: findings(&random))
            },
            warnings: (0..<Int(random.unit() * 4)).map { _ in warning(&random) })
    }

    @Test("a document decodes to exactly the explanation written, and the areas' texts are their findings' texts")
    func roundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = DemoRandom(seed: UInt64(seed))
            let result = Self.result(&random)
            let (bytes, areaTexts) = AnalysisJSON.document(result)
            let stored = try? StoredExplanation(document: String(decoding: bytes, as: UTF8.self))
            #expect(stored?.reasons == result.reasons)
            #expect(stored?.warnings == result.warnings)
            #expect(stored?.findings.areas == result.areasForImprovement.map(\.findings))
            #expect(stored?.findings.strengths == result.strengths.map(\.findings))
            #expect(areaTexts == result.areasForImprovement.map { $0.findings.map(\.text) })
        }
    }

    @Test("a document has the four parts, and its evidence items are arrays without trailing nulls")
    func compactEvidence() throws {
        let finding = Finding(
            ruleID: "r", subject: "s", text: "t",
            evidence: [
                Evidence("school", subject: "KS2_RWM", academicYear: 2025, value: 61.5),
                Evidence("weighted difference", subject: "KS2_RWM", value: -3),
                Evidence("grade", subject: "leadership", text: "Secure"), Evidence("flag"),
            ])
        let result = SchoolAnalysis(
            urn: 100_001, academicYear: 2025, rulesVersion: "v", level: .focus,
            reasons: [LevelReason(level: .focus, finding: finding)],
            areasForImprovement: [AreaForImprovement(area: .ks2Reading, severity: 3, findings: [finding, finding])],
            strengths: [], warnings: [DataWarning(kind: .missing, subject: "KS2_RWM", academicYear: 2025, code: "figure")])
        let findingJSON =
            #"{"ruleID":"r","subject":"s","text":"t","evidence":[["school","KS2_RWM",2025,61.5],"#
            + #"["weighted difference","KS2_RWM",null,-3],["grade","leadership",null,null,"Secure"],["flag"]]}"#
        #expect(
            String(decoding: AnalysisJSON.document(result).bytes, as: UTF8.self)
                == #"{"reasons":[{"level":"focus","finding":"# + findingJSON + "}]," + #""warnings":[{"kind":"missing","#
                + #""subject":"KS2_RWM","academicYear":2025,"code":"figure"}],"areas":[["# + findingJSON + ","
                + findingJSON + #"]],"strengths":[]}"#)
    }

    @Test("documents made by migration 0012 from findings stored before 0009, with evidence as objects, still read")
    func objectEvidence() throws {
        let finding = Finding(
            ruleID: "r", subject: "s", text: "t",
            evidence: [Evidence("England", subject: "KS2_RWM", academicYear: 2024, value: 60), Evidence("flag")])
        let findings = String(decoding: try JSONEncoder().encode([finding]), as: UTF8.self)
        let stored = try StoredExplanation(
            document: #"{"reasons":[],"warnings":[],"areas":["# + findings + #"],"strengths":["# + findings + "]}")
        #expect(stored.findings.areas == [[finding]])
        #expect(stored.findings.strengths == [[finding]])
    }

    @Test("the digest is XXH64 with seeds 0 and 0x5eed, as xxhash computes it")
    func digest() {
        // Expected values from the reference implementation (Python's xxhash 3).
        let vectors: [(String, UInt64, UInt64)] = [
            ("", 0xEF46_DB37_51D8_E999, 0x4E16_7D20_26E7_365C),
            ("a", 0xD24E_C4F1_A98C_6E5B, 0xCBF6_4AF0_FC85_A8EC),
            ("abc", 0x44BC_2CF5_AD77_0999, 0x8D42_6A63_1790_7203),
            ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1, 0x64B7_C4D0_3E5A_5B62),
        ]
        for (text, seed0, seed5eed) in vectors {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { AnalysisDigest.xxh64($0, seed: 0) } == seed0, "\(text)")
            #expect(bytes.withUnsafeBytes { AnalysisDigest.xxh64($0, seed: 0x5eed) } == seed5eed, "\(text)")
        }
        let long = (0..<3).flatMap { _ in (0...255).map(UInt8.init) }
        #expect(long.withUnsafeBytes { AnalysisDigest.xxh64($0, seed: 0) } == 0x8E03_C838_C596_036F)
        #expect(long.withUnsafeBytes { AnalysisDigest.xxh64($0, seed: 0x5eed) } == 0x8020_D077_09D3_BEDD)
        #expect(AnalysisDigest(of: Array("abc".utf8)).byteaText == #"\x44bc2cf5ad7709998d426a6317907203"#)
    }
}
