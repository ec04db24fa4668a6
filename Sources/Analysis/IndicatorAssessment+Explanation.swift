extension IndicatorAssessment {
    /// The finding an adviser reads: what was compared, over which years, how far and how sure,
    /// with every figure (and the LA's, where known) as evidence.
    func finding(localAuthority: [Comparators.Key: Double]?, z: Double) -> Finding {
        Finding(ruleID: indicator.ruleID, subject: indicator.id) {
            explanation(localAuthority: localAuthority, z: z)
        }
    }

    private func explanation(localAuthority: [Comparators.Key: Double]?, z: Double) -> (
        text: String, evidence: [Evidence]
    ) {
        let definition = indicator.definition
        var sentences = [
            severity > 0
                ? "\(definition.title): a concern (severity \(severity))."
                : "\(definition.title): a strength."
        ]
        var evidence: [Evidence] = []
        for (name, measure, assessment) in [
            ("Attainment", indicator.attainment, attainment), ("Progress", indicator.progress, progress),
        ] {
            guard let measure, let assessment else { continue }
            sentences.append(describe(name, measure, assessment, z: z))
            evidence += figures(measure, assessment, localAuthority: localAuthority, z: z)
        }
        if veryLowYears.nonzeroBitCount > 1 {
            sentences.append("Very low in \(veryLowYears.nonzeroBitCount) separate years.")
        }
        return (sentences.joined(separator: " "), evidence)
    }

    private func describe(
        _ name: String, _ measure: OutcomePlan.Measure, _ assessment: MeasureAssessment, z: Double
    ) -> String {
        let rule = measure.rule
        let points = assessment.points(plan: plan, measures: measures, locations: locations)
        let firstYear = plan.firstYear
        let years = plan.years
        let unpublished = (0..<years).filter { !measure.published[$0] }.map { firstYear + $0 }
        let lastYear = firstYear + years - 1
        guard let pooled = assessment.pooled else {
            if unpublished.count == years {
                return "\(name) (\(rule.code)) is not published for \(PlainText.years(firstYear, lastYear)), "
                    + "so attainment and its trend carry the judgement."
            }
            return points.isEmpty
                ? "\(name) (\(rule.code)): no usable figures."
                : "\(name) (\(rule.code)): too few pupils to judge."
        }
        let first = firstYear + points[0].year
        let last = firstYear + points[points.count - 1].year
        let low = pooled.difference - z * pooled.standardError
        let high = pooled.difference + z * pooled.standardError
        let comparison: String
        switch rule.scale {
        case .progress:
            comparison = "average progress score \(PlainText.decimal(pooled.difference))"
        case .percentage, .points:
            let unit = rule.scale == .percentage ? "percentage points" : "points"
            let direction = pooled.difference < 0 ? "below" : "above"
            let against = rule.comparatorCode.map { "England's \($0)" } ?? "England"
            comparison = "\(PlainText.decimal(abs(pooled.difference))) \(unit) \(direction) \(against)"
        }
        let interval = "95% interval \(PlainText.decimal(low)) to \(PlainText.decimal(high)), \(pooled.cohort) pupils"
        var sentence: String
        if points.count > 1 {
            let change = points[points.count - 1].difference - points[0].difference
            sentence =
                "\(name) (\(rule.code)): \(comparison) over \(PlainText.years(first, last)), recent years weighted "
                + "more (\(interval)); trend \(change >= 0 ? "+" : "")\(PlainText.decimal(change)) since \(first)"
        } else {
            sentence = "\(name) (\(rule.code)): \(comparison) in \(first) (\(interval))"
        }
        if !unpublished.isEmpty {
            sentence += "; not published for \(unpublished.map(String.init).joined(separator: ", "))"
        }
        return sentence + "."
    }

    private func figures(
        _ measure: OutcomePlan.Measure, _ assessment: MeasureAssessment,
        localAuthority: [Comparators.Key: Double]?, z: Double
    ) -> [Evidence] {
        let rule = measure.rule
        let comparatorCode = rule.comparatorCode ?? rule.code
        var evidence: [Evidence] = []
        for point in assessment.points(plan: plan, measures: measures, locations: locations) {
            let year = plan.firstYear + point.year
            evidence.append(Evidence("school", subject: rule.code, academicYear: year, value: point.value))
            evidence.append(Evidence("cohort", subject: rule.code, academicYear: year, value: Double(point.cohort)))
            if rule.scale != .progress {
                evidence.append(
                    Evidence("England", subject: comparatorCode, academicYear: year, value: point.comparator))
                if let la = localAuthority?[Comparators.Key(comparatorCode, year)] {
                    evidence.append(Evidence("LA", subject: comparatorCode, academicYear: year, value: la))
                }
            }
        }
        if let pooled = assessment.pooled {
            evidence.append(Evidence("weighted difference", subject: rule.code, value: pooled.difference))
            evidence.append(
                Evidence("interval low", subject: rule.code, value: pooled.difference - z * pooled.standardError))
            evidence.append(
                Evidence("interval high", subject: rule.code, value: pooled.difference + z * pooled.standardError))
        }
        return evidence
    }
}
