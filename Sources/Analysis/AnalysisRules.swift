/// The desk-top analysis rules: every threshold, mapping and weight the analysis uses, as data.
///
/// Versioned and JSON-encodable so that an administrator can review and edit them; every run
/// stores `version` beside its results. `AnalysisRules.default` is the documented starting point
/// (docs/analysis-rules.md explains each rule in plain English). Call `validate()` after editing.
public struct AnalysisRules: Hashable, Sendable, Codable {
    /// Identifies this set of rules in stored results, for example `2026.1`.
    public var version: String
    /// What changed in this version and why.
    public var summary: String
    /// Years of data pooled for a judgement, ending with the analysed year.
    public var windowYears: Int
    /// Weight of each year of the window, oldest first (`windowYears` values): recent years count
    /// more, so the trend carries the judgement where progress measures are absent.
    public var recencyWeights: [Double]
    /// Normal quantile of the confidence intervals (1.96 for 95%).
    public var confidenceZ: Double
    /// A year with fewer pupils is flagged and never judged on its own, only within the pool.
    public var smallCohort: Int
    /// A pool of fewer pupils is not judged at all.
    public var minimumPooledCohort: Int
    /// The age pupils reach in each key stage's final year: a key stage applies to a school whose
    /// statutory low age is below it and high age at least it.
    public var keyStageEndAges: [KeyStage: Int]
    /// Whether special schools' attainment is compared with England's (their progress and
    /// inspections are always used).
    public var compareSpecialSchoolAttainment: Bool
    /// The outcome indicators, each judged from attainment and, where published, progress.
    public var indicators: [OutcomeIndicator]
    /// How inspections become areas, strengths and level reasons.
    public var inspections: InspectionRules
    /// How the self-evaluation is read against the data.
    public var selfEvaluation: SelfEvaluationRules
    /// How advisers' flags count.
    public var adviserFlags: AdviserFlagRules
    /// How concerns become a level, and what `secure_plus` asks for.
    public var levels: LevelRules

    public init(
        version: String, summary: String, windowYears: Int, recencyWeights: [Double],
        confidenceZ: Double, smallCohort: Int, minimumPooledCohort: Int,
        keyStageEndAges: [KeyStage: Int], compareSpecialSchoolAttainment: Bool,
        indicators: [OutcomeIndicator], inspections: InspectionRules,
        selfEvaluation: SelfEvaluationRules, adviserFlags: AdviserFlagRules, levels: LevelRules
    ) {
        self.version = version
        self.summary = summary
        self.windowYears = windowYears
        self.recencyWeights = recencyWeights
        self.confidenceZ = confidenceZ
        self.smallCohort = smallCohort
        self.minimumPooledCohort = minimumPooledCohort
        self.keyStageEndAges = keyStageEndAges
        self.compareSpecialSchoolAttainment = compareSpecialSchoolAttainment
        self.indicators = indicators
        self.inspections = inspections
        self.selfEvaluation = selfEvaluation
        self.adviserFlags = adviserFlags
        self.levels = levels
    }
}

/// An outcome judged from one attainment measure and, optionally, one progress measure.
public struct OutcomeIndicator: Hashable, Sendable, Codable {
    /// Used in rule ids: `outcomes.<id>`.
    public var id: String
    /// Plain-English name, used in findings.
    public var title: String
    /// The key stage whose end the indicator measures: it applies to schools with that age range.
    public var keyStage: KeyStage
    /// The area a concern or strength belongs to; `nil` for an indicator that only informs the
    /// level (the headline measures).
    public var area: AreaCode?
    /// Headline indicators decide "strong data for two or more years" (`secure_plus`) and
    /// "persistent very low outcomes" (`intensive`).
    public var isHeadline: Bool
    /// The attainment measure (a percentage or points), compared with England's.
    public var attainment: MeasureRule?
    /// The progress measure (a score, compared with zero), where one exists.
    public var progress: MeasureRule?

    public init(
        id: String, title: String, keyStage: KeyStage, area: AreaCode?, isHeadline: Bool = false,
        attainment: MeasureRule?, progress: MeasureRule? = nil
    ) {
        self.id = id
        self.title = title
        self.keyStage = keyStage
        self.area = area
        self.isHeadline = isHeadline
        self.attainment = attainment
        self.progress = progress
    }
}

/// How one measure is compared and which differences matter.
///
/// Differences are school minus comparator, in the measure's unit (percentage points, points,
/// progress score). A difference is *significant* when its confidence interval excludes zero.
public struct MeasureRule: Hashable, Sendable, Codable {
    public enum Scale: String, Hashable, Sendable, Codable {
        /// A percentage of pupils (0–100); its uncertainty is binomial around England's rate.
        case percentage
        /// An average score (Attainment 8); its uncertainty comes from `pupilStandardDeviation`.
        case points
        /// A progress score, compared with zero; its uncertainty comes from the published
        /// confidence limits, or `pupilStandardDeviation` when they are absent.
        case progress
    }

    /// The school's measure code.
    public var code: String
    /// England's measure to compare with; `nil` means the same code. Ignored for progress.
    /// The disadvantaged gap compares the school's disadvantaged pupils with England's *other*
    /// pupils, so its comparator is the `…NotFSM6CLA1A` measure.
    public var comparatorCode: String?
    public var scale: Scale
    /// The spread of pupils' scores, for the uncertainty of points and of progress scores
    /// published without confidence limits.
    public var pupilStandardDeviation: Double?
    /// Significantly below by at least this much: a concern (severity 2).
    public var concernGap: Double
    /// Significantly below by at least this much: severity 3.
    public var seriousGap: Double
    /// Significantly below by at least this much: severity 4, and "very low" for persistence.
    public var veryLowGap: Double
    /// Significantly above by at least this much: a strength (0.5).
    public var strengthGap: Double
    /// Significantly above by this much or more: a strength of 1.
    public var fullStrengthGap: Double
    /// Years in which the measure was not published nationally: neither judged nor warned about.
    public var unavailableYears: [Int]

    public init(
        code: String, comparatorCode: String? = nil, scale: Scale,
        pupilStandardDeviation: Double? = nil, concernGap: Double, seriousGap: Double,
        veryLowGap: Double, strengthGap: Double, fullStrengthGap: Double, unavailableYears: [Int]
    ) {
        self.code = code
        self.comparatorCode = comparatorCode
        self.scale = scale
        self.pupilStandardDeviation = pupilStandardDeviation
        self.concernGap = concernGap
        self.seriousGap = seriousGap
        self.veryLowGap = veryLowGap
        self.strengthGap = strengthGap
        self.fullStrengthGap = fullStrengthGap
        self.unavailableYears = unavailableYears
    }
}

/// How inspections become areas, strengths and levels.
public struct InspectionRules: Hashable, Sendable, Codable {
    /// Areas each old-framework heading evidences.
    public var legacyAreas: [LegacyHeading: [AreaCode]]
    /// Areas each report-card evaluation area evidences.
    public var reportCardAreas: [ReportCardArea: [AreaCode]]
    /// Severity of the areas of a heading graded Requires improvement / Inadequate (legacy) or
    /// Needs attention / Urgent improvement (report card).
    public var requiresImprovementSeverity: Int
    public var inadequateSeverity: Int
    public var needsAttentionSeverity: Int
    public var urgentImprovementSeverity: Int
    /// Severity of the `safeguarding` area when safeguarding is not met / not effective.
    public var safeguardingSeverity: Int
    /// Strength of the areas of a heading graded Exceptional / Strong standard / Outstanding.
    public var exceptionalStrength: Double
    public var strongStandardStrength: Double
    public var outstandingStrength: Double
    /// An inspection older than this many whole years at the end of the analysed year is out of
    /// date: it is warned about and its strengths count for `outOfDateStrengthFactor` of their value.
    public var outOfDateYears: Int
    public var outOfDateStrengthFactor: Double
    /// `secure_plus` needs every graded report-card area at least this good.
    public var securePlusReportCardGrade: ReportCardGrade
    /// `secure_plus` needs a legacy overall grade at least this good (or, where the overall grade
    /// was not judged, every key judgement at least this good).
    public var securePlusLegacyGrade: LegacyGrade

    public init(
        legacyAreas: [LegacyHeading: [AreaCode]], reportCardAreas: [ReportCardArea: [AreaCode]],
        requiresImprovementSeverity: Int, inadequateSeverity: Int, needsAttentionSeverity: Int,
        urgentImprovementSeverity: Int, safeguardingSeverity: Int, exceptionalStrength: Double,
        strongStandardStrength: Double, outstandingStrength: Double, outOfDateYears: Int,
        outOfDateStrengthFactor: Double, securePlusReportCardGrade: ReportCardGrade,
        securePlusLegacyGrade: LegacyGrade
    ) {
        self.legacyAreas = legacyAreas
        self.reportCardAreas = reportCardAreas
        self.requiresImprovementSeverity = requiresImprovementSeverity
        self.inadequateSeverity = inadequateSeverity
        self.needsAttentionSeverity = needsAttentionSeverity
        self.urgentImprovementSeverity = urgentImprovementSeverity
        self.safeguardingSeverity = safeguardingSeverity
        self.exceptionalStrength = exceptionalStrength
        self.strongStandardStrength = strongStandardStrength
        self.outstandingStrength = outstandingStrength
        self.outOfDateYears = outOfDateYears
        self.outOfDateStrengthFactor = outOfDateStrengthFactor
        self.securePlusReportCardGrade = securePlusReportCardGrade
        self.securePlusLegacyGrade = securePlusLegacyGrade
    }
}

/// How the school's self-evaluation is used.
public struct SelfEvaluationRules: Hashable, Sendable, Codable {
    /// A judgement at least this good is a claimed strength.
    public var claimedStrengthGrade: ReportCardGrade
    /// Severity of the `assessment` area raised when a claimed strength meets significantly weak data.
    public var assessmentSeverity: Int
    /// Strength recorded for a claim that the data does not contradict (self-reported evidence).
    public var claimStrength: Double
    /// Severity of an area the school itself judges "Needs attention" / "Urgent improvement".
    public var needsAttentionSeverity: Int
    public var urgentImprovementSeverity: Int
    /// A self-evaluation written more than this many academic years before the analysed one is out of date.
    public var outOfDateYears: Int

    public init(
        claimedStrengthGrade: ReportCardGrade, assessmentSeverity: Int, claimStrength: Double,
        needsAttentionSeverity: Int, urgentImprovementSeverity: Int, outOfDateYears: Int
    ) {
        self.claimedStrengthGrade = claimedStrengthGrade
        self.assessmentSeverity = assessmentSeverity
        self.claimStrength = claimStrength
        self.needsAttentionSeverity = needsAttentionSeverity
        self.urgentImprovementSeverity = urgentImprovementSeverity
        self.outOfDateYears = outOfDateYears
    }
}

/// How advisers' flags count.
public struct AdviserFlagRules: Hashable, Sendable, Codable {
    /// The least level for a school with a new head teacher.
    public var newHeadTeacherLevel: SupportLevel
    /// The least level for a school with an adviser's safeguarding concern.
    public var safeguardingConcernLevel: SupportLevel
    /// Severity of the `safeguarding` / `leadership` area an adviser's concern raises.
    public var safeguardingConcernSeverity: Int
    public var leadershipConcernSeverity: Int

    public init(
        newHeadTeacherLevel: SupportLevel, safeguardingConcernLevel: SupportLevel,
        safeguardingConcernSeverity: Int, leadershipConcernSeverity: Int
    ) {
        self.newHeadTeacherLevel = newHeadTeacherLevel
        self.safeguardingConcernLevel = safeguardingConcernLevel
        self.safeguardingConcernSeverity = safeguardingConcernSeverity
        self.leadershipConcernSeverity = leadershipConcernSeverity
    }
}

/// How findings become a support level.
public struct LevelRules: Hashable, Sendable, Codable {
    /// This many areas of concern or more make `focus`; fewer (but at least one) `light_touch`.
    public var focusConcerns: Int
    /// One concern at least this severe makes `focus`.
    public var focusSeverity: Int
    /// A headline indicator very low in this many years of the window makes `intensive`.
    public var persistentVeryLowYears: Int
    /// `secure_plus` needs a headline indicator significantly strong in this many years.
    public var securePlusStrongYears: Int
    /// Whether a school with no published, comparable outcomes (a first school, a nursery, most
    /// special schools) can be `secure_plus` on its inspection alone.
    public var securePlusWithoutPublishedOutcomes: Bool

    public init(
        focusConcerns: Int, focusSeverity: Int, persistentVeryLowYears: Int, securePlusStrongYears: Int,
        securePlusWithoutPublishedOutcomes: Bool
    ) {
        self.focusConcerns = focusConcerns
        self.focusSeverity = focusSeverity
        self.persistentVeryLowYears = persistentVeryLowYears
        self.securePlusStrongYears = securePlusStrongYears
        self.securePlusWithoutPublishedOutcomes = securePlusWithoutPublishedOutcomes
    }
}
