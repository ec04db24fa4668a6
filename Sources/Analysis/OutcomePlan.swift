/// The rules' outcome indicators resolved, once per run, against the analysed window of years
/// and England's figures, so that each school costs one table look-up per measure row. A class,
/// so that the schools share it without copying.
final class OutcomePlan: Sendable {
    /// One measure of an indicator, with England's figure for each year of the window (a class, so
    /// that each school shares it without copying).
    final class Measure: Sendable {
        let rule: MeasureRule
        /// Row of this measure's code in a school's `Locations`.
        let slot: Int
        /// England's comparator per year of the window (always 0 for progress scores).
        let england: [Double?]
        /// Whether the measure was published at all in each year of the window.
        let published: [Bool]
        /// Copies of the rule's fields read for every school.
        let scale: MeasureRule.Scale
        /// The square of `pupilStandardDeviation` (0 when not given).
        let pupilVariance: Double

        init(rule: MeasureRule, slot: Int, england: [Double?], published: [Bool]) {
            self.rule = rule
            self.slot = slot
            self.england = england
            self.published = published
            self.scale = rule.scale
            self.pupilVariance = (rule.pupilStandardDeviation ?? 0) * (rule.pupilStandardDeviation ?? 0)
        }
    }

    final class Indicator: Sendable {
        let definition: OutcomeIndicator
        /// Copies of the definition's fields read for every school.
        let id: String
        let ruleID: String
        let area: AreaCode?
        let isHeadline: Bool
        let endAge: Int
        let attainment: Measure?
        let progress: Measure?

        init(definition: OutcomeIndicator, endAge: Int, attainment: Measure?, progress: Measure?) {
            self.definition = definition
            self.id = definition.id
            self.ruleID = "outcomes.\(definition.id)"
            self.area = definition.area
            self.isHeadline = definition.isHeadline
            self.endAge = endAge
            self.attainment = attainment
            self.progress = progress
        }
    }

    /// Where each (measure, year) of one school is in its `measures` array.
    struct Locations {
        fileprivate var indices: [Int32]
        fileprivate let years: Int

        func index(slot: Int, year: Int) -> Int? {
            let index = indices[slot * years + year]
            return index < 0 ? nil : Int(index)
        }
    }

    let firstYear: Int
    let years: Int
    let indicators: [Indicator]
    private let codes: MeasureCodeTable
    /// The rules' settings that the outcome assessments read, copied out of `AnalysisRules`.
    let confidenceZ: Double
    let recencyWeights: [Double]
    let smallCohort: Int
    let minimumPooledCohort: Int
    let compareSpecialSchoolAttainment: Bool
    let persistentVeryLowYears: Int

    init(rules: AnalysisRules, comparators: Comparators, academicYear: Int) {
        let firstYear = academicYear - rules.windowYears + 1
        let years = rules.windowYears
        var codes: [String] = []
        func measure(_ rule: MeasureRule?) -> Measure? {
            guard let rule else { return nil }
            codes.append(rule.code)
            let yearsInWindow = (0..<years).map { firstYear + $0 }
            let comparatorCode = rule.comparatorCode ?? rule.code
            return Measure(
                rule: rule, slot: codes.count - 1,
                england: yearsInWindow.map { year in
                    rule.scale == .progress
                        ? 0 : comparators.england[Comparators.Key(comparatorCode, year)]
                },
                published: yearsInWindow.map { !rule.unavailableYears.contains($0) })
        }
        self.indicators = rules.indicators.compactMap { indicator in
            guard let endAge = rules.keyStageEndAges[indicator.keyStage] else { return nil }
            return Indicator(
                definition: indicator, endAge: endAge,
                attainment: measure(indicator.attainment), progress: measure(indicator.progress))
        }
        self.firstYear = firstYear
        self.years = years
        self.codes = MeasureCodeTable(codes)
        self.confidenceZ = rules.confidenceZ
        self.recencyWeights = rules.recencyWeights
        self.smallCohort = rules.smallCohort
        self.minimumPooledCohort = rules.minimumPooledCohort
        self.compareSpecialSchoolAttainment = rules.compareSpecialSchoolAttainment
        self.persistentVeryLowYears = rules.levels.persistentVeryLowYears
    }

    /// Files a school's measure rows by slot and year. When a (measure, year) comes twice, the
    /// lower value is kept, whatever the order of the rows, so that the analysis errs on the side
    /// of support and never depends on input order.
    func locate(_ measures: [MeasureObservation]) -> Locations {
        var indices = [Int32](repeating: -1, count: codes.count * years)
        codes.withLookup { lookup in
            for index in measures.indices {
                let year = measures[index].academicYear - firstYear
                guard year >= 0, year < years, let slot = lookup.slot(of: measures[index].code) else { continue }
                let cell = slot * years + year
                if indices[cell] < 0 || Self.isLower(measures[index], than: measures[Int(indices[cell])]) {
                    indices[cell] = Int32(index)
                }
            }
        }
        return Locations(indices: indices, years: years)
    }

    private static func isLower(_ a: MeasureObservation, than b: MeasureObservation) -> Bool {
        let left = (a.value ?? -.infinity, a.lower ?? -.infinity, a.upper ?? -.infinity)
        let right = (b.value ?? -.infinity, b.lower ?? -.infinity, b.upper ?? -.infinity)
        if left != right { return left < right }
        if a.cohort != b.cohort { return (a.cohort ?? -1) < (b.cohort ?? -1) }
        return (a.suppression ?? "") < (b.suppression ?? "")
    }
}
