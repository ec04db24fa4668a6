/// Which partnerships to list; `nil` means any.
public struct PartnershipFilter: Sendable, Equatable {
    public var status: PartnershipStatus?
    public var supporterID: Int64?
    public var urn: Int?
    public var academicYear: Int?
    /// The supported school's LA (set by scoping an adviser).
    public var laCode: Int?
    /// Leaves out mere proposals (set by scoping a supporter, who sees offers only).
    public var offersOnly = false

    public init(status: PartnershipStatus? = nil, supporterID: Int64? = nil, urn: Int? = nil, academicYear: Int? = nil,
                laCode: Int? = nil) {
        self.status = status
        self.supporterID = supporterID
        self.urn = urn
        self.academicYear = academicYear
        self.laCode = laCode
    }

    /// This filter narrowed to what `user` may see.
    /// - Throws: ``AccessDenied`` when the user asks for partnerships outside its scope, or its role sees none.
    public func scoped(to user: User) throws -> PartnershipFilter {
        var scoped = self
        switch user.role {
        case .admin:
            break
        case .adviser:
            if let laCode, laCode != user.laCode { throw AccessDenied("an adviser sees its own LA's partnerships only") }
            scoped.laCode = user.laCode
        case .headteacher:
            if let urn, urn != user.urn { throw AccessDenied("a head teacher sees its own school's partnerships only") }
            scoped.urn = user.urn
        case .supporter:
            if let supporterID, supporterID != user.supporterID {
                throw AccessDenied("a supporter sees the offers made to it only")
            }
            scoped.supporterID = user.supporterID
            scoped.offersOnly = true
        case .group:
            throw AccessDenied("the group role does not see partnerships")
        }
        return scoped
    }
}
