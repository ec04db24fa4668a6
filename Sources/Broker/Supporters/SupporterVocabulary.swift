/// What kind of supporter a register entry is (DESIGN.md: Secure Plus schools, Teaching School
/// hubs, system leaders).
public enum SupporterKind: String, Codable, CaseIterable, Sendable {
    /// A school supporting others; always has a home school.
    case school
    case teachingSchoolHub = "teaching_school_hub"
    /// An NLE, LLE, SLE or NLG working in their own right.
    case systemLeader = "system_leader"
}

/// Where a supporter is in the register's life cycle; only confirmed supporters are matched.
public enum SupporterStatus: String, Codable, CaseIterable, Sendable {
    case proposed, confirmed, inactive
}

/// A system-leadership designation.
public enum SupporterDesignation: String, Codable, CaseIterable, Sendable {
    /// National leader of education.
    case nle = "NLE"
    /// Local leader of education.
    case lle = "LLE"
    /// Specialist leader of education.
    case sle = "SLE"
    /// National leader of governance.
    case nlg = "NLG"
}
