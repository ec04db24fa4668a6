/// Where a user's view of schools' private data (levels, activities, needs' proposals) reaches:
/// an admin everywhere, an adviser its LA, a head teacher its own school.
public struct PrivateDataScope: Sendable, Equatable {
    /// Only schools of this LA, when set.
    public var laCode: Int?
    /// Only this school, when set.
    public var urn: Int?

    /// The scope of `user` narrowing a request for `laCode` and `urn` (either `nil` for any).
    /// - Parameter subject: what is asked for, for the refusal's text ("levels", "activities").
    /// - Throws: ``AccessDenied`` when the request reaches outside the user's scope, or its role
    ///   sees no private data.
    public init(_ user: User, laCode: Int?, urn: Int?, subject: String) throws {
        (self.laCode, self.urn) = (laCode, urn)
        switch user.role {
        case .admin:
            break
        case .adviser:
            if let laCode, laCode != user.laCode { throw AccessDenied("an adviser sees the \(subject) of its own LA only") }
            self.laCode = user.laCode
        case .headteacher:
            if let urn, urn != user.urn { throw AccessDenied("a head teacher sees its own school's \(subject) only") }
            self.urn = user.urn
        case .supporter, .group:
            throw AccessDenied("the \(user.role.rawValue) role does not see schools' \(subject)")
        }
    }

    /// Adds this scope's conditions on the school `urnColumn` (an SQL column written in code).
    func restrict(_ conditions: inout SQLConditions, urnColumn: String) {
        if let urn { conditions.require("\(urnColumn) = \(conditions.parameter(urn))") }
        if let laCode {
            conditions.require("\(urnColumn) IN (SELECT urn FROM schools WHERE la_code = \(conditions.parameter(laCode)))")
        }
    }
}

extension User {
    /// Whether the user may change a school's support (decide its level, plan and record its
    /// activities): an admin anywhere, an adviser within its LA.
    public func mayManageSupport(ofSchoolInLA laCode: Int) -> Bool {
        role == .admin || (role == .adviser && self.laCode == laCode)
    }

    /// Whether the user may start and read county-wide runs (analysis and match): admins and advisers.
    public var mayRunAnalysisAndMatching: Bool { role == .admin || role == .adviser }
}
