import Matching

/// SplitMix64: a small deterministic generator, seeded by the property tests' inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random small assignment problem (≤ 8 needs, ≤ 4 supporters, capacities 0…3), with small
/// weights so that ties are common; needs are labelled with two groups (even, odd).
struct SmallInstance: CustomStringConvertible {
    var needCount: Int
    var capacities: [Int32]
    var edges: [WeightedEdge]

    init(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed))
        needCount = Int.random(in: 1...8, using: &rng)
        capacities = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int32.random(in: 0...3, using: &rng) }
        let density = Double.random(in: 0.2...0.9, using: &rng)
        let maxWeight = Int64.random(in: 1...30, using: &rng)
        edges = []
        for need in 0..<needCount {
            for supporter in capacities.indices where Double.random(in: 0..<1, using: &rng) < density {
                edges.append(WeightedEdge(
                    need: Int32(need), supporter: Int32(supporter), weight: Int64.random(in: 1...maxWeight, using: &rng)))
            }
        }
    }

    var problem: MatchProblem {
        MatchProblem(
            needCount: needCount, capacities: capacities, edges: edges, needGroups: (0..<needCount).map { UInt16($0 % 2) })
    }

    var description: String { "needs \(needCount) capacities \(capacities) edges \(edges.map { ($0.need, $0.supporter, $0.weight) })" }

    /// The optimum by exhaustive search over every need's choice (none or one of its supporters),
    /// memoised on (need, remaining capacities).
    func bruteForceOptimum() -> Int64 {
        var byNeed = [[(Int, Int64)]](repeating: [], count: needCount)
        for edge in edges { byNeed[Int(edge.need)].append((Int(edge.supporter), edge.weight)) }
        var memo: [[Int32]: Int64] = [:]
        func best(_ need: Int, _ remaining: [Int32]) -> Int64 {
            if need == needCount { return 0 }
            let key = [Int32(need)] + remaining
            if let known = memo[key] { return known }
            var value = best(need + 1, remaining)
            for (supporter, weight) in byNeed[need] where remaining[supporter] > 0 {
                var rest = remaining
                rest[supporter] -= 1
                value = max(value, weight + best(need + 1, rest))
            }
            memo[key] = value
            return value
        }
        return best(0, capacities)
    }
}
