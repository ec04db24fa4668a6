import Matching

/// How a match run pairs needs with supporters.
public enum MatchMode: String, Codable, CaseIterable, Sendable {
    /// Maximum total quality under capacities (a min-cost flow, exact).
    case optimal
    /// Need-proposing Gale–Shapley from head teachers' preferences and supporters' priorities.
    case stable
}

/// The parameters of a match run as stored with it (`match_runs.parameters`): the weights and
/// limits of DESIGN.md's quality formula — maximum distance, decay, context floor, weight scale,
/// candidates kept per need and the trust rule. Defaults are the design's.
public typealias MatchRunParameters = MatchParameters
