/// The residual network of an assignment, searched with Dijkstra on reduced costs.
///
/// Flow model: a hub `h` (source and sink merged) with arcs `h → supporter` (capacity =
/// capacity, cost 0), `supporter → need` (capacity 1, cost −weight) and `need → h`
/// (capacity 1, cost 0). A circulation is an assignment; a min-cost circulation a
/// max-weight one. Node potentials `π` keep every residual arc's reduced cost
/// `cost + π(tail) − π(head)` non-negative; `π(h) = 0` throughout, needs' potentials are
/// never positive. A supporter's price (dual) is its potential.
///
/// A search from supporter `s` finds the cheapest residual path `s ⇝ h`: it ends at a free
/// need (`need → h`) or at a loaded supporter giving up one engagement (`supporter → h`).
/// Together with `h → s` that is the best cycle through one more unit at `s`.
/// Supporter edges are stored best first, so each settled supporter's arcs are scanned lazily
/// through one heap entry keyed by a lower bound of the next arc's distance: arcs that cannot
/// beat the best path found are never touched.
final class ResidualNetwork {
    let problem: MatchProblem
    let needCount: Int
    let supporterCount: Int
    /// Supporter per need, −1 when free.
    let assigned: UnsafeMutableBufferPointer<Int32>
    /// Weight of the need's assigned edge.
    let assignedWeight: UnsafeMutableBufferPointer<Int64>
    let load: UnsafeMutableBufferPointer<Int32>
    /// Potentials: needs at `0..<needCount`, supporter `j` at `needCount + j`.
    let potential: UnsafeMutableBufferPointer<Int64>

    private let distance: UnsafeMutableBufferPointer<Int64>
    private let reachedIn: UnsafeMutableBufferPointer<UInt32>
    private let settledIn: UnsafeMutableBufferPointer<UInt32>
    /// For a need: the edge it was reached by; for a supporter: the need it was reached from.
    private let predecessor: UnsafeMutableBufferPointer<Int32>
    /// Next edge of each supporter's scan; the last slot is the extra-slot start's.
    private let cursor: UnsafeMutableBufferPointer<Int32>
    @exclusivity(unchecked) private var settled: [Int32] = []
    private var round: UInt32 = 0
    @exclusivity(unchecked) private var heap = MinHeap()
    private let tagBits: UInt64
    private let tagMask: UInt64
    private let virtualTag: Int

    /// A network with nothing assigned and all potentials 0.
    init(problem: MatchProblem) {
        self.problem = problem
        needCount = problem.needCount
        supporterCount = problem.supporterCount
        let nodes = needCount + supporterCount
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            buffer.initialize(repeating: value)
            return buffer
        }
        assigned = buffer(needCount, -1)
        assignedWeight = buffer(needCount, 0)
        load = buffer(supporterCount, 0)
        potential = buffer(nodes, 0)
        distance = buffer(nodes, 0)
        reachedIn = buffer(nodes, 0)
        settledIn = buffer(nodes, 0)
        predecessor = buffer(nodes, -1)
        cursor = buffer(supporterCount + 1, 0)
        // Heap tags: nodes, then one scan cursor per supporter, then the virtual start's cursor.
        virtualTag = nodes + supporterCount
        var bits: UInt64 = 1
        while (1 << bits) <= virtualTag { bits += 1 }
        tagBits = bits
        tagMask = (1 << bits) - 1
        precondition(
            problem.maxWeight < Int64(1) << Int64(62 - bits),
            "weights too large for the heap key encoding")
    }

    deinit {
        assigned.deallocate()
        assignedWeight.deallocate()
        load.deallocate()
        potential.deallocate()
        distance.deallocate()
        reachedIn.deallocate()
        settledIn.deallocate()
        predecessor.deallocate()
        cursor.deallocate()
    }

    /// Where a search ends: the cheapest path's length and its last node before the hub.
    struct Outcome {
        /// Reduced length of the best path to the hub, capped at the search's bound.
        var distance: Int64
        /// A free need (`< needCount`), a supporter (`needCount + j`) giving up an engagement,
        /// or −1 when no path is shorter than the bound.
        var terminal: Int
    }

    /// The first hop of a search.
    enum Start {
        /// From supporter `j` itself (settled with distance 0).
        case supporter(Int)
        /// From a hypothetical extra engagement at supporter `j`, restricted to needs of
        /// `group` when given, with the given potential.
        case extraSlot(Int, group: UInt16?, potential: Int64)
    }

    /// Dijkstra from `start` towards the hub, stopping at `bound`.
    func search(from start: Start, bound: Int64) -> Outcome {
        round &+= 1
        if round == 0 {  // wrapped: clear the stamps once
            reachedIn.update(repeating: 0)
            settledIn.update(repeating: 0)
            round = 1
        }
        heap.removeAll()
        settled.removeAll(keepingCapacity: true)
        var best = Outcome(distance: bound, terminal: -1)
        let n = needCount, m = supporterCount, round = round
        let (startOwner, startPotential, startGroup, startsExtraSlot): (Int, Int64, UInt16?, Bool)
        switch start {
        case .supporter(let j):
            (startOwner, startPotential, startGroup, startsExtraSlot) = (j, potential[n + j], nil, false)
        case .extraSlot(let j, let group, let pi):
            (startOwner, startPotential, startGroup, startsExtraSlot) = (j, pi, group, true)
        }
        problem.supporterStart.withUnsafeBufferPointer { offsets in
        problem.edgeNeed.withUnsafeBufferPointer { edgeNeed in
        problem.edgeWeight.withUnsafeBufferPointer { edgeWeight in
        problem.needGroup.withUnsafeBufferPointer { needGroup in
            /// Queues the scan of supporter `owner`'s arcs from edge `e` on, for a scan at
            /// distance `base` with potential `pi`, skipping edges that are not residual arcs
            /// (the supporter's own needs; other groups' needs for the extra slot).
            func queueScan(owner: Int, isExtraSlot: Bool, from e: Int, base: Int64, pi: Int64) {
                var e = e
                let end = Int(offsets[owner + 1])
                while e < end {
                    let need = Int(edgeNeed[e])
                    let skip = isExtraSlot
                        ? startGroup != nil && needGroup[need] != startGroup! : assigned[need] == Int32(owner)
                    if !skip { break }
                    e += 1
                }
                guard e < end else { return }
                let key = base + max(0, pi - edgeWeight[e])
                guard key < best.distance else { return }
                let slot = isExtraSlot ? m : owner
                cursor[slot] = Int32(e)
                heap.push(UInt64(key) << tagBits | UInt64(isExtraSlot ? virtualTag : n + m + owner))
            }
            func reach(_ node: Int, _ d: Int64, from pred: Int32) {
                guard settledIn[node] != round, d < best.distance else { return }
                if reachedIn[node] == round, distance[node] <= d { return }
                reachedIn[node] = round
                distance[node] = d
                predecessor[node] = pred
                heap.push(UInt64(d) << tagBits | UInt64(node))
            }
            func settle(_ node: Int, _ d: Int64) {
                settledIn[node] = round
                reachedIn[node] = round
                distance[node] = d
                settled.append(Int32(node))
            }
            if !startsExtraSlot { settle(n + startOwner, 0) }
            queueScan(
                owner: startOwner, isExtraSlot: startsExtraSlot, from: Int(offsets[startOwner]), base: 0,
                pi: startPotential)
            while !heap.isEmpty {
                let key = heap.pop()
                let d = Int64(key >> tagBits)
                if d >= best.distance { break }
                let tag = Int(key & tagMask)
                if tag < n + m {  // a node
                    guard settledIn[tag] != round, distance[tag] == d else { continue }
                    settle(tag, d)
                    if tag < n {  // a need: to the hub if free, else back to its supporter
                        let j = Int(assigned[tag])
                        if j < 0 {
                            let total = d + potential[tag]
                            if total < best.distance { best = Outcome(distance: total, terminal: tag) }
                        } else {
                            reach(n + j, d + assignedWeight[tag] + potential[tag] - potential[n + j], from: Int32(tag))
                        }
                    } else {  // a supporter: give up an engagement, or take another need
                        if load[tag - n] > 0 {
                            let total = d + potential[tag]
                            if total < best.distance { best = Outcome(distance: total, terminal: tag) }
                        }
                        queueScan(
                            owner: tag - n, isExtraSlot: false, from: Int(offsets[tag - n]), base: d,
                            pi: potential[tag])
                    }
                } else {  // the next arc of a scan
                    let isExtraSlot = tag == virtualTag
                    let owner = isExtraSlot ? startOwner : tag - n - m
                    let e = Int(cursor[isExtraSlot ? m : owner])
                    let base = isExtraSlot ? 0 : distance[n + owner]
                    let pi = isExtraSlot ? startPotential : potential[n + owner]
                    let need = Int(edgeNeed[e])
                    reach(need, base + pi - edgeWeight[e] - potential[need], from: Int32(e))
                    queueScan(owner: owner, isExtraSlot: isExtraSlot, from: e + 1, base: base, pi: pi)
                }
            }
        } } } }
        return best
    }
    /// After a search that ended at distance `reach`: lowers the potential of every node
    /// settled closer than `reach`, keeping reduced costs non-negative and making the found
    /// path tight.
    func updatePotentials(to reach: Int64) {
        for node in settled {
            let d = distance[Int(node)]
            if d < reach { potential[Int(node)] -= reach - d }
        }
    }

    /// Applies the cycle found by a `.supporter(source)` search ending at `terminal`.
    func augment(source: Int, terminal: Int) {
        let n = needCount
        var need: Int
        if terminal < n {
            need = terminal
        } else {
            load[terminal - n] -= 1
            need = Int(predecessor[terminal])
        }
        while true {
            let e = Int(predecessor[need])
            let owner = Int(problem.edgeSupporter[e])
            assigned[need] = Int32(owner)
            assignedWeight[need] = problem.edgeWeight[e]
            if owner == source { break }
            need = Int(predecessor[n + owner])
        }
        load[source] += 1
    }
}
