import Postgres

/// Users: creating them (audited) and finding them.
public enum UserStore {
    /// A user to create; its scope must match its role (an adviser's LA, a head teacher's URN, …).
    public struct NewUser: Codable, Sendable {
        public var name: String
        public var email: String
        public var role: UserRole
        public var laCode: Int?
        public var urn: Int?
        public var supporterID: Int64?
        public var groupID: Int64?
        /// A bcrypt hash, for the web pages to come; API clients use tokens.
        public var passwordHash: String?

        public init(
            name: String, email: String, role: UserRole, laCode: Int? = nil, urn: Int? = nil,
            supporterID: Int64? = nil, groupID: Int64? = nil, passwordHash: String? = nil
        ) {
            self.name = name
            self.email = email
            self.role = role
            self.laCode = laCode
            self.urn = urn
            self.supporterID = supporterID
            self.groupID = groupID
            self.passwordHash = passwordHash
        }

        /// Field-level problems with this user, before the database sees it.
        public func validationErrors() -> [FieldError] {
            var errors: [FieldError] = []
            if name.allSatisfy(\.isWhitespace) { errors.append(.init("name", "must not be empty")) }
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: \.isEmpty) || email.contains(" ") {
                errors.append(.init("email", "must be an e-mail address"))
            }
            switch role {
            case .adviser where laCode == nil: errors.append(.init("la", "an adviser needs the LA code of its authority"))
            case .headteacher where urn == nil: errors.append(.init("urn", "a head teacher needs the URN of its school"))
            case .supporter where supporterID == nil: errors.append(.init("supporter", "a supporter needs its supporter id"))
            case .group where groupID == nil: errors.append(.init("group", "a group user needs its group id"))
            default: break
            }
            return errors
        }
    }

    /// Creates a user and records it in the audit log, in one transaction.
    /// - Parameter actor: who creates it; `nil` for an operator at the command line.
    /// - Throws: ``ValidationFailed`` for a bad user or a taken e-mail address.
    public static func create(_ user: NewUser, actor: User? = nil, in pool: PostgresPool) async throws -> User {
        let errors = user.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        do {
            return try await pool.withTransaction { connection in
                let row = try await connection.query(
                    """
                    INSERT INTO users (name, email, role, la_code, urn, supporter_id, group_id, password_hash)
                    VALUES (\(user.name), \(user.email), \(user.role.rawValue)::user_role, \(user.laCode), \(user.urn),
                            \(user.supporterID), \(user.groupID), \(user.passwordHash))
                    RETURNING *
                    """)[0]
                let created = try decodeUser(row)
                try await AuditLog.record(
                    AuditEntry(actor: actor, action: "create", entity: "user", entityID: "\(created.id)", after: created),
                    on: connection)
                return created
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationFailed([FieldError("email", "a user with this e-mail address exists")])
        } catch let error as PostgresError where error.sqlState == "23503" && error.constraint == "users_group_id_fkey" {
            throw ValidationFailed([FieldError("group", "no group has this id")])
        } catch let error as PostgresError where error.sqlState == "23503" {
            throw ValidationFailed([FieldError("urn", "no school has this URN")])
        }
    }

    /// The user with this e-mail address (case-insensitive), if any.
    public static func find(email: String, in pool: PostgresPool) async throws -> User? {
        let rows = try await pool.query("SELECT * FROM users WHERE lower(email) = lower(\(email))")
        return try rows.first.map(decodeUser)
    }

    /// Reads a `users` row.
    static func decodeUser(_ row: PostgresRow) throws -> User {
        let roleText: String = try row.decode("role")
        guard let role = UserRole(rawValue: roleText) else {
            throw PostgresDecodingError(column: "role", type: "UserRole", reason: "unknown role '\(roleText)'")
        }
        return User(
            id: try row.decode("id"), name: try row.decode("name"), email: try row.decode("email"), role: role,
            laCode: try row.decode("la_code"), urn: try row.decode("urn"), supporterID: try row.decode("supporter_id"),
            groupID: try row.decode("group_id"))
    }
}
