/// Everything the analysis reads about one school for one academic year.
///
/// The application assembles it from the database: the school's facts, its measures for the
/// years of the window, its inspections, its latest self-evaluation and the advisers' flags.
/// Collections may come in any order: the result does not depend on it.
public struct SchoolEvidence: Hashable, Sendable {
    public var facts: SchoolFacts
    public var measures: [MeasureObservation]
    public var inspections: [Inspection]
    public var selfEvaluation: SelfEvaluation?
    public var flags: Set<AdviserFlag>

    public init(
        facts: SchoolFacts,
        measures: [MeasureObservation] = [],
        inspections: [Inspection] = [],
        selfEvaluation: SelfEvaluation? = nil,
        flags: Set<AdviserFlag> = []
    ) {
        self.facts = facts
        self.measures = measures
        self.inspections = inspections
        self.selfEvaluation = selfEvaluation
        self.flags = flags
    }
}

/// A school's facts from GIAS and the census.
public struct SchoolFacts: Hashable, Sendable {
    /// The school's URN (6 digits).
    public var urn: Int
    /// The local authority's 3-digit code (885 for Worcestershire), for the LA comparators.
    public var laCode: Int?
    /// The GIAS phase name, kept for the explanation; key stages come from the ages.
    public var phase: String
    public var statutoryLowAge: Int
    public var statutoryHighAge: Int
    /// A special school (GIAS establishment type group "Special schools", or `RECTYPE` 2): its
    /// attainment is not compared with national figures (see `AnalysisRules.compareSpecialSchoolAttainment`).
    public var isSpecial: Bool
    public var pupils: Int?
    /// Percentage of pupils eligible for free school meals, 0–100.
    public var fsmPercent: Double?

    public init(
        urn: Int, laCode: Int? = nil, phase: String, statutoryLowAge: Int, statutoryHighAge: Int,
        isSpecial: Bool = false, pupils: Int? = nil, fsmPercent: Double? = nil
    ) {
        self.urn = urn
        self.laCode = laCode
        self.phase = phase
        self.statutoryLowAge = statutoryLowAge
        self.statutoryHighAge = statutoryHighAge
        self.isSpecial = isSpecial
        self.pupils = pupils
        self.fsmPercent = fsmPercent
    }
}

/// One school measure for one academic year, as in the tidy `school_measures` table.
public struct MeasureObservation: Hashable, Sendable {
    /// The performance-tables column, for example `PTRWM_EXP` or `P8MEA`.
    public var code: String
    /// The academic year, as the year in which it ends.
    public var academicYear: Int
    /// The value, with any `%` removed (68 for `68%`); `nil` when suppressed or missing.
    public var value: Double?
    /// The published suppression code (`SUPP`, `NE`, `LOWCOV`, `x`, …) when `value` is `nil`.
    public var suppression: String?
    /// Lower 95% confidence limit, where published (progress measures).
    public var lower: Double?
    /// Upper 95% confidence limit, where published (progress measures).
    public var upper: Double?
    /// Pupils the value is about (`TELIG`, `TPUP`, or the disadvantaged count for a split).
    public var cohort: Int?

    public init(
        code: String, academicYear: Int, value: Double?, suppression: String? = nil,
        lower: Double? = nil, upper: Double? = nil, cohort: Int?
    ) {
        self.code = code
        self.academicYear = academicYear
        self.value = value
        self.suppression = suppression
        self.lower = lower
        self.upper = upper
        self.cohort = cohort
    }
}

/// The school's latest self-evaluation: its own judgement per area, on the report-card scale.
public struct SelfEvaluation: Hashable, Sendable {
    /// The academic year the self-evaluation was written in.
    public var academicYear: Int
    public var judgements: [AreaCode: ReportCardGrade]

    public init(academicYear: Int, judgements: [AreaCode: ReportCardGrade]) {
        self.academicYear = academicYear
        self.judgements = judgements
    }
}

/// What an adviser has recorded about a school, outside the published data.
public enum AdviserFlag: String, CaseIterable, Hashable, Sendable, Codable {
    case newHeadTeacher = "new_head_teacher"
    case safeguardingConcern = "safeguarding_concern"
    case leadershipConcern = "leadership_concern"
}
