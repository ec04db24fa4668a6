/// Who may see and move which partnership (issue 6, "Roles and scope"): an admin any; an adviser
/// those of schools in its LA; a head teacher its own school's, which it may withdraw; a
/// supporter the offers made to it (not mere proposals), which it may accept or decline; a group none.
struct PartnershipAccess {
    var supporterID: Int64
    var urn: Int
    /// The supported school's LA.
    var laCode: Int
    var status: PartnershipStatus

    func maySee(_ user: User) -> Bool {
        switch user.role {
        case .admin: true
        case .adviser: user.laCode == laCode
        case .headteacher: user.urn == urn
        case .supporter: user.supporterID == supporterID && status != .proposed
        case .group: false
        }
    }

    /// Whether `user` may make the move to `status` (legal or not).
    func mayMove(_ user: User, to target: PartnershipStatus) -> Bool {
        switch user.role {
        case .admin: true
        case .adviser: user.laCode == laCode
        case .headteacher: user.urn == urn && target == .withdrawn
        case .supporter: user.supporterID == supporterID && (target == .accepted || target == .declined)
        case .group: false
        }
    }

    /// Whether `user` may change the agreed terms or propose partnerships for this school.
    func mayManage(_ user: User) -> Bool {
        user.role == .admin || (user.role == .adviser && user.laCode == laCode)
    }

    /// The moves open to `user` from the current status.
    func allowedMoves(for user: User) -> [PartnershipStatus] {
        status.allowedNext.filter { mayMove(user, to: $0) }
    }
}
