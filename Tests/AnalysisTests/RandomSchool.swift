import Analysis

/// Random but reproducible schools for the property tests: every age range, cohorts from tiny to
/// large, suppressed and missing figures, both inspection frameworks, self-evaluations and flags.
struct RandomSchool: RandomNumberGenerator {
    private var state: UInt64

    init(seed: Int) { state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// A grade drawn with realistic weights: mostly expected / good, a few at either end.
    mutating func reportCardGrade() -> ReportCardGrade {
        let draw = unit()
        return draw < 0.03
            ? .urgentImprovement
            : draw < 0.15
                ? .needsAttention
                : draw < 0.65
                    ? .expectedStandard
                    : draw < 0.9 ? .strongStandard : .exceptional
    }

    mutating func legacyGrade() -> LegacyGrade {
        let draw = unit()
        return draw < 0.2 ? .outstanding : draw < 0.85 ? .good : draw < 0.97 ? .requiresImprovement : .inadequate
    }

    mutating func school() -> SchoolEvidence {
        let ages = pick([4...11, 4...9, 9...13, 11...16, 11...18, 13...18, 4...16, 2...19])
        let facts = Fixture.facts(urn: 100_000 + below(900_000), ages: ages, special: chance(0.1))
        let quality = (unit() - 0.5) * 24
        var measures: [MeasureObservation] = []
        for year in 2023...2025 {
            let cohort = 1 + below(chance(0.3) ? 12 : 120)
            for (code, england) in Fixture.ks2England.merging(Fixture.ks4England, uniquingKeysWith: { a, _ in a }) {
                guard chance(0.9) else { continue }
                let scale = Fixture.ks2England[code] == nil ? 0.3 : 1
                measures.append(
                    MeasureObservation(
                        code: code, academicYear: year,
                        value: chance(0.08) ? nil : england + scale * (quality + (unit() - 0.5) * 20),
                        suppression: pick(["SUPP", "NE", "LOWCOV", "x"]), cohort: chance(0.05) ? nil : cohort))
            }
            for code in ["READPROG", "WRITPROG", "MATPROG", "P8MEA", "P8MEAENG", "P8MEAMAT", "P8MEAEBAC"]
            where chance(0.8) {
                let scale = code.hasPrefix("P8") ? 0.1 : 0.4
                let score = scale * (quality / 4 + (unit() - 0.5) * 10)
                let halfWidth = scale * (1 + unit() * 4)
                measures.append(
                    MeasureObservation(
                        code: code, academicYear: year, value: score, lower: score - halfWidth,
                        upper: score + halfWidth, cohort: cohort))
            }
        }
        var inspections: [Inspection] = []
        for _ in 0..<below(4) {
            let date = CivilDate(2014 + below(12), 1 + below(12), 1 + below(28))
            if chance(0.5) {
                var grades: [ReportCardArea: ReportCardGrade] = [:]
                for area in ReportCardArea.allCases where chance(0.8) { grades[area] = reportCardGrade() }
                inspections.append(
                    .reportCard(ReportCardInspection(date: date, grades: grades, safeguardingMet: chance(0.98))))
            } else {
                var grades: [LegacyHeading: LegacyGrade] = [:]
                for heading in LegacyHeading.allCases where chance(0.7) { grades[heading] = legacyGrade() }
                inspections.append(
                    .legacy(
                        LegacyInspection(
                            date: date, overall: chance(0.8) ? legacyGrade() : nil, grades: grades,
                            safeguardingEffective: chance(0.1) ? nil : chance(0.98))))
            }
        }
        var judgements: [AreaCode: ReportCardGrade] = [:]
        for area in AreaCode.standard where chance(0.2) { judgements[area] = reportCardGrade() }
        return SchoolEvidence(
            facts: facts, measures: measures, inspections: inspections,
            selfEvaluation: chance(0.8) ? SelfEvaluation(academicYear: 2023 + below(3), judgements: judgements) : nil,
            flags: Set(AdviserFlag.allCases.filter { _ in chance(0.05) }))
    }

    /// `school` with one piece of evidence made worse, everything else equal.
    mutating func worsened(_ school: SchoolEvidence) -> SchoolEvidence {
        var school = school
        switch below(4) {
        case 0 where !school.measures.isEmpty:
            let index = below(school.measures.count)
            school.measures[index] = shifted(school.measures[index], by: -(1 + unit() * 30))
        case 1 where !school.measures.isEmpty:
            let code = pick(school.measures).code
            let amount = -(1 + unit() * 30)
            school.measures = school.measures.map { $0.code == code ? shifted($0, by: amount) : $0 }
        case 2 where !school.inspections.isEmpty:
            let index = below(school.inspections.count)
            school.inspections[index] = regraded(school.inspections[index], better: false)
        default:
            school.flags.insert(pick(AdviserFlag.allCases))
        }
        return school
    }

    /// `school` with one piece of evidence made better: a higher figure, a better grade, or a
    /// self-evaluation claim that the data does not contradict.
    mutating func improved(_ school: SchoolEvidence, dataConcerns: Set<AreaCode>) -> SchoolEvidence {
        var school = school
        switch below(3) {
        case 0 where !school.measures.isEmpty:
            let index = below(school.measures.count)
            school.measures[index] = shifted(school.measures[index], by: 1 + unit() * 30)
        case 1 where !school.inspections.isEmpty:
            let index = below(school.inspections.count)
            school.inspections[index] = regraded(school.inspections[index], better: true)
        default:
            let area = pick(AreaCode.standard.filter { !dataConcerns.contains($0) })
            var selfEvaluation = school.selfEvaluation ?? SelfEvaluation(academicYear: 2025, judgements: [:])
            selfEvaluation.judgements[area] = max(selfEvaluation.judgements[area] ?? .strongStandard, .strongStandard)
            school.selfEvaluation = selfEvaluation
        }
        return school
    }

    private func shifted(_ row: MeasureObservation, by amount: Double) -> MeasureObservation {
        var row = row
        row.value = row.value.map { $0 + amount }
        row.lower = row.lower.map { $0 + amount }
        row.upper = row.upper.map { $0 + amount }
        return row
    }

    /// One grade of the inspection one step better or worse (or safeguarding flipped).
    private mutating func regraded(_ inspection: Inspection, better: Bool) -> Inspection {
        switch inspection {
        case .reportCard(var card):
            if let area = card.grades.keys.sorted().randomElement(using: &self), chance(0.8) {
                let grades = ReportCardGrade.allCases
                let rank = grades.firstIndex(of: card.grades[area]!)! + (better ? 1 : -1)
                card.grades[area] = grades[min(max(rank, 0), grades.count - 1)]
            } else {
                card.safeguardingMet = better ? true : false
            }
            return .reportCard(card)
        case .legacy(var legacy):
            let step = better ? -1 : 1
            func move(_ grade: LegacyGrade) -> LegacyGrade {
                LegacyGrade(rawValue: min(max(grade.rawValue + step, 1), 4))!
            }
            if let heading = legacy.grades.keys.sorted().randomElement(using: &self), chance(0.6) {
                legacy.grades[heading] = move(legacy.grades[heading]!)
            } else if let overall = legacy.overall, chance(0.7) {
                legacy.overall = move(overall)
            } else {
                legacy.safeguardingEffective = better ? (legacy.safeguardingEffective ?? true) : false
            }
            return .legacy(legacy)
        }
    }
}
