import Analysis
import Matching

/// The pure part of a match run: candidates, the solver of the mode, explanations and (optimal
/// mode) capacity prices over loaded inputs. Deterministic: the same inputs and parameters give
/// the same outcome.
enum MatchComputation {
    /// Runner-ups per matched need in the proposals (excluded specialists are kept for them too).
    static let alternativesPerNeed = Explainer.runnerUpLimit

    static func compute(_ inputs: MatchInputs, request: MatchRunRequest, timings: inout MatchRunTimings)
        -> MatchRunOutcome
    {
        let parameters = request.parameters
        let clock = ContinuousClock()
        var start = clock.now
        func lap() -> Double {
            let now = clock.now
            defer { start = now }
            return (now - start).seconds
        }

        let candidates = CandidateGenerator(
            schools: inputs.schools, supporters: inputs.supporters, needs: inputs.needs, conflicts: inputs.conflicts,
            parameters: parameters
        ).generate(keepingExcluded: alternativesPerNeed)
        timings.candidates = lap()

        let areas = Array(Set(inputs.needs.map(\.area))).sorted()
        var assignment: [Int32]
        var components = 0
        var optimal: (MatchProblem, OptimalSolution)?
        switch request.mode {
        case .optimal:
            let problem = MatchProblem(candidates: candidates, needs: inputs.needs, supporters: inputs.supporters, areas: areas)
            let solution = OptimalSolver.solve(problem)
            assignment = solution.assignment
            components = solution.componentCount
            optimal = (problem, solution)
        case .stable:
            assignment = StableSolver.solve(StablePreferenceBuilder.preferences(candidates, inputs: inputs)).assignment
        }
        timings.solve = lap()

        let explanations = Explainer.explain(
            candidates, assignment: assignment, capacities: inputs.supporters.map(\.capacity))
        var proposals = explanations.map { proposal($0, inputs: inputs, parameters: parameters) }
        proposals += inputs.unlocatedNeeds.map {
            MatchProposal(
                needID: $0.id, urn: $0.urn, area: $0.area, severity: $0.severity, supporterID: nil, score: nil,
                alternatives: [], unmatchedReason: .schoolNotLocated, unmatchedDetail: nil)
        }
        proposals.sort { $0.needID < $1.needID }
        timings.explain = lap()

        var prices: [SupporterCapacityPrice] = []
        if let (problem, solution) = optimal {
            prices = CapacityPricing.prices(problem, solution, supporters: inputs.supporters, areas: areas).map {
                SupporterCapacityPrice(
                    supporterID: inputs.supporters[$0.supporter].id, dual: $0.dual, marginalGain: $0.marginalGain,
                    gainByArea: Dictionary(uniqueKeysWithValues: $0.gainByArea.map { ($0.key.rawValue, $0.value) }))
            }
        }
        timings.pricing = lap()

        let chosen = proposals.compactMap(\.score)
        let summary = MatchRunSummary(
            academicYear: inputs.academicYear, mode: request.mode, parameters: request.parameters,
            inputsFingerprint: inputs.fingerprint(mode: request.mode), objective: chosen.reduce(0) { $0 + $1.weight },
            totalQuality: chosen.reduce(0) { $0 + $1.quality }, needs: proposals.count, matched: chosen.count,
            supporters: inputs.supporters.count, candidateEdges: candidates.edges.count,
            counts: MatchRunCounts(
                exclusions: Dictionary(uniqueKeysWithValues: candidates.exclusionCounts.map { ($0.key.rawValue, $0.value) }),
                needsAtUnlocatedSchools: inputs.unlocatedNeeds.count,
                supportersWithoutLocation: inputs.supportersWithoutLocation,
                specialismsWithdrawn: inputs.specialismsWithdrawn, components: components),
            timings: timings)
        let levels = Set(proposals.map(\.urn)).reduce(into: [Int: SupportLevel]()) { levels, urn in
            levels[urn] = inputs.schoolLevels[urn]
        }
        return MatchRunOutcome(
            runID: nil, summary: summary, proposals: proposals, capacityPrices: prices, schoolLevels: levels)
    }

    private static func proposal(_ explanation: Explanation, inputs: MatchInputs, parameters: MatchParameters)
        -> MatchProposal
    {
        let need = inputs.needs[explanation.need]
        var proposal = MatchProposal(
            needID: need.id, urn: inputs.schools[need.school].id, area: need.area.rawValue, severity: need.severity,
            supporterID: nil, score: nil, alternatives: [], unmatchedReason: nil, unmatchedDetail: nil)
        switch explanation.outcome {
        case .matched(let supporter, let score, let runnersUp):
            proposal.supporterID = inputs.supporters[supporter].id
            proposal.score = MatchScore(score)
            proposal.alternatives = runnersUp.map { alternative($0, inputs: inputs) }
        case .unmatched(.noCandidates(.noSpecialist)):
            proposal.unmatchedReason = .noSpecialist
        case .unmatched(.noCandidates(.noSpecialistWithinDistance(let km))):
            proposal.unmatchedReason = .noSpecialistWithinDistance
            proposal.unmatchedDetail = UnmatchedDetail(maxDistanceKm: km)
        case .unmatched(.noCandidates(.allExcluded(let counts))):
            proposal.unmatchedReason = .allExcluded
            proposal.unmatchedDetail = UnmatchedDetail(
                exclusions: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
        case .unmatched(.candidatesFull(let supporters)):
            proposal.unmatchedReason = .candidatesFull
            proposal.unmatchedDetail = UnmatchedDetail(
                candidates: supporters.count,
                candidateSupporterIDs: supporters.prefix(alternativesPerNeed).map { inputs.supporters[$0].id })
        case .unmatched(.notMatchedByPreferences):
            proposal.unmatchedReason = .notMatchedByPreferences
        }
        return proposal
    }

    private static func alternative(_ runnerUp: RunnerUp, inputs: MatchInputs) -> MatchAlternative {
        var alternative = MatchAlternative(
            supporterID: inputs.supporters[runnerUp.supporter].id, weight: runnerUp.score.weight,
            quality: runnerUp.score.quality, distanceKm: runnerUp.score.distanceKm, reason: .lowerQuality)
        switch runnerUp.reason {
        case .capacityTaken(let needs):
            alternative.reason = .capacityTaken
            alternative.takenByNeedIDs = needs.map { inputs.needs[$0].id }
        case .lowerQuality(let factor):
            alternative.factor = factor.rawValue
        case .rankedLower:
            alternative.reason = .rankedLower
        case .excluded(let constraint):
            alternative.reason = .excluded
            alternative.constraint = constraint.rawValue
        }
        return alternative
    }
}

extension MatchScore {
    init(_ score: ScoreBreakdown) {
        self.init(
            weight: score.weight, distanceKm: score.distanceKm, strength: score.strength, decay: score.decay,
            similarity: score.similarity, context: score.context, quality: score.quality)
    }
}
