/// What one more engagement at a supporter would add to the optimal total quality.
public struct CapacityPrice: Sendable, Hashable {
    /// Index into `supporters`.
    public var supporter: Int
    /// The supporter's optimal dual price (an upper bound on `marginalGain`).
    public var dual: Int64
    /// Exact increase of the optimum with one more engagement (integer weight units).
    public var marginalGain: Int64
    /// The same, if the extra engagement were restricted to needs in one area.
    public var gainByArea: [Area: Int64]
}

/// Capacity prices rolled up by district and area: where one more slot would help most.
public struct CapacityRollup: Sendable, Hashable {
    public var district: String
    public var area: Area
    /// Supporters in the district with a specialism in the area.
    public var supporters: Int
    /// The supporter where one more engagement in this area would add most, and how much.
    public var bestSupporter: Int
    public var bestGain: Int64
    /// Sum over those supporters of what one more engagement each would add on its own.
    public var totalGain: Int64
}

/// Capacity pricing from the optimal flow's duals.
public enum CapacityPricing {
    /// Exact marginal gain of one more engagement at `supporter` (restricted to edges of
    /// `group` when given): the most negative cycle through an extra unit, found by one
    /// Dijkstra search on the optimal reduced costs.
    static func marginalGain(_ network: ResidualNetwork, supporter j: Int, group: UInt16?) -> Int64 {
        let problem = network.problem
        var opening: Int64 = 0
        for e in Int(problem.supporterStart[j])..<Int(problem.supporterStart[j + 1])
        where group == nil || problem.needGroup[Int(problem.edgeNeed[e])] == group! {
            opening = max(opening, problem.edgeWeight[e] + network.potential[Int(problem.edgeNeed[e])])
        }
        guard opening > 0 else { return 0 }
        let outcome = network.search(from: .extraSlot(j, group: group, potential: opening), bound: opening)
        return opening - outcome.distance
    }

    /// Marginal gain of one more engagement at every supporter.
    public static func marginalGains(_ problem: MatchProblem, _ solution: OptimalSolution) -> [Int64] {
        let network = ResidualNetwork(problem: problem, solution: solution)
        return (0..<problem.supporterCount).map { marginalGain(network, supporter: $0, group: nil) }
    }

    /// Prices for every supporter, overall and per specialism area. `problem` must be built by
    /// `MatchProblem(candidates:needs:supporters:areas:)` with the same `areas`.
    public static func prices(
        _ problem: MatchProblem, _ solution: OptimalSolution, supporters: [Supporter], areas: [Area]
    ) -> [CapacityPrice] {
        let network = ResidualNetwork(problem: problem, solution: solution)
        let duals = solution.supporterDuals
        return supporters.indices.map { j in
            var byArea: [Area: Int64] = [:]
            for specialism in supporters[j].specialisms where specialism.strength > 0 {
                if let group = areas.firstIndex(of: specialism.area) {
                    byArea[specialism.area] = marginalGain(network, supporter: j, group: UInt16(group))
                }
            }
            return CapacityPrice(
                supporter: j, dual: duals[j], marginalGain: marginalGain(network, supporter: j, group: nil),
                gainByArea: byArea)
        }
    }

    /// Rolls prices up by (district, area), best first.
    public static func rollup(_ prices: [CapacityPrice], supporters: [Supporter]) -> [CapacityRollup] {
        struct Key: Hashable {
            var district: String
            var area: Area
        }
        var rollups: [Key: CapacityRollup] = [:]
        for price in prices {
            let district = supporters[price.supporter].district
            for (area, gain) in price.gainByArea {
                let key = Key(district: district, area: area)
                var entry = rollups[key] ?? CapacityRollup(
                    district: district, area: area, supporters: 0, bestSupporter: price.supporter,
                    bestGain: gain, totalGain: 0)
                entry.supporters += 1
                entry.totalGain += gain
                if gain > entry.bestGain || (gain == entry.bestGain && price.supporter < entry.bestSupporter) {
                    entry.bestGain = gain
                    entry.bestSupporter = price.supporter
                }
                rollups[key] = entry
            }
        }
        return rollups.values.sorted {
            ($0.bestGain, $1.district, $1.area) > ($1.bestGain, $0.district, $0.area)
        }
    }
}

extension ResidualNetwork {
    /// The residual network of an optimal solution, with its potentials.
    convenience init(problem: MatchProblem, solution: OptimalSolution) {
        self.init(problem: problem)
        _ = potential.update(fromContentsOf: solution.potentials)
        for (need, supporter) in solution.assignment.enumerated() where supporter >= 0 {
            assigned[need] = supporter
            load[Int(supporter)] += 1
            assignedWeight[need] = problem.weight(need: need, supporter: Int(supporter)) ?? 0
        }
    }
}
