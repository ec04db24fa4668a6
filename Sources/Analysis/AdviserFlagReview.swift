/// Turns advisers' flags into areas for improvement and level reasons.
enum AdviserFlagReview {
    static func apply(
        _ flags: Set<AdviserFlag>, rules: AdviserFlagRules, ledger: inout AreaLedger, reasons: inout [LevelReason]
    ) {
        guard !flags.isEmpty else { return }
        for flag in AdviserFlag.allCases where flags.contains(flag) {
            let (ruleID, text): (String, String) =
                switch flag {
                case .newHeadTeacher: ("flag.new-head-teacher", "The school has a new head teacher.")
                case .safeguardingConcern:
                    ("flag.safeguarding-concern", "An adviser has recorded a safeguarding concern.")
                case .leadershipConcern: ("flag.leadership-concern", "An adviser has recorded a leadership concern.")
                }
            let finding = Finding(
                ruleID: ruleID, subject: flag.rawValue, text: text,
                evidence: [Evidence("adviser flag", text: flag.rawValue)])
            switch flag {
            case .newHeadTeacher:
                reasons.append(LevelReason(level: rules.newHeadTeacherLevel, finding: finding))
            case .safeguardingConcern:
                ledger.addNeed(.safeguarding, severity: rules.safeguardingConcernSeverity, finding)
                reasons.append(LevelReason(level: rules.safeguardingConcernLevel, finding: finding))
            case .leadershipConcern:
                ledger.addNeed(.leadership, severity: rules.leadershipConcernSeverity, finding)
            }
        }
    }
}
