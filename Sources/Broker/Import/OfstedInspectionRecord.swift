import Foundation

/// Which Ofsted management-information layout a file is.
public enum OfstedLayout: String, Hashable, Sendable {
    /// Before November 2025: the latest full inspection carries `Overall effectiveness` and the
    /// other EIF judgements (1–4).
    case legacy
    /// From November 2025: the latest full inspection is a report card graded per evaluation
    /// area, followed by the latest graded inspection under the old framework (OEIF).
    case reportCard = "report-card"
}

/// A judgement under the old framework (EIF): grades 1–4, or no grade.
public enum OfstedLegacyJudgement: Hashable, Sendable {
    /// Grades 1 to 4.
    case outstanding, good, requiresImprovement, inadequate
    /// "Not judged": overall effectiveness is no longer graded after September 2024.
    case notJudged
    /// `9` (or, rarely, `0`): the judgement does not apply (no early years or sixth form).
    case notApplicable

    /// The grade 1–4, when graded.
    public var grade: Int? {
        switch self {
        case .outstanding: 1
        case .good: 2
        case .requiresImprovement: 3
        case .inadequate: 4
        case .notJudged, .notApplicable: nil
        }
    }

    /// Reads `1`–`4`, `9`, `0`, `Not judged` and the grade names.
    public init?(published text: String) {
        switch text.lowercased() {
        case "1", "outstanding": self = .outstanding
        case "2", "good": self = .good
        case "3", "requires improvement": self = .requiresImprovement
        case "4", "inadequate": self = .inadequate
        case "9", "0", "not applicable": self = .notApplicable
        case "not judged": self = .notJudged
        default: return nil
        }
    }
}

/// A report-card grade for one evaluation area (from November 2025).
public enum OfstedReportCardGrade: String, CaseIterable, Hashable, Sendable {
    case exceptional = "Exceptional"
    case strongStandard = "Strong standard"
    case expectedStandard = "Expected standard"
    case needsAttention = "Needs attention"
    case urgentImprovement = "Urgent improvement"
}

/// A report-card evaluation area, with the MI columns that hold its grade and date.
public enum OfstedReportCardArea: String, CaseIterable, Hashable, Sendable {
    case inclusion = "inclusion"
    case curriculumAndTeaching = "curriculum-and-teaching"
    case achievement = "achievement"
    case attendanceAndBehaviour = "attendance-and-behaviour"
    case personalDevelopmentAndWellbeing = "personal-development-and-wellbeing"
    case earlyYears = "early-years"
    case post16 = "post-16"
    case leadershipAndGovernance = "leadership-and-governance"

    /// The column holding the grade, as Ofsted names it.
    public var gradeColumn: String {
        switch self {
        case .inclusion: "Inclusion"
        case .curriculumAndTeaching: "Curriculum and teaching"
        case .achievement: "Achievement"
        case .attendanceAndBehaviour: "Attendance and behaviour"
        case .personalDevelopmentAndWellbeing: "Personal development and wellbeing"
        case .earlyYears: "Early years (where applicable)"
        case .post16: "Post-16 provision (where applicable)"
        case .leadershipAndGovernance: "Leadership and governance"
        }
    }

    /// The column holding the date of the grade.
    public var dateColumn: String {
        switch self {
        case .earlyYears: "Early years - date of grade"
        case .post16: "Post-16 provision - date of grade"
        default: gradeColumn + " - date of grade"
        }
    }
}

/// One area's report-card grade.
public struct OfstedAreaGrade: Hashable, Sendable {
    public var area: OfstedReportCardArea
    public var grade: OfstedReportCardGrade
    public var date: CalendarDay?

    public init(area: OfstedReportCardArea, grade: OfstedReportCardGrade, date: CalendarDay?) {
        self.area = area
        self.grade = grade
        self.date = date
    }
}

/// What identifies an inspection event in the MI.
public struct OfstedInspectionEvent: Hashable, Sendable {
    /// Ofsted's inspection number and type (`S5 Inspection`…).
    public var inspectionNumber: String?
    public var inspectionType: String?
    /// When the inspection started and when its report was published.
    public var startDate: CalendarDay?
    public var publicationDate: CalendarDay?
    /// Whether the inspection was of the current URN (`No` when it was of a predecessor school).
    public var relatesToCurrentURN: Bool?
    /// The URN inspected, when it was a predecessor's.
    public var urnAtInspection: Int?
    /// Category of concern (`Special Measures`, `Serious Weaknesses`), if any.
    public var categoryOfConcern: String?
}

/// A report-card inspection (from November 2025).
public struct OfstedReportCard: Hashable, Sendable {
    /// The inspection.
    public var event: OfstedInspectionEvent
    /// Safeguarding standards: `true` Met, `false` Not met.
    public var safeguardingMet: Bool?
    public var safeguardingDate: CalendarDay?
    /// The graded areas (areas marked "Not applicable" are left out).
    public var grades: [OfstedAreaGrade]
}

/// A graded inspection under the old framework.
public struct OfstedGradedInspection: Hashable, Sendable {
    /// The inspection.
    public var event: OfstedInspectionEvent
    /// Overall effectiveness and the key judgements (`nil` when not published).
    public var overallEffectiveness: OfstedLegacyJudgement?
    public var qualityOfEducation: OfstedLegacyJudgement?
    public var behaviourAndAttitudes: OfstedLegacyJudgement?
    public var personalDevelopment: OfstedLegacyJudgement?
    public var leadershipAndManagement: OfstedLegacyJudgement?
    public var earlyYears: OfstedLegacyJudgement?
    public var sixthForm: OfstedLegacyJudgement?
    /// "Safeguarding is effective?": `true` Yes, `false` No.
    public var safeguardingEffective: Bool?
}

/// An ungraded inspection (e.g. "School remains Good").
public struct OfstedUngradedInspection: Hashable, Sendable {
    /// Inspection number, date, report publication date and outcome text.
    public var inspectionNumber: String?
    public var date: CalendarDay?
    public var publicationDate: CalendarDay?
    public var outcome: String?
}

/// One school's row of Ofsted's "state-funded schools: latest inspections" MI.
public struct OfstedInspectionRecord: Hashable, Sendable {
    /// The school (as it is now) and its context as Ofsted records it.
    public var urn: Int
    public var laestab: Int?
    public var schoolName: String?
    public var ofstedPhase: String?
    public var typeOfEducation: String?
    public var localAuthority: String?
    public var postcode: String?
    public var trustUID: String?
    public var trustName: String?
    public var idaciQuintile: Int?
    public var totalPupils: Int?
    /// The latest report-card inspection (report-card layout only).
    public var reportCard: OfstedReportCard?
    /// The latest graded inspection under the old framework.
    public var graded: OfstedGradedInspection?
    /// The latest ungraded inspection.
    public var ungraded: OfstedUngradedInspection?
}
