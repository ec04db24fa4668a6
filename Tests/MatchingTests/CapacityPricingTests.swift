import Matching
import PropertyBased
import Testing

@Suite("Capacity prices")
struct CapacityPricingTests {
    @Test("one more engagement adds exactly what re-solving with it adds, overall and per group")
    func marginalGainsByBruteForce() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let instance = SmallInstance(seed: seed)
            let problem = instance.problem
            let solution = OptimalSolver.solve(problem)
            let base = instance.bruteForceOptimum()
            let gains = CapacityPricing.marginalGains(problem, solution)
            for j in instance.capacities.indices {
                var more = instance
                more.capacities[j] += 1
                #expect(gains[j] == more.bruteForceOptimum() - base, "supporter \(j) of \(instance)")
                #expect(solution.supporterDuals[j] >= gains[j])
            }
        }
    }

    @Test("area-restricted gains equal adding a one-engagement clone with only that area's edges")
    func areaGains() async {
        let areas = [Area("even"), Area("odd")]
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let instance = SmallInstance(seed: seed)
            let solution = OptimalSolver.solve(instance.problem)
            let supporters = instance.capacities.indices.map {
                Supporter(id: $0, homeSchool: nil, trust: nil, location: Location(eastingKm: 0, northingKm: 0),
                          phases: [.primary], capacity: Int(instance.capacities[$0]),
                          context: SchoolContext(freeSchoolMealsShare: 0, pupils: 1, isUrban: false),
                          specialisms: areas.map { Specialism(area: $0, strength: 1) }, district: "D\($0 % 2)")
            }
            let prices = CapacityPricing.prices(instance.problem, solution, supporters: supporters, areas: areas)
            let base = instance.bruteForceOptimum()
            for j in supporters.indices {
                for (group, area) in areas.enumerated() {
                    var clone = instance
                    clone.capacities.append(1)
                    clone.edges += instance.edges.filter { $0.supporter == Int32(j) && Int($0.need) % 2 == group }.map {
                        WeightedEdge(need: $0.need, supporter: Int32(instance.capacities.count), weight: $0.weight)
                    }
                    #expect(prices[j].gainByArea[area] == clone.bruteForceOptimum() - base, "\(j) \(area) \(instance)")
                }
            }
            let rollup = CapacityPricing.rollup(prices, supporters: supporters)
            #expect(rollup.count == Set(supporters.map(\.district)).count * areas.count)
            #expect(rollup.map(\.bestGain) == rollup.map(\.bestGain).sorted(by: >))
            for entry in rollup {
                #expect(entry.bestGain == prices[entry.bestSupporter].gainByArea[entry.area])
            }
        }
    }
}
