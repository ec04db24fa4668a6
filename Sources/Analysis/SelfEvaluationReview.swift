/// Reads the school's latest self-evaluation against the data.
///
/// A claimed strength that the data does not contradict becomes a (weakly evidenced) strength; a
/// claimed strength where the data is significantly weak raises the `assessment` area, because the
/// strategy asks that the school's assessment be accurate; an area the school itself judges weak
/// is listed as an area for improvement without counting towards the level.
enum SelfEvaluationReview {
    static func apply(
        _ selfEvaluation: SelfEvaluation?, dataConcerns: [(area: AreaCode, severity: Int)], rules: SelfEvaluationRules,
        academicYear: Int, ledger: inout AreaLedger, warnings: inout [DataWarning]
    ) {
        guard let selfEvaluation else {
            warnings.append(DataWarning(kind: .missing, subject: "self-evaluation", code: "self-evaluation on record"))
            return
        }
        let year = selfEvaluation.academicYear
        if year < academicYear - rules.outOfDateYears {
            warnings.append(
                DataWarning(
                    kind: .outOfDate, subject: "self-evaluation", academicYear: year, count: academicYear - year))
        }
        // In the order of the codes, so that the findings' order never depends on the dictionary's.
        for (area, grade) in selfEvaluation.judgements.sorted(by: { $0.key < $1.key }) {
            let claim = Evidence("self-evaluation", subject: area.rawValue, academicYear: year, text: grade.title)
            @Sendable func judges() -> String {
                "The self-evaluation (\(year - 1) to \(year)) judges \(area) \(grade.title.lowercased())"
            }
            if grade >= rules.claimedStrengthGrade {
                if let severity = dataConcerns.lazy.filter({ $0.area == area }).map(\.severity).max() {
                    ledger.addNeed(
                        .assessment, severity: rules.assessmentSeverity,
                        Finding(ruleID: "self-evaluation.accuracy", subject: area.rawValue) {
                            (
                                "\(judges()), but the data shows a significant concern there (severity \(severity)).",
                                [
                                    claim,
                                    Evidence("data concern severity", subject: area.rawValue, value: Double(severity)),
                                ]
                            )
                        })
                } else {
                    ledger.addStrength(
                        area, strength: rules.claimStrength,
                        Finding(ruleID: "self-evaluation.claim", subject: area.rawValue) {
                            ("\(judges()); the data does not contradict it.", [claim])
                        })
                }
            }
            let ownSeverity: Int? =
                switch grade {
                case .urgentImprovement: rules.urgentImprovementSeverity
                case .needsAttention: rules.needsAttentionSeverity
                case .expectedStandard, .strongStandard, .exceptional: nil
                }
            if let ownSeverity {
                ledger.addNeed(
                    area, severity: ownSeverity, isConcern: false,
                    Finding(ruleID: "self-evaluation.weakness", subject: area.rawValue) { ("\(judges()).", [claim]) })
            }
        }
    }
}
