/// An Ofsted inspection under either framework. Both are read: the latest inspection by date is
/// the current one, whichever framework it used.
public enum Inspection: Hashable, Sendable {
    /// The education inspection framework before November 2025 (grades 1–4).
    case legacy(LegacyInspection)
    /// The renewed framework's report card (from November 2025).
    case reportCard(ReportCardInspection)

    /// The inspection's start date.
    public var date: CivilDate {
        switch self {
        case .legacy(let inspection): inspection.date
        case .reportCard(let inspection): inspection.date
        }
    }
}

/// A graded inspection under the old framework.
public struct LegacyInspection: Hashable, Sendable {
    public var date: CivilDate
    /// Overall effectiveness; `nil` is "Not judged" (no overall grade is given from September 2024).
    public var overall: LegacyGrade?
    /// Key judgements; a heading that is absent was not judged.
    public var grades: [LegacyHeading: LegacyGrade]
    /// "Safeguarding is effective?"; `nil` when not recorded.
    public var safeguardingEffective: Bool?

    public init(
        date: CivilDate, overall: LegacyGrade?, grades: [LegacyHeading: LegacyGrade] = [:],
        safeguardingEffective: Bool? = nil
    ) {
        self.date = date
        self.overall = overall
        self.grades = grades
        self.safeguardingEffective = safeguardingEffective
    }
}

/// A legacy grade, 1 (best) to 4.
public enum LegacyGrade: Int, CaseIterable, Hashable, Comparable, Sendable, Codable {
    case outstanding = 1
    case good = 2
    case requiresImprovement = 3
    case inadequate = 4

    /// Ofsted's wording.
    public var title: String {
        switch self {
        case .outstanding: "Outstanding"
        case .good: "Good"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        }
    }

    /// Better grades are smaller, as published: `outstanding < inadequate`.
    public static func < (lhs: LegacyGrade, rhs: LegacyGrade) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A key judgement heading of the old framework.
public enum LegacyHeading: String, CaseIterable, Hashable, Comparable, Sendable, Codable,
    CodingKeyRepresentable
{
    case qualityOfEducation = "quality-of-education"
    case behaviourAndAttitudes = "behaviour-and-attitudes"
    case personalDevelopment = "personal-development"
    case leadershipAndManagement = "leadership-and-management"
    case earlyYears = "early-years"
    case sixthForm = "sixth-form"

    /// The heading in words, as in a report.
    public var title: String {
        switch self {
        case .qualityOfEducation: "quality of education"
        case .behaviourAndAttitudes: "behaviour and attitudes"
        case .personalDevelopment: "personal development"
        case .leadershipAndManagement: "leadership and management"
        case .earlyYears: "early years provision"
        case .sixthForm: "sixth form provision"
        }
    }

    /// In the order Ofsted lists them.
    public static func < (lhs: LegacyHeading, rhs: LegacyHeading) -> Bool { lhs.position < rhs.position }

    private var position: Int {
        switch self {
        case .qualityOfEducation: 0
        case .behaviourAndAttitudes: 1
        case .personalDevelopment: 2
        case .leadershipAndManagement: 3
        case .earlyYears: 4
        case .sixthForm: 5
        }
    }
}

/// A report-card inspection under the renewed framework.
public struct ReportCardInspection: Hashable, Sendable {
    public var date: CivilDate
    /// Grade per evaluation area; an area that is absent was not applicable.
    public var grades: [ReportCardArea: ReportCardGrade]
    public var safeguardingMet: Bool

    public init(date: CivilDate, grades: [ReportCardArea: ReportCardGrade], safeguardingMet: Bool) {
        self.date = date
        self.grades = grades
        self.safeguardingMet = safeguardingMet
    }
}

/// A report-card evaluation area.
public enum ReportCardArea: String, CaseIterable, Hashable, Comparable, Sendable, Codable,
    CodingKeyRepresentable
{
    case inclusion
    case curriculumAndTeaching = "curriculum-and-teaching"
    case achievement
    case attendanceAndBehaviour = "attendance-and-behaviour"
    case personalDevelopmentAndWellbeing = "personal-development-and-wellbeing"
    case earlyYears = "early-years"
    case post16 = "post-16"
    case leadershipAndGovernance = "leadership-and-governance"

    /// The evaluation area in words, as in a report card.
    public var title: String {
        switch self {
        case .inclusion: "inclusion"
        case .curriculumAndTeaching: "curriculum and teaching"
        case .achievement: "achievement"
        case .attendanceAndBehaviour: "attendance and behaviour"
        case .personalDevelopmentAndWellbeing: "personal development and well-being"
        case .earlyYears: "early years"
        case .post16: "post-16 provision"
        case .leadershipAndGovernance: "leadership and governance"
        }
    }

    /// In the order a report card lists them.
    public static func < (lhs: ReportCardArea, rhs: ReportCardArea) -> Bool { lhs.position < rhs.position }

    private var position: Int {
        switch self {
        case .inclusion: 0
        case .curriculumAndTeaching: 1
        case .achievement: 2
        case .attendanceAndBehaviour: 3
        case .personalDevelopmentAndWellbeing: 4
        case .earlyYears: 5
        case .post16: 6
        case .leadershipAndGovernance: 7
        }
    }
}

/// The report-card scale, also used by self-evaluations. Ordered from worst to best:
/// `urgentImprovement < … < exceptional`.
public enum ReportCardGrade: String, CaseIterable, Hashable, Comparable, Sendable, Codable {
    case urgentImprovement = "urgent-improvement"
    case needsAttention = "needs-attention"
    case expectedStandard = "expected-standard"
    case strongStandard = "strong-standard"
    case exceptional

    /// Ofsted's wording.
    public var title: String {
        switch self {
        case .urgentImprovement: "Urgent improvement"
        case .needsAttention: "Needs attention"
        case .expectedStandard: "Expected standard"
        case .strongStandard: "Strong standard"
        case .exceptional: "Exceptional"
        }
    }

    /// 0 for urgent improvement up to 4 for exceptional.
    public var rank: Int {
        switch self {
        case .urgentImprovement: 0
        case .needsAttention: 1
        case .expectedStandard: 2
        case .strongStandard: 3
        case .exceptional: 4
        }
    }

    public static func < (lhs: ReportCardGrade, rhs: ReportCardGrade) -> Bool { lhs.rank < rhs.rank }
}
