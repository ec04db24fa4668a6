/// One measure of one school judged over the window: each usable year, the recency- and
/// cohort-weighted pool, the latest year alone, and the years that were very low or strong.
struct MeasureAssessment {
    /// A usable year: the school's figure, England's, their difference and its sampling variance.
    struct YearPoint {
        let year: Int
        let value: Double
        let comparator: Double
        let cohort: Int
        let variance: Double
        var difference: Double { value - comparator }
        /// Too few pupils to be judged alone (`AnalysisRules.smallCohort`).
        let isSmall: Bool
    }

    /// A difference from the comparator with its standard error.
    struct Estimate {
        let difference: Double
        let standardError: Double
        let cohort: Int
    }

    let measure: OutcomePlan.Measure
    /// `nil` when no year is usable or the pool has fewer than `minimumPooledCohort` pupils.
    let pooled: Estimate?
    /// The latest usable year that is not a small cohort.
    let latest: Estimate?
    /// Window years (bit `i` for the `i`-th year) judged very low / strong on their own.
    let veryLowYears: UInt
    let strongYears: UInt

    /// What one year of the window holds for this measure.
    private enum Reading {
        /// Not published nationally that year: skipped without a warning.
        case unpublished
        case unusable(DataWarning.Kind, code: String?)
        case usable(YearPoint)
    }

    /// Judges the usable years of `measure`, warning about every year that is suppressed,
    /// missing or small. Years in which the measure was not published nationally are skipped
    /// silently: attainment and its trend then carry the judgement.
    init(
        _ measure: OutcomePlan.Measure, plan: OutcomePlan, measures: [MeasureObservation],
        locations: OutcomePlan.Locations, warnings: inout [DataWarning]
    ) {
        self.measure = measure
        let rule = measure.rule
        let z = plan.confidenceZ
        var weightSum = 0.0
        var weighted = 0.0
        var varianceSum = 0.0
        var cohort = 0
        var usable = 0
        var veryLow: UInt = 0
        var strong: UInt = 0
        var latest: Estimate?
        for index in 0..<plan.years {
            let point: YearPoint
            switch Self.reading(index, measure, plan, measures, locations) {
            case .unpublished:
                continue
            case .unusable(let kind, let code):
                warnings.append(
                    DataWarning(kind: kind, subject: rule.code, academicYear: plan.firstYear + index, code: code))
                continue
            case .usable(let usablePoint):
                point = usablePoint
            }
            usable += 1
            let weight = Double(point.cohort) * plan.recencyWeights[index]
            weightSum += weight
            weighted += weight * point.difference
            varianceSum += weight * weight * point.variance
            cohort += point.cohort
            if point.isSmall {
                warnings.append(
                    DataWarning(
                        kind: .smallCohort, subject: rule.code, academicYear: plan.firstYear + index,
                        count: point.cohort))
                continue
            }
            let estimate = Estimate(
                difference: point.difference, standardError: point.variance.squareRoot(), cohort: point.cohort)
            if Self.concernSeverity(estimate, rule: rule, z: z) >= 4 { veryLow |= 1 << index }
            if Self.strength(estimate, rule: rule, z: z) != nil { strong |= 1 << index }
            latest = estimate
        }
        let pooled =
            weightSum > 0 && cohort >= plan.minimumPooledCohort
            ? Estimate(
                difference: weighted / weightSum, standardError: varianceSum.squareRoot() / weightSum, cohort: cohort)
            : nil
        if usable > 0, pooled == nil {
            warnings.append(DataWarning(kind: .smallCohort, subject: rule.code, count: cohort))
        }
        self.pooled = pooled
        self.latest = latest
        self.veryLowYears = veryLow
        self.strongYears = strong
    }

    /// The usable years, oldest first, worked out again from the same figures: only the findings
    /// that are read need them.
    func points(plan: OutcomePlan, measures: [MeasureObservation], locations: OutcomePlan.Locations) -> [YearPoint] {
        (0..<plan.years).compactMap { index in
            if case .usable(let point) = Self.reading(index, measure, plan, measures, locations) { point } else { nil }
        }
    }

    private static func reading(
        _ index: Int, _ measure: OutcomePlan.Measure, _ plan: OutcomePlan, _ measures: [MeasureObservation],
        _ locations: OutcomePlan.Locations
    ) -> Reading {
        guard measure.published[index] else { return .unpublished }
        guard let location = locations.index(slot: measure.slot, year: index) else {
            return .unusable(.missing, code: nil)
        }
        guard let value = measures[location].value else {
            return .unusable(.suppressed, code: measures[location].suppression)
        }
        guard let cohort = measures[location].cohort, cohort > 0 else {
            return .unusable(.missing, code: "cohort size")
        }
        guard let comparator = measure.england[index] else { return .unusable(.missing, code: "England figure") }
        let pupils = Double(cohort)
        let variance: Double
        switch measure.scale {
        case .percentage:
            // Binomial around England's rate (the null hypothesis), so that a lower figure never
            // looks less significant.
            let rate = min(max(comparator / 100, 0.01), 0.99)
            variance = rate * (1 - rate) / pupils * 10_000
        case .points:
            variance = measure.pupilVariance / pupils
        case .progress:
            // The published 95% confidence limits when both are there.
            if let lower = measures[location].lower, let upper = measures[location].upper, upper > lower {
                let error = (upper - lower) / (2 * plan.confidenceZ)
                variance = error * error
            } else {
                variance = measure.pupilVariance / pupils
            }
        }
        return .usable(
            YearPoint(
                year: index, value: value, comparator: comparator, cohort: cohort, variance: variance,
                isSmall: cohort < plan.smallCohort))
    }

    /// 0 when not a concern; otherwise 2, 3 or 4 as the significant shortfall reaches
    /// `concernGap`, `seriousGap` or `veryLowGap`.
    static func concernSeverity(_ estimate: Estimate, rule: MeasureRule, z: Double) -> Int {
        guard estimate.difference + z * estimate.standardError < 0 else { return 0 }
        let shortfall = -estimate.difference
        if shortfall >= rule.veryLowGap { return 4 }
        if shortfall >= rule.seriousGap { return 3 }
        return shortfall >= rule.concernGap ? 2 : 0
    }

    /// `nil` unless significantly above by `strengthGap`; then 0.5 rising to 1 at `fullStrengthGap`.
    static func strength(_ estimate: Estimate, rule: MeasureRule, z: Double) -> Double? {
        guard estimate.difference - z * estimate.standardError > 0,
            estimate.difference >= rule.strengthGap
        else { return nil }
        let reach = (estimate.difference - rule.strengthGap) / (rule.fullStrengthGap - rule.strengthGap)
        return 0.5 + 0.5 * min(reach, 1)
    }
}
