/// Which supporters to list; `nil` means any.
public struct SupporterFilter: Sendable, Equatable {
    /// An area for improvement the supporter has as a specialism.
    public var areaCode: String?
    public var phase: String?
    /// The home school's district.
    public var district: String?
    public var status: SupporterStatus?
    public var designation: SupporterDesignation?
    /// Only this supporter (set by scoping a supporter user to its own record).
    public var supporterID: Int64?

    public init(areaCode: String? = nil, phase: String? = nil, district: String? = nil, status: SupporterStatus? = nil,
                designation: SupporterDesignation? = nil) {
        self.areaCode = areaCode
        self.phase = phase
        self.district = district
        self.status = status
        self.designation = designation
    }

    /// This filter narrowed to what `user` may see: a supporter its own record, everyone else the register.
    public func scoped(to user: User) -> SupporterFilter {
        var scoped = self
        if user.role == .supporter { scoped.supporterID = user.supporterID ?? -1 }
        return scoped
    }
}

/// Who may see and change which supporter record: the register is open to every role but a
/// supporter, who sees its own record only; an admin changes any, an adviser those based in its
/// LA (or with no home school); declared conflicts are shown to admins, advisers and the supporter itself.
enum SupporterAccess {
    static func maySee(_ user: User, supporterID: Int64) -> Bool {
        user.role != .supporter || user.supporterID == supporterID
    }

    static func maySeeConflicts(_ user: User, supporterID: Int64) -> Bool {
        user.role == .admin || user.role == .adviser || (user.role == .supporter && user.supporterID == supporterID)
    }

    static func mayManage(_ user: User, homeLACode: Int?) -> Bool {
        switch user.role {
        case .admin: true
        case .adviser: homeLACode == nil || homeLACode == user.laCode
        case .headteacher, .supporter, .group: false
        }
    }
}
