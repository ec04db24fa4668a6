/// One outcome indicator of one school: its attainment and progress assessments combined into a
/// concern (with severity) or a strength.
struct IndicatorAssessment {
    let indicator: OutcomePlan.Indicator
    /// Where the figures come from, to list them when the finding is rendered.
    let plan: OutcomePlan
    let measures: [MeasureObservation]
    let locations: OutcomePlan.Locations
    let attainment: MeasureAssessment?
    let progress: MeasureAssessment?
    /// 0 when not a concern, else 2–5: the worst of the pooled judgements, the latest year when
    /// it is at least serious (3), and 5 when very low in `persistentVeryLowYears` years.
    let severity: Int
    /// Set only when there is no concern.
    let strength: Double?
    /// Window years very low / strong in attainment or progress.
    let veryLowYears: UInt
    let strongYears: UInt
    /// Whether any measure of the indicator could be judged over the window.
    var isJudged: Bool { attainment?.pooled != nil || progress?.pooled != nil }

    init(
        _ indicator: OutcomePlan.Indicator, plan: OutcomePlan, facts: SchoolFacts, measures: [MeasureObservation],
        locations: OutcomePlan.Locations, warnings: inout [DataWarning]
    ) {
        var attainmentMeasure = indicator.attainment
        if facts.isSpecial, !plan.compareSpecialSchoolAttainment, let measure = attainmentMeasure {
            warnings.append(DataWarning(kind: .notComparable, subject: measure.rule.code))
            attainmentMeasure = nil
        }
        func assess(_ measure: OutcomePlan.Measure?) -> MeasureAssessment? {
            measure.map {
                MeasureAssessment($0, plan: plan, measures: measures, locations: locations, warnings: &warnings)
            }
        }
        let attainment = assess(attainmentMeasure)
        let progress = assess(indicator.progress)
        let z = plan.confidenceZ
        var severity = 0
        var strength: Double?
        var veryLow: UInt = 0
        var strong: UInt = 0
        func combine(_ assessment: MeasureAssessment?) {
            guard let assessment else { return }
            let rule = assessment.measure.rule
            if let pooled = assessment.pooled {
                severity = max(severity, MeasureAssessment.concernSeverity(pooled, rule: rule, z: z))
                if let value = MeasureAssessment.strength(pooled, rule: rule, z: z) {
                    strength = max(strength ?? 0, value)
                }
            }
            if let latest = assessment.latest {
                let latestSeverity = MeasureAssessment.concernSeverity(latest, rule: rule, z: z)
                if latestSeverity >= 3 { severity = max(severity, latestSeverity) }
            }
            veryLow |= assessment.veryLowYears
            strong |= assessment.strongYears
        }
        combine(attainment)
        combine(progress)
        if veryLow.nonzeroBitCount >= plan.persistentVeryLowYears { severity = 5 }
        self.indicator = indicator
        self.plan = plan
        self.measures = measures
        self.locations = locations
        self.attainment = attainment
        self.progress = progress
        self.severity = severity
        self.strength = severity == 0 ? strength : nil
        self.veryLowYears = veryLow
        self.strongYears = strong
    }
}
