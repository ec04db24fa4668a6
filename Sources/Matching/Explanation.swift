/// The factor that most separates a runner-up from the chosen supporter.
public enum QualityFactor: String, Sendable, Hashable {
    case furtherAway = "further_away"
    case weakerEvidence = "weaker_evidence"
    case lessSimilarContext = "less_similar_context"
}

/// Why a runner-up supporter was not chosen.
public enum LossReason: Sendable, Hashable {
    /// It scored higher, but its engagements all went to these needs (indices), which were
    /// worth more to the overall match.
    case capacityTaken(by: [Int])
    /// It scored lower, mainly because of this factor.
    case lowerQuality(mainly: QualityFactor)
    /// It scored higher and had room, but the preferences ranked it lower (stable mode).
    case rankedLower
    /// A hard constraint (or the top-k cut) ruled it out.
    case excluded(ExclusionReason)
}

/// A supporter the need could have had instead.
public struct RunnerUp: Sendable, Hashable {
    public var supporter: Int
    public var score: ScoreBreakdown
    public var reason: LossReason
}

/// Why a need has no supporter.
public enum UnmatchedReason: Sendable, Hashable {
    /// It had no candidate at all.
    case noCandidates(NoCandidateReason)
    /// Every candidate's capacity went to needs worth more; the candidates (indices).
    case candidatesFull(supporters: [Int])
    /// A candidate had room, but the preferences did not bring them together (stable mode).
    case notMatchedByPreferences
}

/// The explanation of one need's outcome, for a head teacher.
public struct Explanation: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case matched(supporter: Int, score: ScoreBreakdown, runnersUp: [RunnerUp])
        case unmatched(UnmatchedReason)
    }

    /// Index into `needs`.
    public var need: Int
    public var outcome: Outcome
}

/// Explains an assignment over a candidate set. For the optimal assignment every reason is
/// about quality and capacity; for a stable one, preferences can override quality, which is
/// said as such (`rankedLower`, `notMatchedByPreferences`).
public enum Explainer {
    /// Runner-ups listed per matched need.
    public static let runnerUpLimit = 3

    /// One explanation per need. `assignment` holds the supporter index per need (−1 when
    /// unmatched); `capacities` per supporter.
    public static func explain(_ candidates: CandidateSet, assignment: [Int32], capacities: [Int]) -> [Explanation] {
        var assignedTo = [[Int]](repeating: [], count: capacities.count)
        for (need, supporter) in assignment.enumerated() where supporter >= 0 {
            assignedTo[Int(supporter)].append(need)
        }
        func weight(_ need: Int, at supporter: Int) -> Int64 {
            candidates.candidates(of: need).first { $0.supporter == supporter }?.score.weight ?? 0
        }
        // Each supporter's needs, worth most to it first.
        for j in assignedTo.indices {
            assignedTo[j].sort { (weight($0, at: j), $1) > (weight($1, at: j), $0) }
        }
        return (0..<candidates.needCount).map { need in
            let options = candidates.candidates(of: need)
            let chosen = Int(assignment[need])
            guard chosen >= 0, let pick = options.first(where: { $0.supporter == chosen }) else {
                let reason: UnmatchedReason =
                    options.isEmpty
                    ? .noCandidates(candidates.needsWithoutCandidates[need] ?? .noSpecialist)
                    : options.allSatisfy({ assignedTo[$0.supporter].count >= capacities[$0.supporter] })
                    ? .candidatesFull(supporters: options.map(\.supporter)) : .notMatchedByPreferences
                return Explanation(need: need, outcome: .unmatched(reason))
            }
            var runnersUp: [RunnerUp] = options.filter { $0.supporter != chosen }.map { edge in
                let j = edge.supporter
                let full = assignedTo[j].count >= capacities[j]
                let reason: LossReason =
                    edge.score.weight <= pick.score.weight ? .lowerQuality(mainly: mainFactor(pick.score, edge.score))
                    : full ? .capacityTaken(by: assignedTo[j]) : .rankedLower
                return RunnerUp(supporter: j, score: edge.score, reason: reason)
            }
            runnersUp += (candidates.excludedAlternatives[need] ?? []).map {
                RunnerUp(supporter: $0.supporter, score: $0.score, reason: .excluded($0.reason))
            }
            runnersUp.sort { ($0.score.weight, $1.supporter) > ($1.score.weight, $0.supporter) }
            return Explanation(
                need: need,
                outcome: .matched(supporter: chosen, score: pick.score, runnersUp: Array(runnersUp.prefix(runnerUpLimit))))
        }
    }

    /// The factor with the largest ratio chosen / runner-up.
    static func mainFactor(_ chosen: ScoreBreakdown, _ other: ScoreBreakdown) -> QualityFactor {
        let ratios: [(QualityFactor, Double)] = [
            (.furtherAway, chosen.decay / other.decay),
            (.weakerEvidence, chosen.strength / other.strength),
            (.lessSimilarContext, chosen.context / other.context),
        ]
        return ratios.max { $0.1 < $1.1 }!.0
    }
}
