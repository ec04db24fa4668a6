import Matching

/// Stable mode's preferences over the feasible candidates (every hard constraint applies in
/// both modes).
///
/// - A need's list: the supporters its head teacher ranked (`need_preferences`), in rank order,
///   then its other candidates by match quality (best first, then supporter id).
/// - A supporter's priorities: the needs it ranked (`supporter_priorities`), in rank order,
///   then its other candidate needs by match quality (highest first, then need id) — so a
///   supporter without stated priorities favours the needs it would help most, severity
///   included.
///
/// Rankings that name a non-candidate (out of range, excluded by a constraint, beyond the
/// top-k cut) are ignored for that pair.
enum StablePreferenceBuilder {
    static func preferences(_ candidates: CandidateSet, inputs: MatchInputs) -> StablePreferences {
        let supporterIndex = Dictionary(uniqueKeysWithValues: inputs.supporters.enumerated().map { ($1.id, $0) })
        let needIndex = Dictionary(uniqueKeysWithValues: inputs.needs.enumerated().map { ($1.id, $0) })
        var byQuality = [[(weight: Int64, need: Int32)]](repeating: [], count: inputs.supporters.count)
        let needLists: [[Int32]] = inputs.needs.indices.map { need in
            let options = candidates.candidates(of: need)
            for edge in options { byQuality[edge.supporter].append((edge.score.weight, Int32(need))) }
            let feasible = Set(options.map(\.supporter))
            let ranked = (inputs.needPreferences[inputs.needs[need].id] ?? []).compactMap { supporterIndex[$0] }
                .filter { feasible.contains($0) }
            let rest = options.map(\.supporter).filter { !ranked.contains($0) }
            return (ranked + rest).map { Int32($0) }
        }
        let priorities: [[Int32]] = inputs.supporters.indices.map { supporter in
            let feasible = byQuality[supporter].sorted { ($0.weight, $1.need) > ($1.weight, $0.need) }.map(\.need)
            let acceptable = Set(feasible)
            let ranked = (inputs.supporterPriorities[inputs.supporters[supporter].id] ?? [])
                .compactMap { needIndex[$0].map { Int32($0) } }.filter { acceptable.contains($0) }
            let stated = Set(ranked)
            return ranked + feasible.filter { !stated.contains($0) }
        }
        return StablePreferences(
            needPreferences: needLists, supporterPriorities: priorities,
            capacities: inputs.supporters.map { Int32($0.capacity) })
    }
}
