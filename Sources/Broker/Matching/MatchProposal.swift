/// How a chosen (or alternative) supporter scored for a need: every factor of the quality
/// formula `strength × severity × decay × context`.
public struct MatchScore: Codable, Hashable, Sendable {
    /// Integer weight the solvers optimise: `floor(quality × weight_scale + 0.5)`.
    public var weight: Int64
    public var distanceKm: Double
    /// Evidence strength of the supporter's specialism, 0…1.
    public var strength: Double
    /// `exp(-distance / decay_km)`.
    public var decay: Double
    /// Context similarity of the two schools, 0…1.
    public var similarity: Double
    /// `context_floor + (1 - context_floor) × similarity`.
    public var context: Double
    public var quality: Double

    enum CodingKeys: String, CodingKey {
        case weight, distanceKm = "distance_km", strength, decay, similarity, context, quality
    }
}

/// Why an alternative supporter was not chosen.
public enum AlternativeReason: String, Codable, CaseIterable, Sendable {
    /// It scored higher, but its capacity went to needs worth more (`takenByNeedIDs`).
    case capacityTaken = "capacity_taken"
    /// It scored lower, mainly because of `factor`.
    case lowerQuality = "lower_quality"
    /// It scored higher and had room, but the preferences ranked it lower (stable mode).
    case rankedLower = "ranked_lower"
    /// A hard constraint (`constraint`) or the top-k cut ruled it out.
    case excluded
}

/// A runner-up supporter for a matched need and why it lost.
public struct MatchAlternative: Codable, Hashable, Sendable {
    public var supporterID: Int
    public var weight: Int64
    public var quality: Double
    public var distanceKm: Double
    public var reason: AlternativeReason
    /// For `lower_quality`: `further_away`, `weaker_evidence` or `less_similar_context`.
    public var factor: String?
    /// For `excluded`: `own_school`, `same_trust`, `conflict_of_interest`, `supporter_needs_support`,
    /// `phase_mismatch`, `negligible_quality` or `beyond_top_k`.
    public var constraint: String?
    /// For `capacity_taken`: the needs that took the supporter's capacity.
    public var takenByNeedIDs: [Int]?

    enum CodingKeys: String, CodingKey {
        case supporterID = "supporter_id", weight, quality, distanceKm = "distance_km", reason, factor, constraint
        case takenByNeedIDs = "taken_by_need_ids"
    }
}

/// Why a need stays unmatched.
public enum UnmatchedReasonCode: String, Codable, CaseIterable, Sendable {
    /// Its school has no coordinates.
    case schoolNotLocated = "school_not_located"
    /// No available supporter has a specialism in the area.
    case noSpecialist = "no_specialist"
    /// Specialists exist, none within the maximum distance.
    case noSpecialistWithinDistance = "no_specialist_within_distance"
    /// Specialists within the distance were all excluded (see the exclusion counts).
    case allExcluded = "all_excluded"
    /// Every candidate's capacity went to needs worth more.
    case candidatesFull = "candidates_full"
    /// A candidate had room, but the preferences did not bring them together (stable mode).
    case notMatchedByPreferences = "not_matched_by_preferences"

    /// The reason in a few words, for people.
    public var summary: String {
        switch self {
        case .schoolNotLocated: "school has no coordinates"
        case .noSpecialist: "no supporter with this specialism"
        case .noSpecialistWithinDistance: "no supporter with this specialism within the maximum distance"
        case .allExcluded: "every nearby specialist excluded by a constraint"
        case .candidatesFull: "every candidate's capacity went to needs worth more"
        case .notMatchedByPreferences: "preferences did not bring a candidate with room and the need together"
        }
    }
}

/// The detail of an unmatched need's reason.
public struct UnmatchedDetail: Codable, Hashable, Sendable {
    /// For `all_excluded`: nearby specialists ruled out, by constraint.
    public var exclusions: [String: Int]?
    /// For `candidates_full`: how many candidates the need had, all full.
    public var candidates: Int?
    /// For `candidates_full`: the best few of them (at most three, best first).
    public var candidateSupporterIDs: [Int]?
    /// For `no_specialist_within_distance`: the distance limit.
    public var maxDistanceKm: Double?

    enum CodingKeys: String, CodingKey {
        case exclusions, candidates, candidateSupporterIDs = "candidate_supporter_ids", maxDistanceKm = "max_distance_km"
    }
}

/// A match run's outcome for one need.
public struct MatchProposal: Codable, Hashable, Sendable {
    public var needID: Int
    public var urn: Int
    public var area: String
    public var severity: Int
    /// The chosen supporter, `nil` when unmatched.
    public var supporterID: Int?
    public var score: MatchScore?
    /// Up to three runner-ups, best first.
    public var alternatives: [MatchAlternative]
    public var unmatchedReason: UnmatchedReasonCode?
    public var unmatchedDetail: UnmatchedDetail?

    enum CodingKeys: String, CodingKey {
        case needID = "need_id", urn, area, severity, supporterID = "supporter_id", score, alternatives
        case unmatchedReason = "unmatched_reason", unmatchedDetail = "unmatched_detail"
    }
}
