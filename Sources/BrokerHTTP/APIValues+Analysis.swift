import Analysis
import Broker
import Foundation

/// Maps analysis runs, levels and support activities to the contract's types.
extension APIValues {
    static func analysisRun(_ run: AnalysisRunRecord) -> Components.Schemas.AnalysisRun {
        .init(
            id: run.id, academicYear: run.academicYear, rulesVersion: run.rulesVersion, startedAt: run.startedAt,
            finishedAt: run.finishedAt, schools: run.schools, areasForImprovement: run.areasForImprovement,
            strengths: run.strengths, needsCreated: run.needs.created, needsUpdated: run.needs.updated,
            needsWithdrawn: run.needs.withdrawn, activitiesPlanned: run.activitiesPlanned,
            timings: .init(loadMs: run.loadMilliseconds, analyseMs: run.analyseMilliseconds, writeMs: run.writeMilliseconds))
    }

    static func analysisRun(_ summary: AnalysisRunSummary) -> Components.Schemas.AnalysisRunResult {
        .init(
            id: summary.runID, academicYear: summary.academicYear, rulesVersion: summary.rulesVersion,
            schools: summary.results.count,
            levelCounts: .init(additionalProperties: Dictionary(
                uniqueKeysWithValues: summary.levelCounts.map { ($0.key.rawValue, $0.value) })),
            changes: summary.changes.count, disagreements: summary.disagreements.count,
            needsCreated: summary.needs.created, needsUpdated: summary.needs.updated,
            needsWithdrawn: summary.needs.withdrawn, activitiesPlanned: summary.plans.activitiesAdded,
            timings: .init(
                loadMs: summary.timings.loadMilliseconds, analyseMs: summary.timings.analyseMilliseconds,
                writeMs: summary.timings.writeMilliseconds))
    }

    static func level(_ level: SupportLevel) -> Components.Schemas.SupportLevel {
        Components.Schemas.SupportLevel(rawValue: level.rawValue)!
    }

    static func schoolLevel(_ status: SchoolLevelStatus, listing: SchoolLevelListing? = nil) -> Components.Schemas.SchoolLevel {
        .init(
            urn: status.urn, name: listing?.name, laCode: listing?.laCode, district: listing?.district,
            academicYear: status.academicYear, proposedLevel: status.proposedLevel.map(level),
            proposedByRun: status.proposedByRun, decidedLevel: status.decidedLevel.map(level),
            effectiveLevel: status.effectiveLevel.map(level),
            status: Components.Schemas.LevelDecisionStatus(rawValue: status.decision.rawValue)!,
            disagreement: status.disagreement, reason: status.reason, decidedBy: status.decidedBy, decidedAt: status.decidedAt)
    }

    static func levelHistory(_ entry: LevelHistoryEntry) -> Components.Schemas.LevelHistoryEntry {
        .init(
            event: .init(rawValue: entry.event.rawValue)!, academicYear: entry.academicYear, level: level(entry.level),
            runId: entry.runID, reason: entry.reason, decidedBy: entry.actor, at: entry.at)
    }

    static func area(_ area: AreaForImprovement) -> Components.Schemas.AreaFinding {
        .init(areaCode: area.area.rawValue, severity: area.severity, findings: area.findings.map(\.text))
    }

    static func strength(_ strength: Strength) -> Components.Schemas.AreaFinding {
        .init(areaCode: strength.area.rawValue, strength: strength.strength, findings: strength.findings.map(\.text))
    }

    static func activity(_ activity: SupportActivity) -> Components.Schemas.Activity {
        .init(
            id: activity.id, urn: activity.urn, academicYear: activity.academicYear, kind: activity.kind,
            term: .init(rawValue: activity.term.rawValue)!, dueDate: activity.dueDate.description,
            status: .init(rawValue: activity.status.rawValue)!, overdue: activity.overdue,
            plannedForLevel: activity.plannedForLevel.map(level), notes: activity.notes,
            outcome: activity.outcome, version: String(activity.version))
    }

    /// An activity's entity tag: its version, quoted.
    static func entityTag(_ activity: SupportActivity) -> String { "\"\(activity.version)\"" }

    /// Reads an ISO 8601 calendar date (`yyyy-mm-dd`) a client sent in `field`.
    /// - Throws: ``ValidationFailed`` naming `field` when it is not a real date.
    static func civilDate(_ text: String, field: String) throws -> CivilDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
            DateComponents(calendar: Calendar(identifier: .gregorian), year: year, month: month, day: day).isValidDate
        else { throw ValidationFailed([FieldError(field, "must be a date, yyyy-mm-dd")]) }
        return CivilDate(year, month, day)
    }
}
