/// Ranked preferences for stable mode (hospitals/residents).
public struct StablePreferences: Sendable, Hashable {
    /// Per need, the head teacher's ranked supporter indices, best first.
    public var needPreferences: [[Int32]]
    /// Per supporter, the needs it accepts in priority order, highest first.
    public var supporterPriorities: [[Int32]]
    public var capacities: [Int32]

    public init(needPreferences: [[Int32]], supporterPriorities: [[Int32]], capacities: [Int32]) {
        self.needPreferences = needPreferences
        self.supporterPriorities = supporterPriorities
        self.capacities = capacities
    }

    /// Flattened need lists with, per entry, the need's rank in that supporter's priorities
    /// (`Int32.max` when the supporter does not list the need).
    fileprivate func rankedLists() -> (start: [Int], supporter: [Int32], rank: [Int32]) {
        var start = [0]
        start.reserveCapacity(needPreferences.count + 1)
        for list in needPreferences { start.append(start.last! + list.count) }
        let supporters = needPreferences.flatMap { $0 }
        var rank = [Int32](repeating: .max, count: supporters.count)
        for (j, priorities) in supporterPriorities.enumerated() {
            for (r, need) in priorities.enumerated() {
                let need = Int(need)
                if let k = (start[need]..<start[need + 1]).first(where: { supporters[$0] == Int32(j) }) {
                    rank[k] = Int32(r)
                }
            }
        }
        return (start, supporters, rank)
    }
}

/// A stable assignment.
public struct StableMatching: Sendable {
    /// Supporter per need, −1 when unmatched.
    public let assignment: [Int32]
    /// Proposals made.
    public let proposals: Int
}

/// Need-proposing Gale–Shapley with capacities: the need-optimal stable matching (unique),
/// in O(L log c) for L preference entries and capacity c.
public enum StableSolver {
    public static func solve(_ preferences: StablePreferences) -> StableMatching {
        let (start, supporterOf, rankOf) = preferences.rankedLists()
        let needCount = preferences.needPreferences.count
        let capacities = preferences.capacities
        // Each supporter's held needs: a max-heap on (rank, need) in its own slice of `held`.
        var heldStart = [0]
        for capacity in capacities { heldStart.append(heldStart.last! + max(0, Int(capacity))) }
        var held = [Int64](repeating: 0, count: heldStart.last!)
        var heldCount = [Int](repeating: 0, count: capacities.count)
        var next = start.dropLast().map { $0 }
        var assignment = [Int32](repeating: -1, count: needCount)
        var free = (0..<needCount).reversed().map { Int32($0) }
        var proposals = 0
        while let proposer = free.popLast() {
            let i = Int(proposer)
            while next[i] < start[i + 1] {
                let k = next[i]
                next[i] += 1
                proposals += 1
                let rank = rankOf[k]
                guard rank != .max else { continue }
                let j = Int(supporterOf[k])
                let key = Int64(rank) << 32 | Int64(i)
                let base = heldStart[j]
                if heldCount[j] < Int(capacities[j]) {
                    siftUp(&held, base: base, count: &heldCount[j], key)
                    assignment[i] = Int32(j)
                    break
                }
                if heldCount[j] > 0, held[base] > key {
                    let worst = Int(held[base] & 0xFFFF_FFFF)
                    replaceTop(&held, base: base, count: heldCount[j], key)
                    assignment[i] = Int32(j)
                    assignment[worst] = -1
                    free.append(Int32(worst))
                    break
                }
            }
        }
        return StableMatching(assignment: assignment, proposals: proposals)
    }

    /// Pairs (need, supporter) that both prefer each other to what they have.
    public static func blockingPairs(_ assignment: [Int32], _ preferences: StablePreferences) -> Int {
        let (start, supporterOf, rankOf) = preferences.rankedLists()
        var load = [Int32](repeating: 0, count: preferences.capacities.count)
        var worst = [Int32](repeating: -1, count: preferences.capacities.count)
        for i in assignment.indices where assignment[i] >= 0 {
            let j = Int(assignment[i])
            load[j] += 1
            if let k = (start[i]..<start[i + 1]).first(where: { supporterOf[$0] == Int32(j) }) {
                worst[j] = max(worst[j], rankOf[k])
            }
        }
        var blocking = 0
        for i in assignment.indices {
            for k in start[i]..<start[i + 1] {
                let j = Int(supporterOf[k])
                if j == Int(assignment[i]) { break }
                guard rankOf[k] != .max else { continue }
                if load[j] < preferences.capacities[j] || rankOf[k] < worst[j] { blocking += 1 }
            }
        }
        return blocking
    }

    private static func siftUp(_ heap: inout [Int64], base: Int, count: inout Int, _ key: Int64) {
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[base + parent] < key else { break }
            heap[base + child] = heap[base + parent]
            child = parent
        }
        heap[base + child] = key
    }

    private static func replaceTop(_ heap: inout [Int64], base: Int, count: Int, _ key: Int64) {
        var parent = 0
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, heap[base + child + 1] > heap[base + child] { child += 1 }
            guard heap[base + child] > key else { break }
            heap[base + parent] = heap[base + child]
            parent = child
        }
        heap[base + parent] = key
    }
}
