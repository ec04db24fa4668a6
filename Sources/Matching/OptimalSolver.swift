/// The optimal (maximum total weight) capacitated assignment of a `MatchProblem`.
public struct OptimalSolution: Sendable {
    /// Supporter per need, −1 when unmatched.
    public let assignment: [Int32]
    /// Total weight of the assignment.
    public let objective: Int64
    /// Needs matched.
    public let matched: Int
    /// Independent sub-problems (connected components with at least one supporter) solved.
    public let componentCount: Int
    /// Final node potentials (needs, then supporters): optimal dual values of the flow.
    let potentials: [Int64]

    /// Dual price of each supporter's capacity: an upper bound on what one more engagement
    /// there would add (0 for a supporter with spare capacity). See `CapacityPricing` for the
    /// exact marginal value.
    public var supporterDuals: [Int64] {
        let n = assignment.count
        return (0..<(potentials.count - n)).map { max(0, potentials[n + $0]) }
    }
}

/// Solves the capacitated assignment exactly as a min-cost flow.
///
/// Algorithm: successive shortest paths, one capacity unit at a time — every supporter's
/// engagements are added one by one, each by cancelling the most negative cycle through the
/// new unit (a Dijkstra search on reduced costs, see `ResidualNetwork`); after each step the
/// assignment is optimal for the capacity added so far, so after the last it is optimal.
/// Supporters are taken component by component (independent sub-problems), in id order within
/// one; equal-length paths are broken by node index, so the result is deterministic.
public enum OptimalSolver {
    public static func solve(_ problem: MatchProblem) -> OptimalSolution {
        let network = ResidualNetwork(problem: problem)
        let components = Components(problem)
        let n = problem.needCount
        for supporter in components.supporterOrder {
            let j = Int(supporter)
            let capacity = problem.capacities[j]
            // Open the supporter: a potential that makes all its arcs' reduced costs non-negative
            // (for a supporter without capacity, the price of its first engagement).
            var opening: Int64 = 0
            for e in Int(problem.supporterStart[j])..<Int(problem.supporterStart[j + 1]) {
                opening = max(opening, problem.edgeWeight[e] + network.potential[Int(problem.edgeNeed[e])])
            }
            network.potential[n + j] = opening
            while network.load[j] < capacity, network.potential[n + j] > 0 {
                let bound = network.potential[n + j]
                let outcome = network.search(from: .supporter(j), bound: bound)
                network.updatePotentials(to: outcome.distance)
                guard outcome.terminal >= 0 else { break }
                network.augment(source: j, terminal: outcome.terminal)
            }
        }
        var objective: Int64 = 0
        var matched = 0
        for need in 0..<n where network.assigned[need] >= 0 {
            objective += network.assignedWeight[need]
            matched += 1
        }
        return OptimalSolution(
            assignment: Array(network.assigned), objective: objective, matched: matched,
            componentCount: components.count, potentials: Array(network.potential))
    }
}
