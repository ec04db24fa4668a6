/// Why a set of rules cannot be used, one plain-English problem per entry.
public struct AnalysisRulesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every problem found, in plain English.
    public var problems: [String]

    public var description: String {
        "invalid analysis rules: " + problems.joined(separator: "; ")
    }
}

extension AnalysisRules {
    /// Checks what the types cannot: counts, orders and ranges of the thresholds.
    /// - Throws: `AnalysisRulesError` listing every problem found.
    public func validate() throws(AnalysisRulesError) {
        var problems: [String] = []
        func require(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(problem()) }
        }
        func requireSeverity(_ value: Int, _ name: String) {
            require((1...5).contains(value), "\(name) must be 1–5, not \(value)")
        }
        func requireStrength(_ value: Double, _ name: String) {
            require((0...1).contains(value), "\(name) must be within 0–1, not \(value)")
        }

        require(!version.isEmpty, "version must not be empty")
        require(windowYears >= 1 && windowYears <= 10, "windowYears must be 1–10")
        require(
            recencyWeights.count == windowYears,
            "recencyWeights needs one weight per year of the window (\(windowYears))")
        require(recencyWeights.allSatisfy { $0 > 0 }, "recencyWeights must be positive")
        require(confidenceZ > 0, "confidenceZ must be positive")
        require(smallCohort >= 1, "smallCohort must be at least 1")
        require(minimumPooledCohort >= 1, "minimumPooledCohort must be at least 1")

        var ids = Set<String>()
        var codes = Set<String>()
        for indicator in indicators {
            let name = "indicator \(indicator.id)"
            require(!indicator.id.isEmpty, "an indicator has an empty id")
            require(ids.insert(indicator.id).inserted, "\(name) is defined twice")
            require(
                keyStageEndAges[indicator.keyStage] != nil,
                "\(name): key stage \(indicator.keyStage.rawValue) has no end age")
            require(
                indicator.attainment != nil || indicator.progress != nil,
                "\(name) needs an attainment or a progress measure")
            require(
                indicator.attainment?.scale != .progress,
                "\(name): its attainment measure cannot have the progress scale")
            require(
                indicator.progress.map { $0.scale == .progress } ?? true,
                "\(name): its progress measure must have the progress scale")
            for rule in [indicator.attainment, indicator.progress].compactMap({ $0 }) {
                let measure = "\(name) measure \(rule.code)"
                require(!rule.code.isEmpty, "\(name) has a measure with an empty code")
                require(codes.insert(rule.code).inserted, "\(measure) is used by more than one indicator")
                require(
                    0 <= rule.concernGap && rule.concernGap <= rule.seriousGap
                        && rule.seriousGap <= rule.veryLowGap,
                    "\(measure): need 0 ≤ concernGap ≤ seriousGap ≤ veryLowGap")
                require(
                    rule.strengthGap < rule.fullStrengthGap,
                    "\(measure): strengthGap must be below fullStrengthGap")
                require(
                    rule.pupilStandardDeviation.map { $0 > 0 } ?? (rule.scale == .percentage),
                    "\(measure): points and progress need a positive pupilStandardDeviation")
            }
        }

        let inspection = inspections
        for (value, name) in [
            (inspection.requiresImprovementSeverity, "requiresImprovementSeverity"),
            (inspection.inadequateSeverity, "inadequateSeverity"),
            (inspection.needsAttentionSeverity, "needsAttentionSeverity"),
            (inspection.urgentImprovementSeverity, "urgentImprovementSeverity"),
            (inspection.safeguardingSeverity, "safeguardingSeverity"),
            (selfEvaluation.assessmentSeverity, "assessmentSeverity"),
            (selfEvaluation.needsAttentionSeverity, "selfEvaluation.needsAttentionSeverity"),
            (selfEvaluation.urgentImprovementSeverity, "selfEvaluation.urgentImprovementSeverity"),
            (adviserFlags.safeguardingConcernSeverity, "safeguardingConcernSeverity"),
            (adviserFlags.leadershipConcernSeverity, "leadershipConcernSeverity"),
            (levels.focusSeverity, "levels.focusSeverity"),
        ] {
            requireSeverity(value, name)
        }
        for (value, name) in [
            (inspection.exceptionalStrength, "exceptionalStrength"),
            (inspection.strongStandardStrength, "strongStandardStrength"),
            (inspection.outstandingStrength, "outstandingStrength"),
            (inspection.outOfDateStrengthFactor, "outOfDateStrengthFactor"),
            (selfEvaluation.claimStrength, "claimStrength"),
        ] {
            requireStrength(value, name)
        }
        require(inspection.outOfDateYears >= 1, "inspections.outOfDateYears must be at least 1")
        require(selfEvaluation.outOfDateYears >= 0, "selfEvaluation.outOfDateYears must not be negative")
        require(
            adviserFlags.newHeadTeacherLevel > .securePlus && adviserFlags.safeguardingConcernLevel > .securePlus,
            "adviser flags cannot call for secure_plus")
        require(levels.focusConcerns >= 2, "levels.focusConcerns must be at least 2")
        require(
            levels.persistentVeryLowYears >= 1 && levels.persistentVeryLowYears <= windowYears,
            "levels.persistentVeryLowYears must be within the window")
        require(
            levels.securePlusStrongYears >= 1 && levels.securePlusStrongYears <= windowYears,
            "levels.securePlusStrongYears must be within the window")

        if !problems.isEmpty { throw AnalysisRulesError(problems: problems) }
    }
}
