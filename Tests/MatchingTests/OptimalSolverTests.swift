import Matching
import PropertyBased
import Testing

@Suite("Optimal solver")
struct OptimalSolverTests {
    @Test("objective and matched count equal the peers' optimum; the assignment is feasible",
          arguments: ["small_s1_k25", "medium_s1_k25", "medium_s1_kall"])
    func goldenOptimum(candidateSet: String) throws {
        let expected = try #require(try SharedData.expected()[candidateSet])
        let problem = try MatchpeerFormat.parseEdges(SharedData.bytes("data/\(candidateSet).edges.txt"))
        let solution = OptimalSolver.solve(problem)
        #expect(solution.objective == expected.optimal.objective)
        #expect(solution.matched == expected.optimal.matched)
        #expect(problem.objective(of: solution.assignment) == solution.objective)
    }

    @Test("the scored candidates of an instance give the same optimum as its edge file")
    func candidatesToOptimum() throws {
        let peer = try PeerInstance.load("data/small_s1.json")
        let candidates = peer.generator().generate()
        let problem = MatchProblem(
            candidates: candidates, needs: peer.domainNeeds, supporters: peer.domainSupporters,
            areas: peer.areas.map { Area($0) })
        let expected = try #require(try SharedData.expected()["small_s1_k25"])
        #expect(OptimalSolver.solve(problem).objective == expected.optimal.objective)
    }

    @Test("equals a brute-force optimum on thousands of random small instances")
    func bruteForce() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let instance = SmallInstance(seed: seed)
            let problem = instance.problem
            let solution = OptimalSolver.solve(problem)
            #expect(solution.objective == instance.bruteForceOptimum(), "\(instance)")
            #expect(problem.objective(of: solution.assignment) == solution.objective, "\(instance)")
        }
    }

    @Test("is deterministic and independent of the input edge order")
    func deterministic() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let instance = SmallInstance(seed: seed)
            var shuffled = instance.edges
            var rng = SplitMix64(state: UInt64(seed) ^ 0xABCD)
            shuffled.shuffle(using: &rng)
            let a = OptimalSolver.solve(instance.problem)
            let b = OptimalSolver.solve(
                MatchProblem(needCount: instance.needCount, capacities: instance.capacities, edges: shuffled))
            #expect(a.assignment == b.assignment)
        }
    }

    @Test("splits independent components")
    func components() {
        let edges = [
            WeightedEdge(need: 0, supporter: 0, weight: 5), WeightedEdge(need: 1, supporter: 0, weight: 7),
            WeightedEdge(need: 2, supporter: 1, weight: 3), WeightedEdge(need: 2, supporter: 2, weight: 4),
        ]
        let solution = OptimalSolver.solve(MatchProblem(needCount: 4, capacities: [1, 1, 1, 2], edges: edges))
        #expect(solution.componentCount == 3)
        #expect(solution.assignment == [-1, 0, 2, -1])
        #expect(solution.objective == 11)
    }
}
