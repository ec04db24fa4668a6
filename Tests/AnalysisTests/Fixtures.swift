import Analysis

/// Builders for the tests' schools, figures and inspections, around round national figures.
enum Fixture {
    /// The analysed academic year of most tests: no KS2 progress in its window (2023–2025) but 2023.
    static let year = 2025
    static let la = 885

    static let ks2England: [String: Double] = [
        "PTRWM_EXP": 60, "PTREAD_EXP": 75, "PTWRITTA_EXP": 72, "PTMAT_EXP": 74,
        "PTRWM_EXP_FSM6CLA1A": 45, "PTRWM_EXP_NotFSM6CLA1A": 67,
    ]
    static let ks4England: [String: Double] = [
        "ATT8SCR": 46, "ATT8SCRENG": 10.4, "ATT8SCRMAT": 9.3, "ATT8SCREBAC": 12.5,
        "ATT8SCR_FSM6CLA1A": 34.6, "ATT8SCR_NFSM6CLA1A": 50.3,
    ]

    /// England's figures for 2019–2026, and Worcestershire's two points above them.
    static let comparators: Comparators = {
        var england: [Comparators.Key: Double] = [:]
        for year in 2019...2026 {
            for (code, value) in ks2England.merging(ks4England, uniquingKeysWith: { a, _ in a }) {
                england[Comparators.Key(code, year)] = value
            }
        }
        return Comparators(england: england, localAuthority: [la: england.mapValues { $0 + 2 }])
    }()

    static func analyser(_ rules: AnalysisRules = .default, year: Int = year) -> Analyser {
        try! Analyser(rules: rules, comparators: comparators, academicYear: year)
    }

    static func facts(urn: Int = 100_001, ages: ClosedRange<Int> = 4...11, special: Bool = false) -> SchoolFacts {
        SchoolFacts(
            urn: urn, laCode: la, phase: ages.upperBound <= 11 ? "Primary" : "Secondary",
            statutoryLowAge: ages.lowerBound, statutoryHighAge: ages.upperBound, isSpecial: special, pupils: 300,
            fsmPercent: 20)
    }

    /// KS2 attainment for each year at England's figure plus `offset` points (per-code overrides
    /// of the offset win), with a disadvantaged cohort of a quarter; and, in the years KS2
    /// progress was published, progress scores of 0 unless `progress` says otherwise.
    static func ks2(
        years: [Int] = [2023, 2024, 2025], cohort: Int = 60, offset: Double = 0, offsets: [String: Double] = [:],
        progress scores: [String: Double] = [:]
    ) -> [MeasureObservation] {
        years.flatMap { year in
            let attainment = ks2England.keys.sorted().map { code in
                let split = code.hasSuffix("FSM6CLA1A")
                return MeasureObservation(
                    code: code, academicYear: year, value: ks2England[code]! + (offsets[code] ?? offset),
                    cohort: split ? cohort / 4 : cohort)
            }
            guard year <= 2023, year != 2020, year != 2021 else { return attainment }
            return attainment
                + ["READPROG", "WRITPROG", "MATPROG"].map { progress($0, year, scores[$0] ?? 0, cohort: cohort) }
        }
    }

    /// KS4 attainment for each year at England's figure plus `offset` points.
    static func ks4(years: [Int] = [2023, 2024, 2025], cohort: Int = 180, offset: Double = 0) -> [MeasureObservation] {
        years.flatMap { year in
            ks4England.keys.sorted().map { code in
                MeasureObservation(
                    code: code, academicYear: year, value: ks4England[code]! + offset,
                    cohort: code.hasSuffix("FSM6CLA1A") ? cohort / 4 : cohort)
            }
        }
    }

    /// A progress score with a symmetric confidence interval.
    static func progress(_ code: String, _ year: Int, _ score: Double, halfWidth: Double = 1.5, cohort: Int = 60)
        -> MeasureObservation
    {
        MeasureObservation(
            code: code, academicYear: year, value: score, lower: score - halfWidth, upper: score + halfWidth,
            cohort: cohort)
    }

    static func legacy(
        _ overall: LegacyGrade?, _ date: CivilDate = CivilDate(2023, 3, 14),
        grades: [LegacyHeading: LegacyGrade]? = nil, safeguarding: Bool = true
    ) -> Inspection {
        .legacy(
            LegacyInspection(
                date: date, overall: overall,
                grades: grades ?? overall.map { grade in
                    Dictionary(uniqueKeysWithValues: LegacyHeading.allCases.prefix(4).map { ($0, grade) })
                } ?? [:],
                safeguardingEffective: safeguarding))
    }

    static func reportCard(
        _ grade: ReportCardGrade = .expectedStandard, _ date: CivilDate = CivilDate(2025, 1, 20),
        except: [ReportCardArea: ReportCardGrade] = [:], safeguardingMet: Bool = true
    ) -> Inspection {
        let graded: [ReportCardArea] = [
            .inclusion, .curriculumAndTeaching, .achievement, .attendanceAndBehaviour, .personalDevelopmentAndWellbeing,
            .leadershipAndGovernance,
        ]
        return .reportCard(
            ReportCardInspection(
                date: date,
                grades: Dictionary(uniqueKeysWithValues: graded.map { ($0, grade) }).merging(except) { $1 },
                safeguardingMet: safeguardingMet))
    }

    /// A primary school in line with England, inspected Good, with a current self-evaluation.
    static func typicalPrimary(urn: Int = 100_001) -> SchoolEvidence {
        SchoolEvidence(
            facts: facts(urn: urn), measures: ks2(), inspections: [legacy(.good)],
            selfEvaluation: SelfEvaluation(academicYear: year, judgements: [.ks2Reading: .expectedStandard]))
    }
}

extension SchoolAnalysis {
    var areaCodes: [AreaCode] { areasForImprovement.map(\.area) }
    var strengthCodes: [AreaCode] { strengths.map(\.area) }
    var ruleIDs: [String] { reasons.map(\.ruleID) }

    func need(_ area: AreaCode) -> AreaForImprovement? { areasForImprovement.first { $0.area == area } }
    func strength(_ area: AreaCode) -> Strength? { strengths.first { $0.area == area } }
    func warnings(_ kind: DataWarning.Kind) -> [DataWarning] { warnings.filter { $0.kind == kind } }
}
