import Matching
import Testing

@Suite("Scoring and candidates against the golden files")
struct ScoringGoldenTests {
    @Test("every edge, its rank and every double equal the golden candidates bit for bit",
          arguments: [("small_s1", "small_s1_k25"), ("medium_s1", "medium_s1_k25")])
    func goldenCandidates(instance: String, candidateSet: String) throws {
        let peer = try PeerInstance.load("data/\(instance).json")
        let golden = try GoldenEdge.load("data/\(candidateSet).candidates.csv")
        let candidates = peer.generator().generate()
        #expect(candidates.edges.count == golden.count)
        var mismatches = 0
        for (edge, expected) in zip(candidates.edges, golden) {
            let rank = candidates.candidates(of: edge.need).firstIndex(of: edge)! - candidates.needStart[edge.need] + 1
            let actual = GoldenEdge(
                need: edge.need, supporter: edge.supporter, rank: rank, distanceKm: edge.score.distanceKm,
                strength: edge.score.strength, severity: edge.score.severity, decay: edge.score.decay,
                context: edge.score.context, quality: edge.score.quality, weight: edge.score.weight)
            if actual.bitPattern != expected.bitPattern {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(actual) != \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("needs without candidates are explained, and exclusions are counted")
    func exclusionsCounted() throws {
        let peer = try PeerInstance.load("data/small_s1.json")
        let candidates = peer.generator().generate()
        let withCandidates = Set(candidates.edges.map(\.need))
        #expect(candidates.needsWithoutCandidates.count == peer.needs.count - withCandidates.count)
        for need in candidates.needsWithoutCandidates.keys { #expect(!withCandidates.contains(need)) }
        #expect(candidates.exclusionCounts[.sameTrust, default: 0] > 0)
        #expect(candidates.exclusionCounts[.phaseMismatch, default: 0] > 0)
    }
}

extension GoldenEdge {
    /// Field values with doubles compared by bit pattern (so −0 ≠ 0 and no tolerance).
    var bitPattern: [UInt64] {
        [UInt64(need), UInt64(supporter), UInt64(rank), distanceKm.bitPattern, strength.bitPattern, UInt64(severity),
         decay.bitPattern, context.bitPattern, quality.bitPattern, UInt64(weight)]
    }
}
