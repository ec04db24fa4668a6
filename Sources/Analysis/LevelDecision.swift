/// Decides the support level from the reasons the other rules found, the concerns and the
/// evidence for `secure_plus`.
///
/// Every rule only ever *raises* the level it calls for, so worse evidence can never give a
/// better level; `secure_plus` is only open to a school with nothing against it.
struct LevelDecision {
    /// A concern that counts towards the level: an area for improvement or a headline outcome.
    struct Concern: Sendable {
        let name: String
        let severity: Int
    }

    /// What `secure_plus` asks for beyond having no concerns.
    struct SecurePlusEvidence: Sendable {
        let inspectionSupports: Bool
        /// Window years in which a headline outcome was significantly strong.
        let strongYears: Int
        /// Whether the school has any headline outcome that could be judged.
        let hasComparableOutcomes: Bool
    }

    let level: SupportLevel
    /// The deciding reasons first, then the others by level; reasons at one level in the order
    /// found (outcomes, inspection, flags, concerns).
    let reasons: [LevelReason]

    init(
        triggered: [LevelReason], concerns: [Concern], hasAnyNeed: Bool, securePlus: SecurePlusEvidence,
        rules: LevelRules
    ) {
        var reasons = triggered
        if let worst = concerns.max(by: { $0.severity < $1.severity }), worst.severity >= rules.focusSeverity {
            reasons.append(
                Self.concernReason(
                    "concerns.severe", .focus, concerns,
                    "A severe concern (severity \(worst.severity)): \(worst.name).",
                    listing: false))
        }
        if concerns.count >= rules.focusConcerns {
            reasons.append(
                Self.concernReason("concerns.several", .focus, concerns, "\(concerns.count) concerns: ", listing: true))
        } else if !concerns.isEmpty {
            let noun = concerns.count == 1 ? "concern" : "concerns"
            reasons.append(
                Self.concernReason("concerns.some", .lightTouch, concerns, "\(concerns.count) \(noun): ", listing: true)
            )
        }
        var level = reasons.reduce(SupportLevel.securePlus) { max($0, $1.level) }
        if level <= .secure {
            let baseline = Self.baseline(hasAnyNeed: hasAnyNeed, noReasons: reasons.isEmpty, securePlus, rules: rules)
            level = max(level, baseline.level)
            reasons.append(baseline)
        }
        self.level = level
        reasons.stableSort { $0.level > $1.level }
        self.reasons = reasons
    }

    /// A reason about the concerns: `lead`, followed by their names when `listing`.
    private static func concernReason(
        _ ruleID: String, _ level: SupportLevel, _ concerns: [Concern], _ lead: String, listing: Bool
    ) -> LevelReason {
        LevelReason(
            level: level,
            finding: Finding(ruleID: ruleID, subject: "concerns") {
                (
                    listing ? lead + concerns.map(\.name).joined(separator: ", ") + "." : lead,
                    concerns.map { Evidence("concern", subject: $0.name, value: Double($0.severity)) }
                )
            })
    }

    private static func baseline(
        hasAnyNeed: Bool, noReasons: Bool, _ evidence: SecurePlusEvidence, rules: LevelRules
    ) -> LevelReason {
        let dataIsStrong =
            evidence.hasComparableOutcomes
            ? evidence.strongYears >= rules.securePlusStrongYears
            : rules.securePlusWithoutPublishedOutcomes
        let isSecurePlus = noReasons && !hasAnyNeed && evidence.inspectionSupports && dataIsStrong
        let finding = Finding(ruleID: isSecurePlus ? "secure-plus.strong" : "secure.no-concerns", subject: "school") {
            let facts = [
                Evidence("strong years", value: Double(evidence.strongYears)),
                Evidence("inspection strong or better", text: evidence.inspectionSupports ? "yes" : "no"),
                Evidence("published outcomes", text: evidence.hasComparableOutcomes ? "yes" : "none comparable"),
            ]
            if isSecurePlus {
                return (
                    evidence.hasComparableOutcomes
                        ? "Strong data in \(evidence.strongYears) years, a strong or better inspection and no areas for improvement."
                        : "A strong or better inspection and no areas for improvement; no comparable published outcomes.",
                    facts
                )
            }
            var missing: [String] = []
            if !evidence.inspectionSupports { missing.append("a current strong or better inspection") }
            if !dataIsStrong { missing.append("strong data in \(rules.securePlusStrongYears) years") }
            if hasAnyNeed { missing.append("no areas for improvement") }
            return (
                "No concerns that call for more support"
                    + (missing.isEmpty ? "." : "; secure plus would need \(missing.joined(separator: ", "))."),
                facts
            )
        }
        return LevelReason(level: isSecurePlus ? .securePlus : .secure, finding: finding)
    }
}
