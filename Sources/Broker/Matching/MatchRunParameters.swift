import Matching

/// How a match run pairs needs with supporters.
public enum MatchMode: String, Codable, CaseIterable, Sendable {
    /// Maximum total quality under capacities (a min-cost flow, exact).
    case optimal
    /// Need-proposing Gale–Shapley from head teachers' preferences and supporters' priorities.
    case stable
}

/// The parameters of a match run as stored with it (`match_runs.parameters`): the weights and
/// limits of DESIGN.md's quality formula. Defaults are the design's.
public struct MatchRunParameters: Codable, Hashable, Sendable {
    /// Hard cut-off on straight-line distance (km).
    public var maxDistanceKm: Double
    /// Length of the distance decay `exp(-d / decayKm)`.
    public var decayKm: Double
    /// Lower bound of the context factor: `floor + (1 - floor) × similarity`.
    public var contextFloor: Double
    /// Integer weight = `floor(quality × weightScale + 0.5)`.
    public var weightScale: Double
    /// Candidates kept per need, best first (0 keeps all).
    public var topK: Int
    /// The trust rule: never pair a school with a supporter in its own multi-academy trust.
    public var excludeSameTrust: Bool

    public init(_ parameters: MatchParameters = MatchParameters()) {
        maxDistanceKm = parameters.maxDistanceKm
        decayKm = parameters.decayKm
        contextFloor = parameters.contextFloor
        weightScale = parameters.weightScale
        topK = parameters.topK
        excludeSameTrust = parameters.excludeSameTrust
    }

    /// The parameters as the pure matcher takes them.
    public var matchParameters: MatchParameters {
        MatchParameters(
            maxDistanceKm: maxDistanceKm, decayKm: decayKm, contextFloor: contextFloor, weightScale: weightScale,
            topK: topK, excludeSameTrust: excludeSameTrust)
    }

    enum CodingKeys: String, CodingKey {
        case maxDistanceKm = "max_distance_km", decayKm = "decay_km", contextFloor = "context_floor"
        case weightScale = "weight_scale", topK = "top_k", excludeSameTrust = "exclude_same_trust"
    }
}
