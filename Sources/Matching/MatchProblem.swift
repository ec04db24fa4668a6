/// One weighted (need, supporter) edge of an assignment problem.
public struct WeightedEdge: Sendable, Hashable {
    public var need: Int32
    public var supporter: Int32
    /// Integer quality, at least 1.
    public var weight: Int64

    public init(need: Int32, supporter: Int32, weight: Int64) {
        self.need = need
        self.supporter = supporter
        self.weight = weight
    }
}

/// The capacitated assignment problem the optimal solver works on: needs `0..<needCount`,
/// supporters `0..<capacities.count`, and their edges stored by supporter, each supporter's
/// edges ordered by weight descending then need ascending.
public struct MatchProblem: Sendable {
    public let needCount: Int
    public let capacities: [Int32]
    /// `supporterStart[j]..<supporterStart[j + 1]` index supporter `j`'s edges.
    let supporterStart: [Int32]
    let edgeNeed: [Int32]
    let edgeWeight: [Int64]
    let edgeSupporter: [Int32]
    /// A small label per need for capacity pricing (its area's index); empty when unused.
    let needGroup: [UInt16]
    /// The largest edge weight (0 without edges).
    let maxWeight: Int64

    public var supporterCount: Int { capacities.count }
    public var edgeCount: Int { edgeNeed.count }

    /// Builds the problem. Each (need, supporter) pair may occur at most once; weights must be
    /// positive and below 2³¹. `needGroups` optionally labels needs (by area) for pricing.
    public init(needCount: Int, capacities: [Int32], edges: [WeightedEdge], needGroups: [UInt16] = []) {
        precondition(needGroups.isEmpty || needGroups.count == needCount)
        let supporterCount = capacities.count
        var start = [Int32](repeating: 0, count: supporterCount + 1)
        var maxWeight: Int64 = 0
        for edge in edges {
            precondition(edge.weight > 0 && edge.weight < 1 << 31, "edge weights must be in 1..<2³¹")
            precondition(Int(edge.need) < needCount && Int(edge.supporter) < supporterCount)
            start[Int(edge.supporter) + 1] += 1
            maxWeight = max(maxWeight, edge.weight)
        }
        for j in 0..<supporterCount { start[j + 1] += start[j] }
        // Counting sort into supporter buckets of keys (weight descending, need ascending),
        // then each bucket sorted.
        var fill = start
        var keys = [UInt64](repeating: 0, count: edges.count)
        for edge in edges {
            let slot = Int(fill[Int(edge.supporter)])
            fill[Int(edge.supporter)] += 1
            keys[slot] = UInt64(maxWeight - edge.weight) << 32 | UInt64(UInt32(edge.need))
        }
        keys.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<supporterCount {
                var bucket = UnsafeMutableBufferPointer(rebasing: buffer[Int(start[j])..<Int(start[j + 1])])
                bucket.sort()
            }
        }
        var owner = [Int32](repeating: 0, count: edges.count)
        for j in 0..<supporterCount {
            for e in Int(start[j])..<Int(start[j + 1]) { owner[e] = Int32(j) }
        }
        self.needCount = needCount
        self.capacities = capacities
        self.supporterStart = start
        self.maxWeight = maxWeight
        self.needGroup = needGroups
        edgeNeed = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        edgeWeight = keys.map { maxWeight - Int64($0 >> 32) }
        edgeSupporter = owner
    }

    /// The problem of a candidate set, each edge labelled with the index of its need's area in
    /// `areas` (for capacity pricing by area).
    public init(candidates: CandidateSet, needs: [Need], supporters: [Supporter], areas: [Area]) {
        let areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, UInt16($0)) })
        self.init(
            needCount: candidates.needCount,
            capacities: supporters.map { Int32($0.capacity) },
            edges: candidates.edges.map {
                WeightedEdge(need: Int32($0.need), supporter: Int32($0.supporter), weight: $0.score.weight)
            },
            needGroups: needs.map { areaIndex[$0.area] ?? UInt16.max })
    }

    /// The weight of edge (need, supporter), if it exists.
    public func weight(need: Int, supporter: Int) -> Int64? {
        for e in Int(supporterStart[supporter])..<Int(supporterStart[supporter + 1]) where edgeNeed[e] == need {
            return edgeWeight[e]
        }
        return nil
    }

    /// Total weight of an assignment (supporter per need, −1 when unmatched); `nil` when it
    /// uses a missing edge or exceeds a capacity.
    public func objective(of assignment: [Int32]) -> Int64? {
        guard assignment.count == needCount else { return nil }
        var load = [Int32](repeating: 0, count: supporterCount)
        var total: Int64 = 0
        for (need, supporter) in assignment.enumerated() where supporter >= 0 {
            guard Int(supporter) < supporterCount, let w = weight(need: need, supporter: Int(supporter)) else {
                return nil
            }
            load[Int(supporter)] += 1
            guard load[Int(supporter)] <= capacities[Int(supporter)] else { return nil }
            total += w
        }
        return total
    }
}
