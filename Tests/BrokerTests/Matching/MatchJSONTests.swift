@testable import Broker
import Foundation
import PropertyBased
import Testing

/// The proposal columns are written as JSON text by hand (for speed) and read back with
/// `Codable`: both must agree on every value, however awkward.
@Suite("Match JSON")
struct MatchJSONTests {
    /// A double from the whole range the scores can take, down to subnormal-looking exponents.
    static func number(_ random: inout DemoRandom) -> Double {
        random.unit() * pow(10, Double(Int(random.unit() * 40) - 30))
    }

    /// Text with quotes, backslashes, control characters and non-ASCII letters.
    static func text(_ random: inout DemoRandom) -> String {
        let pieces = ["further_away", "\"", "\\", "\n", "\u{1}", "é", "→", " ", "ks2-maths"]
        return (0..<Int(random.unit() * 5)).map { _ in pieces[Int(random.unit() * Double(pieces.count))] }.joined()
    }

    @Test("alternatives, unmatched details and per-area gains decode to exactly what was written")
    func roundTrip() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = DemoRandom(seed: UInt64(seed))
            let alternatives = (0..<Int(random.unit() * 4)).map { _ in
                MatchAlternative(
                    supporterID: Int(random.next() % 1_000_000), weight: Int64(random.next() % (1 << 31)),
                    quality: Self.number(&random), distanceKm: Self.number(&random),
                    reason: AlternativeReason.allCases[Int(random.unit() * 4)],
                    factor: random.chance(0.5) ? Self.text(&random) : nil,
                    constraint: random.chance(0.5) ? Self.text(&random) : nil,
                    takenByNeedIDs: random.chance(0.5) ? (0..<Int(random.unit() * 3)).map { _ in Int(random.next() % 99_999) } : nil)
            }
            // `try?`: the property checker swallows thrown errors, so a decoding failure must fail an expectation.
            let decoded = try? JSONDecoder().decode([MatchAlternative].self, from: Data(MatchJSON.alternatives(alternatives).utf8))
            #expect(decoded == alternatives)

            let detail = UnmatchedDetail(
                exclusions: random.chance(0.5) ? [Self.text(&random): Int(random.next() % 100), "same_trust": 2] : nil,
                candidates: random.chance(0.5) ? Int(random.next() % 30) : nil,
                candidateSupporterIDs: random.chance(0.5) ? [Int(random.next() % 9_999), 7] : nil,
                maxDistanceKm: random.chance(0.5) ? Self.number(&random) : nil)
            #expect((try? JSONDecoder().decode(UnmatchedDetail.self, from: Data(MatchJSON.detail(detail).utf8))) == detail)

            let gains = [Self.text(&random): Int64(random.next() % (1 << 40)), "phonics": 0]
            #expect((try? JSONDecoder().decode([String: Int64].self, from: Data(MatchJSON.counts(gains).utf8))) == gains)
        }
    }
}
