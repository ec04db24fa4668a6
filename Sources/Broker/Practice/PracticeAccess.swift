/// Who may see and change which practice record (issue 7): everyone authenticated reads published
/// records; an admin manages every record, an adviser those contributed from its LA (edit,
/// publish, archive, see drafts); a head teacher drafts for its own school and a supporter for
/// itself, and may edit those drafts; the author always sees its own.
struct PracticeAccess {
    var status: PracticeStatus
    var urn: Int?
    var supporterID: Int64?
    /// The contributing school's LA (the supporter's home school's); `nil` when unknown.
    var laCode: Int?
    var createdBy: Int64?

    /// Whether `user` may publish, archive and edit the record whatever its status.
    func mayManage(_ user: User) -> Bool {
        switch user.role {
        case .admin: true
        case .adviser: laCode != nil && user.laCode == laCode
        case .headteacher, .supporter, .group: false
        }
    }

    /// Whether `user` contributes it: the contributing school's head teacher or the supporter.
    func isContributor(_ user: User) -> Bool {
        switch user.role {
        case .headteacher: urn != nil && user.urn == urn
        case .supporter: supporterID != nil && user.supporterID == supporterID
        case .admin, .adviser, .group: false
        }
    }

    func maySee(_ user: User) -> Bool {
        status == .published || mayManage(user) || isContributor(user) || createdBy == user.id
    }

    /// Whether `user` may change the content: a manager always, a contributor while it is a draft.
    func mayEdit(_ user: User) -> Bool {
        mayManage(user) || (status == .draft && isContributor(user))
    }

    /// Whether `user` may create a record with this contributor (a draft, by anyone but a manager).
    func mayCreate(_ user: User) -> Bool {
        mayManage(user) || isContributor(user)
    }

    /// The moves open to `user` from the current status (only managers move records).
    func allowedMoves(for user: User) -> [PracticeStatus] {
        mayManage(user) ? status.allowedNext : []
    }
}
