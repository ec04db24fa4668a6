/// A person (or service account) who may call the API, with the scope its role is limited to.
public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var email: String
    public var role: UserRole
    /// An adviser's local authority.
    public var laCode: Int?
    /// A head teacher's school.
    public var urn: Int?
    /// A supporter's record (its table arrives with the matching migration).
    public var supporterID: Int64?
    /// A head teacher group's record (its table arrives with a later migration).
    public var groupID: Int64?

    public init(
        id: Int64, name: String, email: String, role: UserRole, laCode: Int? = nil, urn: Int? = nil,
        supporterID: Int64? = nil, groupID: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.laCode = laCode
        self.urn = urn
        self.supporterID = supporterID
        self.groupID = groupID
    }

    /// Whether the user may see a school's private data (needs, levels, self-evaluation): an admin
    /// any school's, an adviser its LA's, a head teacher its own school's.
    public func maySeePrivateData(ofSchool urn: Int, laCode: Int) -> Bool {
        switch role {
        case .admin: true
        case .adviser: self.laCode == laCode
        case .headteacher: self.urn == urn
        case .supporter, .group: false
        }
    }

    /// Whether the user may add a need for a school: a head teacher for its own school (a
    /// self-referral), an adviser within its LA, an admin anywhere.
    public func mayRaiseNeed(forSchool urn: Int, laCode: Int) -> Bool {
        maySeePrivateData(ofSchool: urn, laCode: laCode)
    }

    /// The source a need raised by this user records.
    public var needSource: Need.Source {
        role == .headteacher ? .selfReferral : .adviser
    }
}
