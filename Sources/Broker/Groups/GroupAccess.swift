/// Who may manage and see head teacher groups.
extension User {
    /// Whether the user may create and change groups of LA `laCode` and their membership: an
    /// admin any, an adviser its own LA's.
    public func mayManageGroups(ofLA laCode: Int) -> Bool {
        role == .admin || (role == .adviser && self.laCode == laCode)
    }

    /// Whether the user may see a group (its members' levels and areas for improvement): those
    /// who manage it, the group's own account, and head teachers of its member schools.
    public func maySeeGroup(_ id: Int64, laCode: Int, memberURNs: some Sequence<Int>) -> Bool {
        switch role {
        case .admin, .adviser: mayManageGroups(ofLA: laCode)
        case .group: groupID == id
        case .headteacher: urn.map { memberURNs.contains($0) } ?? false
        case .supporter: false
        }
    }
}
