/// The parameters of a match run, stored with it (as JSON with snake_case keys). Defaults are
/// the design's.
public struct MatchParameters: Sendable, Hashable, Codable {
    /// Hard cut-off on straight-line distance.
    public var maxDistanceKm: Double
    /// Length of the distance decay `exp(-d / decayKm)`.
    public var decayKm: Double
    /// Lower bound of the context factor: `floor + (1 - floor) × similarity`.
    public var contextFloor: Double
    /// Integer weight = `floor(quality × weightScale + 0.5)`.
    public var weightScale: Double
    /// Candidates kept per need, best first (0 keeps all).
    public var topK: Int
    /// Exclude supporters in the same multi-academy trust as the school.
    public var excludeSameTrust: Bool

    public init(
        maxDistanceKm: Double = 40, decayKm: Double = 25, contextFloor: Double = 0.5,
        weightScale: Double = 1_000_000, topK: Int = 25, excludeSameTrust: Bool = true
    ) {
        self.maxDistanceKm = maxDistanceKm
        self.decayKm = decayKm
        self.contextFloor = contextFloor
        self.weightScale = weightScale
        self.topK = topK
        self.excludeSameTrust = excludeSameTrust
    }

    enum CodingKeys: String, CodingKey {
        case maxDistanceKm = "max_distance_km", decayKm = "decay_km", contextFloor = "context_floor"
        case weightScale = "weight_scale", topK = "top_k", excludeSameTrust = "exclude_same_trust"
    }
}
