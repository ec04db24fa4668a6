/// Judges every outcome indicator that applies to the school's age range and files the results:
/// concerns and strengths by area, the headline outcomes for the level, and the persistently very
/// low outcomes that make a school `intensive`.
struct OutcomeReview {
    /// The areas in which the data shows a significant concern, with its severity (for the
    /// self-evaluation's accuracy check).
    private(set) var dataConcerns: [(area: AreaCode, severity: Int)] = []
    /// Headline indicators below England: concerns without an area of their own.
    private(set) var headlineConcerns: [LevelDecision.Concern] = []
    /// Window years in which a headline indicator was significantly strong.
    var strongYears: Int { strongYearMask.nonzeroBitCount }
    /// Whether any headline indicator could be judged.
    private(set) var hasComparableOutcomes = false
    private var strongYearMask: UInt = 0

    init(
        _ school: SchoolEvidence, plan: OutcomePlan, localAuthority: [Comparators.Key: Double]?,
        ledger: inout AreaLedger, reasons: inout [LevelReason], warnings: inout [DataWarning]
    ) {
        let facts = school.facts
        let locations = plan.locate(school.measures)
        for indicator in plan.indicators
        where KeyStage.applies(
            endAge: indicator.endAge, statutoryLowAge: facts.statutoryLowAge, statutoryHighAge: facts.statutoryHighAge)
        {
            let assessment = IndicatorAssessment(
                indicator, plan: plan, facts: facts, measures: school.measures, locations: locations,
                warnings: &warnings)
            if let area = indicator.area {
                if assessment.severity > 0 {
                    ledger.addNeed(
                        area, severity: assessment.severity,
                        assessment.finding(localAuthority: localAuthority, z: plan.confidenceZ))
                    dataConcerns.append((area, assessment.severity))
                } else if let strength = assessment.strength {
                    ledger.addStrength(
                        area, strength: strength,
                        assessment.finding(localAuthority: localAuthority, z: plan.confidenceZ))
                }
            }
            guard indicator.isHeadline else { continue }
            if assessment.isJudged {
                hasComparableOutcomes = true
                strongYearMask |= assessment.strongYears
            }
            if indicator.area == nil, assessment.severity > 0 {
                headlineConcerns.append(LevelDecision.Concern(name: indicator.id, severity: assessment.severity))
            }
            let veryLowYears = assessment.veryLowYears.nonzeroBitCount
            if veryLowYears >= plan.persistentVeryLowYears {
                let finding = assessment.finding(localAuthority: localAuthority, z: plan.confidenceZ)
                let title = indicator.definition.title
                reasons.append(
                    LevelReason(
                        level: .intensive,
                        finding: Finding(ruleID: "outcomes.persistent-very-low", subject: indicator.id) {
                            (
                                "Persistently very low outcomes: \(title) very low in \(veryLowYears) years. "
                                    + finding.text,
                                finding.evidence
                            )
                        }))
            }
        }
    }
}
