/// A head teacher group: a representative group, a district cluster or an alliance of schools,
/// managed by the advisers of one LA.
public struct SchoolGroup: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case representativeGroup = "representative_group"
        case districtCluster = "district_cluster"
        case alliance
    }

    /// A member school and the day it joined.
    public struct Member: Codable, Sendable, Equatable {
        public var urn: Int
        public var name: String
        /// ISO 8601 date.
        public var since: String
    }

    public var id: Int64
    public var name: String
    public var kind: Kind
    public var laCode: Int
    public var version: Int
    /// By URN.
    public var members: [Member]

    /// The version as an entity tag, for ETag and If-Match.
    public var entityTag: String { "g\(id)-v\(version)" }
}

/// A group to create.
public struct NewSchoolGroup: Codable, Sendable {
    public var name: String
    public var kind: SchoolGroup.Kind
    public var laCode: Int
    /// Member URNs, joining today.
    public var members: [Int]

    public init(name: String, kind: SchoolGroup.Kind, laCode: Int, members: [Int] = []) {
        self.name = name
        self.kind = kind
        self.laCode = laCode
        self.members = members
    }

    func validationErrors() -> [FieldError] {
        var errors = SchoolGroup.nameErrors(name)
        if !(1...999).contains(laCode) { errors.append(FieldError("laCode", "must be an LA code between 1 and 999")) }
        if Set(members).count != members.count { errors.append(FieldError("members", "lists a school twice")) }
        return errors
    }
}

/// Changes to a group's name or kind (membership has its own operations).
public struct SchoolGroupChanges: Codable, Sendable {
    public var name: String?
    public var kind: SchoolGroup.Kind?

    public init(name: String? = nil, kind: SchoolGroup.Kind? = nil) {
        self.name = name
        self.kind = kind
    }

    func validationErrors() -> [FieldError] {
        var errors = name.map(SchoolGroup.nameErrors) ?? []
        if name == nil, kind == nil { errors.append(FieldError("body", "must change at least one field")) }
        return errors
    }
}

extension SchoolGroup {
    static let nameLimit = 200

    static func nameErrors(_ name: String) -> [FieldError] {
        if name.allSatisfy(\.isWhitespace) { return [FieldError("name", "must not be empty")] }
        if name.count > nameLimit { return [FieldError("name", "must be at most \(nameLimit) characters")] }
        // PostgreSQL text cannot hold NUL.
        if name.unicodeScalars.contains("\u{0}") { return [FieldError("name", "must not contain NUL characters")] }
        return []
    }
}
