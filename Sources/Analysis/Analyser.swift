import Dispatch

/// Runs the desk-top analysis of one academic year under one set of rules.
///
/// Pure: no I/O, no clock, no randomness. The same evidence and rules always give the same
/// result, whatever the order of the evidence's collections.
///
/// ```swift
/// let analyser = try Analyser(rules: .default, comparators: comparators, academicYear: 2025)
/// let results = analyser.analyse(schools)
/// ```
public struct Analyser: Sendable {
    /// Everything resolved once per run, shared by reference so that analysing a school copies nothing.
    private final class Run: Sendable {
        let rules: AnalysisRules
        let academicYear: Int
        let comparators: Comparators
        let plan: OutcomePlan

        init(rules: AnalysisRules, comparators: Comparators, academicYear: Int) {
            self.rules = rules
            self.academicYear = academicYear
            self.comparators = comparators
            self.plan = OutcomePlan(rules: rules, comparators: comparators, academicYear: academicYear)
        }
    }

    private let run: Run

    /// The rules this analyser applies (their `version` is stored with every result).
    public var rules: AnalysisRules { run.rules }
    /// The analysed academic year, as the year in which it ends.
    public var academicYear: Int { run.academicYear }

    /// - Throws: `AnalysisRulesError` when `rules.validate()` finds a problem.
    public init(rules: AnalysisRules = .default, comparators: Comparators, academicYear: Int) throws(AnalysisRulesError)
    {
        try rules.validate()
        run = Run(rules: rules, comparators: comparators, academicYear: academicYear)
    }

    /// Analyses every school, in the order given, spreading the schools over the machine's cores.
    public func analyse(_ schools: [SchoolEvidence]) -> [SchoolAnalysis] {
        let chunks = min(schools.count, 64)
        guard chunks > 1 else { return schools.map(analyse) }
        return [SchoolAnalysis](unsafeUninitializedCapacity: schools.count) { buffer, initialized in
            // Each chunk initialises its own contiguous range of the buffer, so no two threads
            // touch the same element.
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for index in (chunk * schools.count / chunks)..<((chunk + 1) * schools.count / chunks) {
                    (results.baseAddress! + index).initialize(to: analyse(schools[index]))
                }
            }
            initialized = schools.count
        }
    }

    /// Analyses one school.
    public func analyse(_ school: SchoolEvidence) -> SchoolAnalysis {
        let plan = run.plan
        let academicYear = run.academicYear
        var warnings: [DataWarning] = []
        warnings.reserveCapacity(4)
        var reasons: [LevelReason] = []
        var ledger = AreaLedger()
        let outcomes = OutcomeReview(
            school, plan: plan, localAuthority: school.facts.laCode.flatMap { run.comparators.localAuthority[$0] },
            ledger: &ledger, reasons: &reasons, warnings: &warnings)
        let inspection = InspectionReview(
            school.inspections, rules: run.rules.inspections, academicYear: academicYear, ledger: &ledger,
            reasons: &reasons, warnings: &warnings)
        SelfEvaluationReview.apply(
            school.selfEvaluation, dataConcerns: outcomes.dataConcerns, rules: run.rules.selfEvaluation,
            academicYear: academicYear, ledger: &ledger, warnings: &warnings)
        AdviserFlagReview.apply(school.flags, rules: run.rules.adviserFlags, ledger: &ledger, reasons: &reasons)

        let areas = ledger.areasForImprovement
        let concerns = ledger.concerns + outcomes.headlineConcerns
        let decision = LevelDecision(
            triggered: reasons, concerns: concerns, hasAnyNeed: ledger.hasNeeds,
            securePlus: LevelDecision.SecurePlusEvidence(
                inspectionSupports: inspection.supportsSecurePlus, strongYears: outcomes.strongYears,
                hasComparableOutcomes: outcomes.hasComparableOutcomes),
            rules: run.rules.levels)

        return SchoolAnalysis(
            urn: school.facts.urn, academicYear: academicYear, rulesVersion: run.rules.version, level: decision.level,
            reasons: decision.reasons, areasForImprovement: areas, strengths: ledger.strengthsWithoutNeeds,
            warnings: warnings)
    }
}
