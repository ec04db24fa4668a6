import Matching
import Testing

@Suite("Explanations")
struct ExplanationTests {
    @Test("on a real instance, every reason given is consistent with the optimal assignment")
    func consistentOnSmallInstance() throws {
        let peer = try PeerInstance.load("data/small_s1.json")
        let supporters = peer.domainSupporters
        let candidates = peer.generator().generate(keepingExcluded: 3)
        let problem = MatchProblem(
            candidates: candidates, needs: peer.domainNeeds, supporters: supporters, areas: peer.areas.map { Area($0) })
        let solution = OptimalSolver.solve(problem)
        let capacities = supporters.map(\.capacity)
        let explanations = Explainer.explain(candidates, assignment: solution.assignment, capacities: capacities)
        var load = [Int](repeating: 0, count: supporters.count)
        for j in solution.assignment where j >= 0 { load[Int(j)] += 1 }
        var sawCapacityTaken = false
        for explanation in explanations {
            switch explanation.outcome {
            case .matched(let chosen, let score, let runnersUp):
                #expect(solution.assignment[explanation.need] == Int32(chosen))
                #expect(runnersUp.count <= Explainer.runnerUpLimit)
                #expect(!runnersUp.contains { $0.supporter == chosen })
                #expect(runnersUp.map(\.score.weight) == runnersUp.map(\.score.weight).sorted(by: >))
                for runnerUp in runnersUp {
                    switch runnerUp.reason {
                    case .capacityTaken(let needs):
                        sawCapacityTaken = true
                        #expect(runnerUp.score.weight > score.weight)
                        #expect(needs.count == capacities[runnerUp.supporter])
                        #expect(needs.allSatisfy { solution.assignment[$0] == Int32(runnerUp.supporter) })
                    case .lowerQuality:
                        #expect(runnerUp.score.weight <= score.weight)
                    case .rankedLower:
                        Issue.record("an optimal assignment never leaves a better supporter with room")
                    case .excluded:
                        break
                    }
                }
            case .unmatched(.candidatesFull(let options)):
                #expect(solution.assignment[explanation.need] == -1)
                #expect(options.allSatisfy { load[$0] == capacities[$0] })
            case .unmatched(.noCandidates):
                #expect(candidates.candidates(of: explanation.need).isEmpty)
            case .unmatched(.notMatchedByPreferences):
                Issue.record("an optimal assignment never leaves a need unmatched next to spare capacity")
            }
        }
        #expect(sawCapacityTaken)
    }

    @Test("names the needs that took a runner-up's capacity and the main factor of a lower score")
    func handcrafted() {
        let candidates = Self.twoSupporters()
        let problem = MatchProblem(candidates: candidates, needs: Self.needs, supporters: Self.supporters, areas: [Area("send")])
        let solution = OptimalSolver.solve(problem)
        let explanations = Explainer.explain(candidates, assignment: solution.assignment, capacities: [1, 1])
        guard case .matched(1, _, let runnersUp) = explanations[0].outcome else {
            Issue.record("need 0 should go to supporter 1: \(explanations[0])")
            return
        }
        #expect(runnersUp.map(\.reason) == [.capacityTaken(by: [1])])
        guard case .matched(0, _, let others) = explanations[1].outcome else {
            Issue.record("need 1 should go to supporter 0: \(explanations[1])")
            return
        }
        #expect(others.map(\.reason) == [.lowerQuality(mainly: .furtherAway)])
    }

    @Test("says where preferences (stable mode) overrode quality")
    func preferencesOverride() {
        // Need 0 went to its weaker supporter while the better one had room; need 1 is left out.
        let explanations = Explainer.explain(Self.twoSupporters(), assignment: [1, -1], capacities: [1, 1])
        guard case .matched(1, _, let runnersUp) = explanations[0].outcome else {
            Issue.record("\(explanations[0])")
            return
        }
        #expect(runnersUp.map(\.reason) == [.rankedLower])
        #expect(explanations[1].outcome == .unmatched(.notMatchedByPreferences))
    }

    static let context = SchoolContext(freeSchoolMealsShare: 0.2, pupils: 300, isUrban: true)
    static let supporters = [5.0, 20.0].enumerated().map {
        Supporter(id: $0.offset, homeSchool: nil, trust: nil, location: Location(eastingKm: $0.element, northingKm: 0),
                  phases: [.primary], capacity: 1, context: context,
                  specialisms: [Specialism(area: Area("send"), strength: 1)], district: "D")
    }
    /// Need 0 (mild) and need 1 (severe) both score best with supporter 0.
    static let needs = [
        Need(id: 0, school: 0, area: Area("send"), severity: 1),
        Need(id: 1, school: 1, area: Area("send"), severity: 5),
    ]

    static func twoSupporters() -> CandidateSet {
        let schools = [0.0, 10.0].enumerated().map {
            School(id: $0.offset, phase: .primary, location: Location(eastingKm: $0.element, northingKm: 0), trust: nil,
                   context: context, isInIntensiveSupport: false, district: "D")
        }
        return CandidateGenerator(schools: schools, supporters: supporters, needs: needs).generate()
    }
}
