import Analysis
import Matching

/// What to match: a year, a mode and the parameters.
public struct MatchRunRequest: Sendable {
    /// The academic year, as the year in which it ends (2025 = 2024 to 2025).
    public var academicYear: Int
    public var mode: MatchMode
    public var parameters: MatchRunParameters
    /// Compute and return the outcome, store nothing.
    public var dryRun: Bool
    /// Who asked (stored as `created_by`); the database user when `nil`.
    public var createdBy: String?

    public init(
        academicYear: Int, mode: MatchMode, parameters: MatchRunParameters = MatchRunParameters(),
        dryRun: Bool = false, createdBy: String? = nil
    ) {
        self.academicYear = academicYear
        self.mode = mode
        self.parameters = parameters
        self.dryRun = dryRun
        self.createdBy = createdBy
    }
}

/// Counts that explain a run's inputs and exclusions.
public struct MatchRunCounts: Codable, Hashable, Sendable {
    /// Nearby specialist–need pairs ruled out, by the first constraint they failed.
    public var exclusions: [String: Int]
    /// Open needs at schools without coordinates (reported unmatched).
    public var needsAtUnlocatedSchools: Int
    /// Confirmed supporters with capacity left but no location (left out).
    public var supportersWithoutLocation: Int
    /// Specialisms left out because the supporter's home school is being supported in that area.
    public var specialismsWithdrawn: Int
    /// Independent sub-problems (optimal mode; 0 in stable mode).
    public var components: Int

    enum CodingKeys: String, CodingKey {
        case exclusions, needsAtUnlocatedSchools = "needs_at_unlocated_schools"
        case supportersWithoutLocation = "supporters_without_location", specialismsWithdrawn = "specialisms_withdrawn"
        case components
    }
}

/// Seconds spent in each step of a run.
public struct MatchRunTimings: Codable, Hashable, Sendable {
    public var load: Double = 0
    public var candidates: Double = 0
    public var solve: Double = 0
    public var explain: Double = 0
    /// Capacity prices (optimal mode).
    public var pricing: Double = 0
    /// Writing the run and its proposals (0 for a dry run).
    public var store: Double = 0

    public init() {}

    public var total: Double { load + candidates + solve + explain + pricing + store }
}

/// What one more engagement at a supporter would add to the optimal total quality (weight units).
public struct SupporterCapacityPrice: Codable, Hashable, Sendable {
    public var supporterID: Int
    /// The optimal dual price of its capacity (an upper bound on `marginalGain`).
    public var dual: Int64
    public var marginalGain: Int64
    /// The same, for one more engagement restricted to needs in each of its specialism areas.
    public var gainByArea: [String: Int64]

    enum CodingKeys: String, CodingKey {
        case supporterID = "supporter_id", dual, marginalGain = "marginal_gain", gainByArea = "gain_by_area"
    }
}

/// Needs and matches in one area for improvement.
public struct AreaTally: Codable, Hashable, Sendable {
    public var area: String
    public var needs: Int
    public var matched: Int
}

/// Needs and matches at the schools of one support level (`nil`: schools without a level that year).
public struct LevelTally: Codable, Hashable, Sendable {
    public var level: SupportLevel?
    public var needs: Int
    public var matched: Int
}

/// What a match run was and achieved: year, mode, parameters, the inputs' fingerprint, objective,
/// counts and timings.
public struct MatchRunSummary: Codable, Hashable, Sendable {
    public var academicYear: Int
    public var mode: MatchMode
    public var parameters: MatchRunParameters
    /// SHA-256 (hex) of the inputs as loaded.
    public var inputsFingerprint: String
    /// Sum of the chosen edges' integer weights (what the optimal mode maximises).
    public var objective: Int64
    /// Sum of the chosen edges' quality.
    public var totalQuality: Double
    /// Open needs considered (including those at unlocated schools).
    public var needs: Int
    public var matched: Int
    /// Supporters with capacity left that took part.
    public var supporters: Int
    public var candidateEdges: Int
    public var counts: MatchRunCounts
    public var timings: MatchRunTimings
}

/// A match run as computed: its summary (whose fields it also answers to directly), a proposal
/// per need and, in optimal mode, capacity prices.
@dynamicMemberLookup
public struct MatchRunOutcome: Codable, Sendable {
    /// The stored run's id; `nil` for a dry run.
    public var runID: Int?
    public var summary: MatchRunSummary
    /// One per need, in need id order.
    public var proposals: [MatchProposal]
    /// Optimal mode: per supporter, in id order; empty in stable mode.
    public var capacityPrices: [SupporterCapacityPrice]
    /// The effective support level of each need's school when the run read its inputs (schools
    /// without a level that year are absent).
    public var schoolLevels: [Int: SupportLevel]

    public subscript<T>(dynamicMember field: WritableKeyPath<MatchRunSummary, T>) -> T {
        get { summary[keyPath: field] }
        set { summary[keyPath: field] = newValue }
    }

    /// Needs and matches per area, by area code.
    public var tallyByArea: [AreaTally] {
        var tallies: [String: AreaTally] = [:]
        for proposal in proposals {
            tallies[proposal.area, default: AreaTally(area: proposal.area, needs: 0, matched: 0)].needs += 1
            if proposal.supporterID != nil { tallies[proposal.area]!.matched += 1 }
        }
        return tallies.values.sorted { $0.area < $1.area }
    }

    /// Needs and matches per level of the need's school, `intensive` first down to
    /// `secure_plus`, then schools without a level; levels without needs are left out.
    public var tallyByLevel: [LevelTally] {
        var tallies: [SupportLevel?: LevelTally] = [:]
        for proposal in proposals {
            let level = schoolLevels[proposal.urn]
            tallies[level, default: LevelTally(level: level, needs: 0, matched: 0)].needs += 1
            if proposal.supporterID != nil { tallies[level]!.matched += 1 }
        }
        return tallies.values.sorted { ($0.level?.rank ?? -1) > ($1.level?.rank ?? -1) }
    }

    /// Unmatched needs per reason.
    public var unmatchedByReason: [UnmatchedReasonCode: Int] {
        var counts: [UnmatchedReasonCode: Int] = [:]
        for proposal in proposals { if let reason = proposal.unmatchedReason { counts[reason, default: 0] += 1 } }
        return counts
    }
}
