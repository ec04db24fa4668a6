/// Reads a school's inspections: the current one (the latest, whichever framework) gives areas
/// for improvement, strengths and level reasons.
struct InspectionReview {
    /// Whether the current inspection is strong enough, and recent enough, for `secure_plus`.
    private(set) var supportsSecurePlus = false

    init(
        _ inspections: [Inspection], rules: InspectionRules, academicYear: Int, ledger: inout AreaLedger,
        reasons: inout [LevelReason], warnings: inout [DataWarning]
    ) {
        guard let current = Self.current(inspections) else {
            warnings.append(DataWarning(kind: .missing, subject: "inspection", code: "inspection on record"))
            return
        }
        let age = current.date.wholeYears(until: .endOfAcademicYear(academicYear))
        let isOutOfDate = age > rules.outOfDateYears
        if isOutOfDate {
            warnings.append(
                DataWarning(
                    kind: .outOfDate, subject: "inspection", academicYear: current.date.academicYear, count: age))
        }
        let strengthFactor = isOutOfDate ? rules.outOfDateStrengthFactor : 1
        switch current {
        case .reportCard(let card):
            supportsSecurePlus =
                !isOutOfDate && card.safeguardingMet && !card.grades.isEmpty
                && card.grades.values.allSatisfy { $0 >= rules.securePlusReportCardGrade }
            review(card, rules: rules, strengthFactor: strengthFactor, ledger: &ledger, reasons: &reasons)
        case .legacy(let legacy):
            let grades = legacy.overall.map { [$0] } ?? Array(legacy.grades.values)
            supportsSecurePlus =
                !isOutOfDate && legacy.safeguardingEffective != false && !grades.isEmpty
                && grades.allSatisfy { $0 <= rules.securePlusLegacyGrade }
            review(legacy, rules: rules, strengthFactor: strengthFactor, ledger: &ledger, reasons: &reasons)
        }
    }

    /// The grades by heading in the headings' order, so that the findings' order never depends on
    /// a dictionary's.
    private static func inOrder<Heading: Comparable, Grade>(_ grades: [Heading: Grade]) -> [(Heading, Grade)] {
        grades.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }

    /// The latest inspection; on the same day a report card wins over a legacy inspection, and
    /// several of one kind are combined taking the worst grade per heading, so that the input
    /// order never matters.
    private static func current(_ inspections: [Inspection]) -> Inspection? {
        guard let latest = inspections.max(by: { $0.date < $1.date })?.date else { return nil }
        let sameDay = inspections.filter { $0.date == latest }
        if sameDay.count == 1 { return sameDay[0] }
        let cards = sameDay.compactMap { if case .reportCard(let card) = $0 { card } else { nil } }
        if let first = cards.first {
            return .reportCard(
                cards.dropFirst().reduce(first) { combined, card in
                    ReportCardInspection(
                        date: latest, grades: combined.grades.merging(card.grades, uniquingKeysWith: min),
                        safeguardingMet: combined.safeguardingMet && card.safeguardingMet)
                })
        }
        let legacies = sameDay.compactMap { if case .legacy(let legacy) = $0 { legacy } else { nil } }
        return legacies.first.map { first in
            .legacy(
                legacies.dropFirst().reduce(first) { combined, legacy in
                    LegacyInspection(
                        date: latest, overall: [combined.overall, legacy.overall].compactMap { $0 }.max(),
                        grades: combined.grades.merging(legacy.grades, uniquingKeysWith: max),
                        safeguardingEffective: Self.worse(combined.safeguardingEffective, legacy.safeguardingEffective))
                })
        }
    }

    /// "Not effective" wins over "effective", which wins over "not recorded".
    private static func worse(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        return a ?? b
    }

    private func review(
        _ card: ReportCardInspection, rules: InspectionRules, strengthFactor: Double, ledger: inout AreaLedger,
        reasons: inout [LevelReason]
    ) {
        for (heading, grade) in Self.inOrder(card.grades) {
            let (severity, strength): (Int?, Double?) =
                switch grade {
                case .urgentImprovement: (rules.urgentImprovementSeverity, nil)
                case .needsAttention: (rules.needsAttentionSeverity, nil)
                case .expectedStandard: (nil, nil)
                case .strongStandard: (nil, rules.strongStandardStrength * strengthFactor)
                case .exceptional: (nil, rules.exceptionalStrength * strengthFactor)
                }
            record(
                areas: rules.reportCardAreas[heading] ?? [], severity: severity, strength: strength,
                finding: Finding(ruleID: "inspection.report-card", subject: heading.rawValue) {
                    (
                        "Report card inspection of \(card.date): \(heading.title) — \(grade.title).",
                        [Evidence("grade", subject: heading.rawValue, text: grade.title)]
                    )
                },
                ledger: &ledger)
        }
        for (grade, ruleID, level) in [
            (ReportCardGrade.urgentImprovement, "inspection.urgent-improvement", SupportLevel.intensive),
            (.needsAttention, "inspection.needs-attention", .focus),
        ] where card.grades.values.contains(grade) {
            reasons.append(
                LevelReason(
                    level: level,
                    finding: Finding(ruleID: ruleID, subject: "inspection") {
                        let headings = card.grades.filter { $0.value == grade }.keys.sorted().map(\.title)
                        return (
                            "Report card inspection of \(card.date) graded \(grade.title.lowercased()): "
                                + "\(headings.joined(separator: ", ")).",
                            Self.evidence(card)
                        )
                    }))
        }
        if !card.safeguardingMet {
            safeguardingNotMet(
                Finding(ruleID: "inspection.safeguarding", subject: "inspection") {
                    ("Report card inspection of \(card.date): safeguarding standards not met.", Self.evidence(card))
                },
                rules: rules, ledger: &ledger, reasons: &reasons)
        }
    }

    private func review(
        _ legacy: LegacyInspection, rules: InspectionRules, strengthFactor: Double, ledger: inout AreaLedger,
        reasons: inout [LevelReason]
    ) {
        for (heading, grade) in Self.inOrder(legacy.grades) {
            let (severity, strength): (Int?, Double?) =
                switch grade {
                case .inadequate: (rules.inadequateSeverity, nil)
                case .requiresImprovement: (rules.requiresImprovementSeverity, nil)
                case .good: (nil, nil)
                case .outstanding: (nil, rules.outstandingStrength * strengthFactor)
                }
            record(
                areas: rules.legacyAreas[heading] ?? [], severity: severity, strength: strength,
                finding: Finding(ruleID: "inspection.legacy", subject: heading.rawValue) {
                    (
                        "Inspection of \(legacy.date): \(heading.title) — \(grade.title).",
                        [Evidence("grade", subject: heading.rawValue, text: grade.title)]
                    )
                },
                ledger: &ledger)
        }
        for (grade, ruleID, level) in [
            (LegacyGrade.inadequate, "inspection.inadequate", SupportLevel.intensive),
            (.requiresImprovement, "inspection.requires-improvement", .focus),
        ] where legacy.overall == grade || legacy.grades.values.contains(grade) {
            reasons.append(
                LevelReason(
                    level: level,
                    finding: Finding(ruleID: ruleID, subject: "inspection") {
                        let headings = legacy.grades.filter { $0.value == grade }.keys.sorted().map(\.title)
                        let what = (legacy.overall == grade ? ["overall effectiveness"] : []) + headings
                        return (
                            "Inspection of \(legacy.date) judged \(grade.title.lowercased()): "
                                + "\(what.joined(separator: ", ")).",
                            Self.evidence(legacy)
                        )
                    }))
        }
        if legacy.safeguardingEffective == false {
            safeguardingNotMet(
                Finding(ruleID: "inspection.safeguarding", subject: "inspection") {
                    ("Inspection of \(legacy.date): safeguarding not effective.", Self.evidence(legacy))
                },
                rules: rules, ledger: &ledger, reasons: &reasons)
        }
    }

    /// Files one graded heading under its areas (building the finding only when it is used).
    private func record(
        areas: [AreaCode], severity: Int?, strength: Double?, finding: @autoclosure () -> Finding,
        ledger: inout AreaLedger
    ) {
        guard severity != nil || strength != nil, !areas.isEmpty else { return }
        let finding = finding()
        for area in areas {
            if let severity { ledger.addNeed(area, severity: severity, finding) }
            if let strength { ledger.addStrength(area, strength: strength, finding) }
        }
    }

    private func safeguardingNotMet(
        _ finding: Finding, rules: InspectionRules, ledger: inout AreaLedger, reasons: inout [LevelReason]
    ) {
        ledger.addNeed(.safeguarding, severity: rules.safeguardingSeverity, finding)
        reasons.append(LevelReason(level: .intensive, finding: finding))
    }

    private static func evidence(_ card: ReportCardInspection) -> [Evidence] {
        card.grades.keys.sorted().map { Evidence("grade", subject: $0.rawValue, text: card.grades[$0]!.title) }
            + [Evidence("safeguarding", text: card.safeguardingMet ? "Met" : "Not met")]
    }

    private static func evidence(_ legacy: LegacyInspection) -> [Evidence] {
        [Evidence("overall effectiveness", text: legacy.overall?.title ?? "Not judged")]
            + legacy.grades.keys.sorted().map {
                Evidence("grade", subject: $0.rawValue, text: legacy.grades[$0]!.title)
            }
            + (legacy.safeguardingEffective.map { [Evidence("safeguarding effective", text: $0 ? "Yes" : "No")] } ?? [])
    }
}
