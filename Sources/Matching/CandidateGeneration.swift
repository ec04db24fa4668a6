/// Why a supporter with the right specialism, within the distance limit, is not a candidate
/// for a need (the first hard constraint it fails, checked in this order).
public enum ExclusionReason: String, Sendable, Hashable, CaseIterable {
    /// The supporter is based at the school itself.
    case ownSchool = "own_school"
    /// Supporter and school are in the same multi-academy trust.
    case sameTrust = "same_trust"
    /// A declared conflict of interest.
    case conflictOfInterest = "conflict_of_interest"
    /// The supporter's own school is in intensive support or needs support in this area.
    case supporterNeedsSupport = "supporter_needs_support"
    /// The supporter does not serve the school's phase.
    case phaseMismatch = "phase_mismatch"
    /// The match quality rounds to a weight below 1.
    case negligibleQuality = "negligible_quality"
    /// Feasible, but not among the need's `topK` best candidates.
    case beyondTopK = "beyond_top_k"
}

/// Why a need has no candidate at all.
public enum NoCandidateReason: Sendable, Hashable {
    /// No supporter anywhere has a specialism in the need's area.
    case noSpecialist
    /// Specialists exist, but none within the maximum distance.
    case noSpecialistWithinDistance(km: Double)
    /// Specialists within the distance were all excluded; counts by reason.
    case allExcluded([ExclusionReason: Int])
}

/// A feasible (need, supporter) pair with its score.
public struct CandidateEdge: Sendable, Hashable {
    /// Index into `needs`.
    public var need: Int
    /// Index into `supporters`.
    public var supporter: Int
    public var score: ScoreBreakdown
}

/// A specialist near a need that a hard constraint (or the top-k cut) ruled out, scored as
/// if it had been allowed — the "excluded by a constraint" runner-ups of explanations.
public struct ExcludedAlternative: Sendable, Hashable {
    public var supporter: Int
    public var reason: ExclusionReason
    public var score: ScoreBreakdown
}

/// The output of candidate generation.
public struct CandidateSet: Sendable {
    public var parameters: MatchParameters
    public var needCount: Int
    /// Edges grouped by need ascending; within a need by weight descending, then supporter.
    public var edges: [CandidateEdge]
    /// `edges[needStart[i]..<needStart[i + 1]]` are need `i`'s candidates.
    public var needStart: [Int]
    /// Pair exclusions among specialists within the distance, by first failing reason.
    public var exclusionCounts: [ExclusionReason: Int]
    /// The needs left without any candidate, and why.
    public var needsWithoutCandidates: [Int: NoCandidateReason]
    /// Per need, the best few excluded alternatives (only when asked for).
    public var excludedAlternatives: [Int: [ExcludedAlternative]]

    /// Need `i`'s candidates, best first.
    public func candidates(of need: Int) -> ArraySlice<CandidateEdge> {
        edges[needStart[need]..<needStart[need + 1]]
    }
}

/// Builds the feasible edges under every hard constraint, using one spatial grid per area.
public struct CandidateGenerator: Sendable {
    public var schools: [School]
    public var supporters: [Supporter]
    public var needs: [Need]
    public var conflicts: Set<ConflictOfInterest>
    public var parameters: MatchParameters

    public init(
        schools: [School], supporters: [Supporter], needs: [Need],
        conflicts: Set<ConflictOfInterest> = [], parameters: MatchParameters = MatchParameters()
    ) {
        self.schools = schools
        self.supporters = supporters
        self.needs = needs
        self.conflicts = conflicts
        self.parameters = parameters
    }

    /// A specialist as stored in an area's grid.
    private struct Specialist {
        var supporter: Int
        var strength: Double
        /// Its home school is in intensive support or itself needs support in this area.
        var needsSupport: Bool
    }

    /// Generates the candidates. With `keepingExcluded > 0`, also keeps, per need, that many
    /// best-scoring excluded alternatives for explanations.
    public func generate(keepingExcluded: Int = 0) -> CandidateSet {
        var areasNeededAt: [Int: Set<Area>] = [:]
        for need in needs { areasNeededAt[need.school, default: []].insert(need.area) }

        var grids: [Area: SpatialGrid<Specialist>] = [:]
        for (index, supporter) in supporters.enumerated() {
            let home = supporter.homeSchool
            for specialism in supporter.specialisms where specialism.strength > 0 {
                let needsSupport = home.map {
                    schools[$0].isInIntensiveSupport || areasNeededAt[$0]?.contains(specialism.area) == true
                } ?? false
                grids[specialism.area, default: SpatialGrid(radius: parameters.maxDistanceKm)].insert(
                    Specialist(supporter: index, strength: specialism.strength, needsSupport: needsSupport),
                    at: supporter.location)
            }
        }
        let schoolLogPupils = schools.map { Scorer.logPupils($0.context) }
        let supporterLogPupils = supporters.map { Scorer.logPupils($0.context) }

        var result = CandidateSet(
            parameters: parameters, needCount: needs.count, edges: [], needStart: [0],
            exclusionCounts: [:], needsWithoutCandidates: [:], excludedAlternatives: [:])
        result.needStart.reserveCapacity(needs.count + 1)
        var feasible: [CandidateEdge] = []
        var excluded: [ExcludedAlternative] = []
        for (needIndex, need) in needs.enumerated() {
            feasible.removeAll(keepingCapacity: true)
            excluded.removeAll(keepingCapacity: true)
            var counts: [ExclusionReason: Int] = [:]
            var inRange = 0
            let school = schools[need.school]
            grids[need.area]?.forEachNear(school.location) { location, specialist in
                let distance = school.location.distanceKm(to: location)
                guard distance <= parameters.maxDistanceKm else { return }
                inRange += 1
                let supporter = supporters[specialist.supporter]
                let score = Scorer.score(
                    strength: specialist.strength, severity: need.severity, distanceKm: distance,
                    similarity: Scorer.similarity(
                        school.context, logPupilsA: schoolLogPupils[need.school],
                        supporter.context, logPupilsB: supporterLogPupils[specialist.supporter]),
                    parameters: parameters)
                if let reason = exclusion(of: supporter, as: specialist, at: need.school, score: score) {
                    counts[reason, default: 0] += 1
                    if keepingExcluded > 0 {
                        excluded.append(ExcludedAlternative(supporter: specialist.supporter, reason: reason, score: score))
                    }
                } else {
                    feasible.append(CandidateEdge(need: needIndex, supporter: specialist.supporter, score: score))
                }
            }
            feasible.sort(by: Self.isBetter)
            if parameters.topK > 0, feasible.count > parameters.topK {
                for edge in feasible[parameters.topK...] where keepingExcluded > 0 {
                    excluded.append(ExcludedAlternative(supporter: edge.supporter, reason: .beyondTopK, score: edge.score))
                }
                counts[.beyondTopK, default: 0] += feasible.count - parameters.topK
                feasible.removeSubrange(parameters.topK...)
            }
            result.edges.append(contentsOf: feasible)
            result.needStart.append(result.edges.count)
            for (reason, count) in counts { result.exclusionCounts[reason, default: 0] += count }
            if feasible.isEmpty {
                result.needsWithoutCandidates[needIndex] =
                    grids[need.area] == nil ? .noSpecialist
                    : inRange == 0 ? .noSpecialistWithinDistance(km: parameters.maxDistanceKm)
                    : .allExcluded(counts)
            }
            if keepingExcluded > 0, !excluded.isEmpty {
                excluded.sort { ($0.score.weight, $1.supporter) > ($1.score.weight, $0.supporter) }
                result.excludedAlternatives[needIndex] = Array(excluded.prefix(keepingExcluded))
            }
        }
        return result
    }

    /// The first hard constraint that rules `supporter` out for a need at `school`, if any.
    private func exclusion(
        of supporter: Supporter, as specialist: Specialist, at school: Int, score: ScoreBreakdown
    ) -> ExclusionReason? {
        let target = schools[school]
        if supporter.homeSchool == school { return .ownSchool }
        if parameters.excludeSameTrust, let trust = target.trust, trust == supporter.trust { return .sameTrust }
        if !conflicts.isEmpty,
            conflicts.contains(ConflictOfInterest(school: school, supporter: specialist.supporter))
        {
            return .conflictOfInterest
        }
        if specialist.needsSupport { return .supporterNeedsSupport }
        if !target.phase.isServed(by: supporter.phases) { return .phaseMismatch }
        if score.weight < 1 { return .negligibleQuality }
        return nil
    }

    /// Candidate order within a need: weight descending, then supporter index ascending.
    static func isBetter(_ a: CandidateEdge, _ b: CandidateEdge) -> Bool {
        a.score.weight != b.score.weight ? a.score.weight > b.score.weight : a.supporter < b.supporter
    }
}
