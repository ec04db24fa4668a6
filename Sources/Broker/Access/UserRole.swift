/// What a user is, which decides what the API lets them see and change (issue 6, "Roles and scope").
public enum UserRole: String, Codable, Sendable, CaseIterable {
    /// Runs the service: everything, everywhere.
    case admin
    /// The school improvement team: everything in its local authority.
    case adviser
    /// A head teacher: its own school's data, self-evaluation, self-referrals and partnerships.
    case headteacher
    /// A supporter: its own record and the offers made to it.
    case supporter
    /// A head teacher group: its member schools and partner search.
    case group
}
