import Postgres

/// Needs: listing them within a user's scope, and raising one (a head teacher's self-referral or
/// an adviser's), audited.
public enum NeedStore {
    /// Which needs to list; `nil` means any.
    public struct Filter: Sendable {
        public var academicYear: Int?
        public var areaCode: String?
        public var status: Need.Status?
        public var urn: Int?
        public var laCode: Int?

        public init(academicYear: Int? = nil, areaCode: String? = nil, status: Need.Status? = nil, urn: Int? = nil,
                    laCode: Int? = nil) {
            self.academicYear = academicYear
            self.areaCode = areaCode
            self.status = status
            self.urn = urn
            self.laCode = laCode
        }

        /// This filter narrowed to what `user` may see.
        /// - Throws: ``AccessDenied`` when the user asks for needs outside its scope, or its role sees none.
        public func scoped(to user: User) throws -> Filter {
            let scope = try PrivateDataScope(user, laCode: laCode, urn: urn, subject: "needs")
            var scoped = self
            (scoped.laCode, scoped.urn) = (scope.laCode, scope.urn)
            return scoped
        }
    }

    /// A need to raise.
    public struct NewNeed: Codable, Sendable, Equatable {
        public var urn: Int
        public var areaCode: String
        public var academicYear: Int
        public var severity: Int
        public var rationale: String

        public init(urn: Int, areaCode: String, academicYear: Int, severity: Int, rationale: String = "") {
            self.urn = urn
            self.areaCode = areaCode
            self.academicYear = academicYear
            self.severity = severity
            self.rationale = rationale
        }

        /// Field-level problems the database would otherwise report one at a time.
        public func validationErrors() -> [FieldError] {
            var errors: [FieldError] = []
            if !(1...5).contains(severity) { errors.append(FieldError("severity", "must be between 1 and 5")) }
            if !(2000...2100).contains(academicYear) {
                errors.append(FieldError("academicYear", "must be the year the academic year ends, 2000 to 2100"))
            }
            if rationale.count > 4000 { errors.append(FieldError("rationale", "must be at most 4000 characters")) }
            return errors
        }
    }

    /// One page of needs matching `filter`, newest first by id.
    public static func list(_ filter: Filter, limit: Int, after cursor: Int64? = nil, in pool: PostgresPool)
        async throws -> Page<Need>
    {
        var conditions = SQLConditions()
        if let year = filter.academicYear { conditions.require("n.academic_year = \(conditions.parameter(year))") }
        if let area = filter.areaCode { conditions.require("n.area_code = \(conditions.parameter(area))") }
        if let status = filter.status { conditions.require("n.status::text = \(conditions.parameter(status.rawValue))") }
        if let urn = filter.urn { conditions.require("n.urn = \(conditions.parameter(urn))") }
        if let laCode = filter.laCode {
            conditions.require("n.urn IN (SELECT urn FROM schools WHERE la_code = \(conditions.parameter(laCode)))")
        }
        if let cursor { conditions.require("n.id < \(conditions.parameter(cursor))") }
        let whereClause = conditions.whereClause
        let limitParameter = conditions.parameter(limit + 1)
        let rows = try await pool.query(conditions.query(
            "SELECT \(needColumns) FROM needs n \(whereClause) ORDER BY n.id DESC LIMIT \(limitParameter)"))
        let needs = try rows.prefix(limit).map(decodeNeed)
        let next = rows.count > limit ? needs.last.map { PageCursor($0.id).token } : nil
        return Page(items: needs, nextCursor: next)
    }

    /// Raises a need for a school on behalf of `user`, recorded in the audit log in the same
    /// transaction. A head teacher's is a self-referral; an adviser's or admin's is an adviser need.
    /// - Throws: ``ValidationFailed`` (bad fields, unknown area or school), ``AccessDenied`` (school
    ///   outside the user's scope), ``Conflict`` (the school already has this need this year).
    public static func raise(_ need: NewNeed, by user: User, on connection: PostgresConnection) async throws -> Need {
        var errors = need.validationErrors()
        let school = try await connection.query("SELECT la_code FROM schools WHERE urn = \(need.urn)").first
        if school == nil { errors.append(FieldError("urn", "no school has this URN")) }
        let area = try await connection.query("SELECT 1 FROM areas WHERE code = \(need.areaCode)")
        if area.isEmpty { errors.append(FieldError("areaCode", "is not an area for improvement")) }
        guard errors.isEmpty, let school else { throw ValidationFailed(errors) }
        guard user.mayRaiseNeed(forSchool: need.urn, laCode: try school.decode("la_code")) else {
            throw AccessDenied("this user may not raise needs for school \(need.urn)")
        }
        let rows = try await connection.query(
            """
            INSERT INTO needs (urn, area_code, academic_year, severity, source, rationale)
            VALUES (\(need.urn), \(need.areaCode), \(need.academicYear), \(need.severity),
                    \(user.needSource.rawValue)::need_source, \(need.rationale))
            ON CONFLICT (urn, area_code, academic_year, source) DO NOTHING
            RETURNING id
            """)
        guard let id: Int64 = try rows.first?.decode("id") else {
            throw Conflict("school \(need.urn) already has a \(user.needSource.rawValue) need in \(need.areaCode) for \(need.academicYear)")
        }
        let created = try decodeNeed(
            try await connection.query(PostgresQuery(sql: "SELECT \(needColumns) FROM needs n WHERE id = $1", binds: [id.postgresBind]))[0])
        try await AuditLog.record(
            AuditEntry(actor: user, action: "create", entity: "need", entityID: "\(id)", after: created), on: connection)
        return created
    }

    static let needColumns = """
        n.id, n.urn, n.area_code, n.academic_year, n.severity, n.source::text AS source, n.status::text AS status, \
        n.rationale, n.created_at, n.updated_at
        """

    static func decodeNeed(_ row: PostgresRow) throws -> Need {
        let source: String = try row.decode("source")
        let status: String = try row.decode("status")
        guard let needSource = Need.Source(rawValue: source), let needStatus = Need.Status(rawValue: status) else {
            throw PostgresDecodingError(column: "source", type: "Need", reason: "unknown source or status")
        }
        return Need(
            id: try row.decode("id"), urn: try row.decode("urn"), areaCode: try row.decode("area_code"),
            academicYear: try row.decode("academic_year"), severity: try row.decode("severity"), source: needSource,
            status: needStatus, rationale: try row.decode("rationale"), createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at"))
    }
}
