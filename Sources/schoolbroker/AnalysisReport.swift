import Analysis
import Broker

/// Plain-text reports of analysis runs and explanations for the terminal.
enum AnalysisReport {
    /// `2025` as `2024 to 2025`.
    static func academicYear(_ year: Int) -> String { "\(year - 1) to \(year)" }

    static func summary(_ summary: AnalysisRunSummary) -> String {
        var lines = [
            "Desk-top analysis of \(academicYear(summary.academicYear)) (rules \(summary.rulesVersion)): "
                + "\(summary.results.count) schools"
                + (summary.runID.map { ", run \($0)" } ?? ", dry run: nothing written")
        ]
        let counts = summary.levelCounts
        for level in SupportLevel.allCases {
            lines.append("  \(level.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(counts[level] ?? 0)")
        }
        if !summary.schoolsWithoutAges.isEmpty {
            lines.append(
                "Not analysed (no statutory ages in GIAS): "
                    + summary.schoolsWithoutAges.map(String.init).joined(separator: ", "))
        }
        if summary.runID != nil {
            let needs = summary.needs
            let plans = summary.plans
            lines.append(
                "Needs: \(needs.created) created, \(needs.updated) updated, \(needs.withdrawn) withdrawn. "
                    + "Support plans: \(plans.schools) schools planned, \(plans.activitiesAdded) activities added, "
                    + "\(plans.activitiesRemoved) removed.")
        }
        lines.append("Changes since \(academicYear(summary.academicYear - 1)): \(summary.changes.count) schools")
        for change in summary.changes {
            lines.append("  \(change.urn) \(change.name): \(change.previous.rawValue) → \(change.proposed.rawValue)")
            lines += change.reasons.map { "    - \($0.text)" }
        }
        if !summary.disagreements.isEmpty {
            lines.append("Decided levels this run disagrees with: \(summary.disagreements.count) schools")
            for status in summary.disagreements {
                lines.append(
                    "  \(status.urn): proposed \(status.proposedLevel?.rawValue ?? "none"), "
                        + "\(status.decision.rawValue) \(status.decidedLevel?.rawValue ?? "none") by \(status.decidedBy ?? "?")")
            }
        }
        let timings = summary.timings
        lines.append(
            "Time: read \(milliseconds(timings.loadMilliseconds)), analyse \(milliseconds(timings.analyseMilliseconds)), "
                + "write \(milliseconds(timings.writeMilliseconds)).")
        return lines.joined(separator: "\n")
    }

    static func explanation(_ explanation: SchoolExplanation) -> String {
        let analysis = explanation.analysis
        var lines = [
            "School \(analysis.urn) \(explanation.name), \(academicYear(analysis.academicYear)) "
                + "(rules \(analysis.rulesVersion))",
            "Proposed level: \(analysis.level.rawValue)"
                + (explanation.previousLevel.map { " (last year: \($0.rawValue))" } ?? ""),
            "Decision: " + decision(explanation.status, proposed: analysis.level),
            "Reasons:",
        ]
        for reason in analysis.reasons {
            lines.append("  [\(reason.level.rawValue)] \(reason.ruleID): \(reason.text)")
            lines += reason.evidence.map { "      \(evidence($0))" }
        }
        lines.append("Areas for improvement:" + (analysis.areasForImprovement.isEmpty ? " none" : ""))
        for area in analysis.areasForImprovement {
            lines.append("  \(area.area) (severity \(area.severity))")
            lines += findings(area.findings)
        }
        lines.append("Strengths:" + (analysis.strengths.isEmpty ? " none" : ""))
        for strength in analysis.strengths {
            lines.append("  \(strength.area) (strength \(String(format: "%.2f", strength.strength)))")
            lines += findings(strength.findings)
        }
        lines.append("Data warnings:" + (analysis.warnings.isEmpty ? " none" : ""))
        lines += analysis.warnings.map { "  - \($0.text)" }
        return lines.joined(separator: "\n")
    }

    private static func decision(_ status: SchoolLevelStatus?, proposed: SupportLevel) -> String {
        guard let status, status.decision != .pending, let decided = status.decidedLevel else {
            let stored = status?.proposedLevel.map { " (the stored run proposed \($0.rawValue))" } ?? " (no stored run)"
            return "pending" + stored
        }
        var text = "\(status.decision.rawValue) \(decided.rawValue) by \(status.decidedBy ?? "?")"
        if let reason = status.reason, !reason.isEmpty { text += ": \(reason)" }
        if decided != proposed { text += " — disagrees with the proposed \(proposed.rawValue)" }
        return text
    }

    private static func findings(_ findings: [Finding]) -> [String] {
        findings.flatMap { finding in
            ["    - \(finding.ruleID): \(finding.text)"] + finding.evidence.map { "        \(evidence($0))" }
        }
    }

    /// `England PTRWM_EXP 2025: 61`.
    private static func evidence(_ evidence: Evidence) -> String {
        let about = [evidence.label, evidence.subject, evidence.academicYear.map(String.init)].compactMap { $0 }
        let value = evidence.value.map { String(format: "%g", $0) } ?? evidence.text ?? ""
        return about.joined(separator: " ") + ": " + value
    }

    private static func milliseconds(_ value: Double) -> String { "\(Int(value.rounded())) ms" }
}
