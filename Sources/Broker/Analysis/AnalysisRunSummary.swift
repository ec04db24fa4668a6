import Analysis

/// What one analysis run found and did: counts per level, the changes since the year before,
/// what it wrote, and where the time went.
public struct AnalysisRunSummary: Sendable, Codable {
    /// The stored run, `nil` for a dry run.
    public var runID: Int64?
    public var academicYear: Int
    public var rulesVersion: String
    /// Every school analysed, in URN order.
    public var results: [SchoolAnalysis]
    /// Schools open in the year that could not be analysed (no statutory ages in GIAS).
    public var schoolsWithoutAges: [Int]
    /// Schools whose proposed level differs from their effective level of the year before.
    public var changes: [LevelChange]
    /// Schools whose adviser-decided level differs from this run's proposal (empty for a dry run).
    public var disagreements: [SchoolLevelStatus]
    /// Analysis needs created, updated (severity or findings changed, or reopened) and withdrawn.
    public var needs: NeedCounts
    /// Schools whose support plan was (re)planned, and activities added and removed.
    public var plans: PlanCounts
    /// Explanation documents written: schools whose explanation changed since the run this one
    /// supersedes (every school on a year's first run); the others keep the stored one.
    public var explanationsWritten = 0
    public var timings: Timings

    /// Schools per proposed level (every level present, zero where none).
    public var levelCounts: [SupportLevel: Int] {
        var counts = Dictionary(uniqueKeysWithValues: SupportLevel.allCases.map { ($0, 0) })
        for result in results { counts[result.level, default: 0] += 1 }
        return counts
    }

    /// A school whose level moved since the year before, with the reasons for its new level.
    public struct LevelChange: Sendable, Codable, Hashable {
        public var urn: Int
        public var name: String
        public var previous: SupportLevel
        public var proposed: SupportLevel
        /// The deciding reasons (those calling for the proposed level).
        public var reasons: [LevelReason]
    }

    public struct NeedCounts: Sendable, Codable, Hashable {
        public var created = 0
        public var updated = 0
        public var withdrawn = 0

        public init(created: Int = 0, updated: Int = 0, withdrawn: Int = 0) {
            (self.created, self.updated, self.withdrawn) = (created, updated, withdrawn)
        }
    }

    public struct PlanCounts: Sendable, Codable, Hashable {
        /// Schools planned for the first time or re-planned for a new level.
        public var schools = 0
        public var activitiesAdded = 0
        /// Future, still-planned activities of the old level removed by re-planning.
        public var activitiesRemoved = 0

        public init(schools: Int = 0, activitiesAdded: Int = 0, activitiesRemoved: Int = 0) {
            (self.schools, self.activitiesAdded, self.activitiesRemoved) = (schools, activitiesAdded, activitiesRemoved)
        }
    }

    /// Milliseconds spent reading the evidence, analysing, and writing: the results (rendering
    /// the explanations and copying them), the needs and the support plans.
    public struct Timings: Sendable, Codable, Hashable {
        public var loadMilliseconds = 0.0
        public var analyseMilliseconds = 0.0
        public var resultsMilliseconds = 0.0
        public var needsMilliseconds = 0.0
        public var plansMilliseconds = 0.0
        public var writeMilliseconds: Double { resultsMilliseconds + needsMilliseconds + plansMilliseconds }
        public var totalMilliseconds: Double { loadMilliseconds + analyseMilliseconds + writeMilliseconds }
    }
}
