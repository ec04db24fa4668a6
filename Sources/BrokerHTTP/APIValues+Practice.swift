import Analysis
import Broker

/// Maps effective-practice records and self-evaluations to the contract's types, and back.
extension APIValues {
    static func practice(_ record: PracticeRecord) -> Components.Schemas.PracticeRecord {
        .init(
            id: record.id, title: record.title, summary: record.summary, body: record.body, bodyHTML: record.bodyHTML,
            areas: record.areas, phase: record.phase, urn: record.urn, supporterId: record.supporterID,
            contributorName: record.contributorName, district: record.district, partnershipId: record.partnershipID,
            impact: record.impact.map { measure in
                .init(measure: measure.measure, beforeYear: measure.beforeYear, afterYear: measure.afterYear,
                      before: measure.before, after: measure.after, change: measure.change)
            },
            consentDate: record.consentDate, reviewDate: record.reviewDate,
            subjectConsentDate: record.subjectConsentDate, impactWithheld: record.impactWithheld, status: status(record.status),
            publishedAt: record.publishedAt, createdBy: record.createdBy, updatedBy: record.updatedBy,
            createdAt: record.createdAt, updatedAt: record.updatedAt, version: record.version)
    }

    static func practiceHit(_ hit: PracticeSearchHit) -> Components.Schemas.PracticeSearchHit {
        .init(
            id: hit.id, title: hit.title, summary: hit.summary, areas: hit.areas, phase: hit.phase, urn: hit.urn,
            supporterId: hit.supporterID, district: hit.district, status: status(hit.status), publishedAt: hit.publishedAt,
            rank: hit.rank, snippetHTML: hit.snippetHTML)
    }

    static func invitation(_ invitation: PracticeInvitation) -> Components.Schemas.PracticeInvitation {
        .init(
            partnershipId: invitation.partnershipID, urn: invitation.urn, schoolName: invitation.schoolName,
            supporterId: invitation.supporterID, supporterName: invitation.supporterName,
            academicYear: invitation.academicYear, areas: invitation.areas, impactNote: invitation.impactNote,
            completedAt: invitation.completedAt)
    }

    static func status(_ status: PracticeStatus) -> Components.Schemas.PracticeStatus {
        Components.Schemas.PracticeStatus(rawValue: status.rawValue) ?? .draft
    }

    static func practiceContent(_ content: Components.Schemas.PracticeContent) -> PracticeContent {
        PracticeContent(
            title: content.title, summary: content.summary, body: content.body, areas: content.areas,
            phase: content.phase.rawValue,
            impact: (content.impact ?? []).map { .init(measure: $0.measure, beforeYear: $0.beforeYear, afterYear: $0.afterYear) },
            consentDate: content.consentDate, reviewDate: content.reviewDate, subjectConsentDate: content.subjectConsentDate)
    }

    static func selfEvaluation(_ evaluation: SchoolSelfEvaluation) -> Components.Schemas.SelfEvaluation {
        .init(
            id: evaluation.id, urn: evaluation.urn, academicYear: evaluation.academicYear, version: evaluation.version,
            judgements: evaluation.judgements.map { .init(areaCode: $0.areaCode, grade: grade($0.grade), narrative: $0.narrative) },
            overallNarrative: evaluation.overallNarrative, selfReferralAreas: evaluation.selfReferralAreas,
            submittedBy: evaluation.submittedBy, submittedAt: evaluation.submittedAt)
    }

    static func selfEvaluation(_ comparison: SelfEvaluationComparison) -> Components.Schemas.SelfEvaluationComparison {
        .init(
            selfEvaluation: selfEvaluation(comparison.selfEvaluation),
            history: comparison.history.map { .init(version: $0.version, submittedBy: $0.submittedBy, submittedAt: $0.submittedAt) },
            analysisRunId: comparison.analysisRunID,
            areas: comparison.areas.map { area in
                .init(
                    areaCode: area.areaCode, grade: area.grade.map(grade), narrative: area.narrative,
                    improvementSeverity: area.improvementSeverity, strength: area.strength, discrepancy: area.discrepancy,
                    discrepancyReason: area.discrepancyReason)
            })
    }

    static func grade(_ grade: ReportCardGrade) -> Components.Schemas.ReportCardGrade {
        Components.Schemas.ReportCardGrade(rawValue: grade.rawValue) ?? .expectedStandard
    }
}
