import Postgres

/// What a group sees of its member schools in a year: each one's effective support level and
/// areas for improvement, never the private notes behind them (level-decision reasons, activity
/// notes, partnership notes).
public struct GroupOverview: Codable, Sendable, Equatable {
    /// A member school's effective level and the analysis' areas for improvement.
    public struct MemberSchool: Codable, Sendable, Equatable {
        public var urn: Int
        public var name: String
        public var phase: String?
        public var district: String?
        public var since: String
        /// The decided level, else the latest run's proposal; `nil` when the year has neither.
        public var effectiveLevel: String?
        public var areasForImprovement: [Area]
    }

    /// An area for improvement and its severity (1–5), most severe first.
    public struct Area: Codable, Sendable, Equatable {
        public var areaCode: String
        public var severity: Int
    }

    public var group: SchoolGroup
    public var academicYear: Int
    public var schools: [MemberSchool]
}

extension SchoolGroupStore {
    /// The group's member schools with their effective level and areas for improvement of
    /// `academicYear` (the latest run of the year), by URN.
    /// - Throws: ``NotFound``, ``AccessDenied``.
    public static func overview(_ id: Int64, academicYear: Int, for user: User, in pool: PostgresPool) async throws
        -> GroupOverview
    {
        try await pool.withConnection { connection in
            let group = try await read(id, on: connection)
            try checkVisible(group, to: user)
            let rows = try await connection.query(
                """
                WITH run AS (SELECT max(id) AS id FROM analysis_runs WHERE academic_year = \(academicYear))
                SELECT s.urn, s.name, s.phase, s.district, m.since::text AS since,
                       effective_level_of(s.urn, CAST(\(academicYear) AS integer))::text AS level,
                       coalesce((SELECT jsonb_agg(jsonb_build_object('areaCode', a.area_code, 'severity', a.severity) ORDER BY a.position)
                                 FROM analysis_areas a, run WHERE a.run_id = run.id AND a.urn = s.urn), '[]') AS areas
                FROM school_group_members m JOIN schools s ON s.urn = m.urn
                WHERE m.group_id = \(id) ORDER BY s.urn
                """)
            let schools = try rows.map { row in
                GroupOverview.MemberSchool(
                    urn: try row.decode("urn"), name: try row.decode("name"), phase: try row.decode("phase"),
                    district: try row.decode("district"), since: try row.decode("since"), effectiveLevel: try row.decode("level"),
                    areasForImprovement: try row.decode("areas", as: PostgresJSON<[GroupOverview.Area]>.self).value)
            }
            return GroupOverview(group: group, academicYear: academicYear, schools: schools)
        }
    }
}
