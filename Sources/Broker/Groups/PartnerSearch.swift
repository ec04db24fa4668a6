import Foundation
import Matching
import Postgres

/// A search for supporters who could help one school in one area.
public struct PartnerSearchRequest: Sendable, Equatable {
    public var urn: Int
    public var areaCode: String
    /// The year whose levels (a focus or intensive home school cannot support) and needs count.
    public var academicYear: Int
    public var maxDistanceKm: Double
    public var limit: Int

    public static let defaultDistanceKm = 40.0
    public static let distanceLimitKm = 300.0
    public static let defaultLimit = 10
    public static let maximumLimit = 50

    public init(urn: Int, areaCode: String, academicYear: Int, maxDistanceKm: Double? = nil, limit: Int? = nil) {
        self.urn = urn
        self.areaCode = areaCode
        self.academicYear = academicYear
        self.maxDistanceKm = maxDistanceKm ?? Self.defaultDistanceKm
        self.limit = limit ?? Self.defaultLimit
    }

    func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if !(maxDistanceKm > 0 && maxDistanceKm <= Self.distanceLimitKm) {
            errors.append(FieldError("maxKm", "must be more than 0 and at most \(Int(Self.distanceLimitKm))"))
        }
        if !(1...Self.maximumLimit).contains(limit) { errors.append(FieldError("limit", "must be between 1 and \(Self.maximumLimit)")) }
        if !(2000...2100).contains(academicYear) { errors.append(FieldError("year", "must be between 2000 and 2100")) }
        // The areas' own code pattern (0001_areas.sql), checked before the code reaches SQL (text cannot hold NUL).
        if areaCode.isEmpty || !areaCode.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            errors.append(FieldError("area", "is not an area for improvement"))
        }
        return errors
    }
}

/// A supporter partner search found, scored by the matcher's quality model.
public struct PartnerCandidate: Codable, Sendable, Equatable {
    public var supporterID: Int
    public var name: String
    public var kind: String
    public var homeURN: Int?
    public var homeSchoolName: String?
    public var capacity: Int
    /// Capacity less the accepted and active engagements.
    public var freeCapacity: Int
    public var evidence: String
    /// Every factor of `strength × severity × decay × context`.
    public var score: MatchScore
    /// The score's parts in plain words.
    public var explanation: [String]
}

/// The outcome of a partner search: the best candidates first, and how many specialists within
/// the distance were ruled out, by reason.
public struct PartnerSearchResult: Codable, Sendable, Equatable {
    public var urn: Int
    public var areaCode: String
    public var academicYear: Int
    /// The severity the quality was scored with: the school's need in the area, else 3.
    public var severity: Int
    public var maxDistanceKm: Double
    public var candidates: [PartnerCandidate]
    /// Reason (`no_free_capacity`, `own_school`, `same_trust`, `conflict_of_interest`,
    /// `supporter_needs_support`, `phase_mismatch`, `negligible_quality`, `beyond_top_k`) → count.
    /// Anyone but an admin or the school's LA adviser gets `not_disclosed` in place of
    /// `conflict_of_interest`.
    public var excluded: [String: Int]
}

/// Partner search (issue 7): confirmed supporters available in the year with evidence in an area,
/// within a distance of a school, ranked and explained by the matcher's own candidate generation
/// (`Matching.CandidateGenerator`: same hard constraints, same score). Three short queries: the
/// group's membership of the school, the school, then the supporters whose location lies in a box
/// around it (GiST indexes on the supporters' and schools' points) with evidence in the area,
/// scored in Swift.
public enum PartnerSearch {
    /// The severity scored when the school has no need in the area.
    static let defaultSeverity = 3

    /// Searches for partners for a member school of group `groupID`.
    /// - Throws: ``NotFound`` (group), ``AccessDenied`` (the caller may not see the group, or the school
    ///   is not a member and the caller not an admin, its LA's adviser or its head teacher),
    ///   ``ValidationFailed`` (bad limits, unknown school or area, a school without coordinates).
    public static func search(_ request: PartnerSearchRequest, inGroup groupID: Int64, for user: User, in pool: PostgresPool)
        async throws -> PartnerSearchResult
    {
        let errors = request.validationErrors()
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        return try await pool.withConnection { connection in
            let group = try await SchoolGroupStore.membership(groupID, of: [request.urn] + [user.urn].compactMap { $0 }, on: connection)
            let target = try await loadSchool(request, on: connection)
            let mayAsk = group.members.contains(request.urn)
                ? user.maySeeGroup(groupID, laCode: group.laCode, memberURNs: group.members)
                : user.maySeePrivateData(ofSchool: request.urn, laCode: target.laCode)
            guard mayAsk else { throw AccessDenied("this user may not search partners for school \(request.urn) in group \(groupID)") }
            var result = try await rank(request, target: target, on: connection)
            // Declared conflicts of interest are for the school's improvement team; others see
            // those specialists counted as not disclosed.
            if !user.mayManageSupport(ofSchoolInLA: target.laCode),
                let conflicted = result.excluded.removeValue(forKey: "conflict_of_interest")
            {
                result.excluded["not_disclosed", default: 0] += conflicted
            }
            return result
        }
    }

    /// The school searched for, as the matcher sees it.
    private struct Target {
        var school: School
        var laCode: Int
        var trustReference: String?
        var severity: Int
        var latitude: Double
        var longitude: Double
    }

    private static func loadSchool(_ request: PartnerSearchRequest, on connection: PostgresConnection) async throws -> Target {
        let rows = try await connection.query(
            """
            SELECT school.urn, school.la_code, school.phase, school.statutory_low_age, school.statutory_high_age,
                   school.trust_reference, CAST(school.fsm_percent AS double precision) AS fsm_percent, school.pupils,
                   school.urban_rural, coalesce(school.district, school.la_name, '') AS district, place.latitude, place.longitude,
                   EXISTS (SELECT 1 FROM areas WHERE code = \(request.areaCode)) AS area_known,
                   (SELECT max(severity) FROM needs WHERE urn = school.urn AND area_code = \(request.areaCode)
                      AND academic_year = \(request.academicYear) AND status <> 'withdrawn') AS severity
            FROM schools AS school LEFT JOIN school_coordinates AS place ON place.urn = school.urn
            WHERE school.urn = \(request.urn)
            """)
        guard let row = rows.first else { throw ValidationFailed([FieldError("urn", "no school has this URN")]) }
        guard try row.decode("area_known", as: Bool.self) else {
            throw ValidationFailed([FieldError("area", "is not an area for improvement")])
        }
        guard let latitude = try row.decode("latitude", as: Double?.self), let longitude = try row.decode("longitude", as: Double?.self)
        else { throw ValidationFailed([FieldError("urn", "the school has no coordinates to measure distances from")]) }
        let school = School(
            id: request.urn,
            phase: SchoolProfile.phase(
                gias: try row.decode("phase"), lowAge: try row.decode("statutory_low_age"), highAge: try row.decode("statutory_high_age")),
            location: SchoolProfile.location(latitude: latitude, longitude: longitude), trust: nil,
            context: SchoolProfile.context(
                fsmPercent: try row.decode("fsm_percent"), pupils: try row.decode("pupils"), urbanRural: try row.decode("urban_rural")),
            isInIntensiveSupport: false, district: try row.decode("district"))
        return Target(
            school: school, laCode: try row.decode("la_code"), trustReference: try row.decode("trust_reference"),
            severity: try row.decode("severity", as: Int?.self) ?? defaultSeverity, latitude: latitude, longitude: longitude)
    }

    /// A box of latitude and longitude that holds every point within `km` of the school on the
    /// National Grid (grid and ground distances differ by under 0.1% in Great Britain; the box
    /// has 2% and a kilometre to spare), so the exact grid distance is measured only inside it.
    static func boundingBox(latitude: Double, longitude: Double, km: Double) -> (south: Double, west: Double, north: Double, east: Double) {
        let latitudeSpan = (km * 1.02 + 1) / 111.0
        let widest = min(89, abs(latitude) + latitudeSpan) * Double.pi / 180
        let longitudeSpan = latitudeSpan / cos(widest)
        return (latitude - latitudeSpan, longitude - longitudeSpan, latitude + latitudeSpan, longitude + longitudeSpan)
    }

    private static func rank(_ request: PartnerSearchRequest, target: Target, on connection: PostgresConnection) async throws
        -> PartnerSearchResult
    {
        let box = boundingBox(latitude: target.latitude, longitude: target.longitude, km: request.maxDistanceKm)
        let rows = try await connection.query(
            """
            WITH located AS (
                SELECT sup.id, sup.latitude, sup.longitude FROM supporters AS sup
                WHERE sup.latitude IS NOT NULL
                  AND point(sup.longitude, sup.latitude) <@ box(point(\(box.west), \(box.south)), point(\(box.east), \(box.north)))
                UNION ALL
                SELECT sup.id, place.latitude, place.longitude
                FROM school_coordinates AS place JOIN supporters AS sup ON sup.home_urn = place.urn
                WHERE sup.latitude IS NULL
                  AND point(place.longitude, place.latitude) <@ box(point(\(box.west), \(box.south)), point(\(box.east), \(box.north))))
            SELECT sup.id, sup.name, sup.kind::text AS kind, sup.home_urn, home.name AS home_name, sup.phases, sup.capacity,
                   sup.capacity - used.engagements AS free, spec.strength, spec.evidence, located.latitude, located.longitude,
                   home.trust_reference, CAST(home.fsm_percent AS double precision) AS fsm_percent, home.pupils, home.urban_rural,
                   coalesce(home.district, home.la_name, '') AS district,
                   coalesce(effective_level_of(sup.home_urn, CAST(\(request.academicYear) AS integer)) >= 'focus', false) AS home_in_support,
                   EXISTS (SELECT 1 FROM needs n WHERE n.urn = sup.home_urn AND n.area_code = spec.area_code
                             AND n.academic_year = \(request.academicYear) AND n.status <> 'withdrawn' LIMIT 1) AS home_needs_area,
                   EXISTS (SELECT 1 FROM supporter_conflicts c WHERE c.supporter_id = sup.id AND c.urn = \(request.urn)) AS conflicted
            FROM located
            JOIN supporters AS sup ON sup.id = located.id
            JOIN supporter_specialisms AS spec
                ON spec.supporter_id = sup.id AND spec.area_code = \(request.areaCode) AND spec.strength > 0
            LEFT JOIN schools AS home ON home.urn = sup.home_urn
            CROSS JOIN LATERAL (
                SELECT count(*)::int AS engagements FROM partnerships p JOIN partnership_needs pn ON pn.partnership_id = p.id
                WHERE p.supporter_id = sup.id AND p.status IN ('accepted', 'active')) AS used
            WHERE sup.status = 'confirmed'
              AND (sup.available_from IS NULL OR sup.available_from <= make_date(CAST(\(request.academicYear) AS integer), 8, 31))
              AND (sup.available_to IS NULL OR sup.available_to >= make_date(CAST(\(request.academicYear - 1) AS integer), 9, 1))
            ORDER BY sup.id
            """)
        var schools = [target.school]
        var supporters: [Matching.Supporter] = []
        var details: [(name: String, kind: String, home: Int?, homeName: String?, capacity: Int, free: Int, evidence: String)] = []
        var conflicts: Set<ConflictOfInterest> = []
        var excluded: [String: Int] = [:]
        var trusts: [String: Int] = [:]
        func trustIndex(_ reference: String?) -> Int? {
            guard let reference else { return nil }
            if let index = trusts[reference] { return index }
            trusts[reference] = trusts.count
            return trusts.count - 1
        }
        schools[0].trust = trustIndex(target.trustReference)
        for row in rows {
            guard let latitude = try row.decode("latitude", as: Double?.self), let longitude = try row.decode("longitude", as: Double?.self)
            else { continue }
            let location = SchoolProfile.location(latitude: latitude, longitude: longitude)
            guard location.distanceKm(to: target.school.location) <= request.maxDistanceKm else { continue }
            let free = try row.decode("free", as: Int.self)
            guard free > 0 else { excluded["no_free_capacity", default: 0] += 1; continue }
            let home = try row.decode("home_urn", as: Int?.self)
            // The matcher rules out a supporter whose home school needs support in the need's area.
            if try row.decode("home_needs_area", as: Bool.self), home != request.urn {
                excluded[ExclusionReason.supporterNeedsSupport.rawValue, default: 0] += 1
                continue
            }
            let context = SchoolProfile.context(
                fsmPercent: try row.decode("fsm_percent"), pupils: try row.decode("pupils"), urbanRural: try row.decode("urban_rural"))
            let trust = trustIndex(try row.decode("trust_reference", as: String?.self))
            var homeIndex: Int?
            if let home {
                homeIndex = home == request.urn ? 0 : schools.count
                if home != request.urn {
                    schools.append(School(
                        id: home, phase: .allThrough, location: location, trust: trust, context: context,
                        isInIntensiveSupport: try row.decode("home_in_support"), district: try row.decode("district")))
                }
            }
            if try row.decode("conflicted", as: Bool.self) { conflicts.insert(ConflictOfInterest(school: 0, supporter: supporters.count)) }
            let strength = try row.decode("strength", as: Double.self)
            supporters.append(Matching.Supporter(
                id: try row.decode("id"), homeSchool: homeIndex, trust: trust, location: location,
                phases: Set(try row.decode("phases", as: [String].self).compactMap(Phase.init(rawValue:))), capacity: free,
                context: home == nil ? SchoolProfile.typicalContext : context,
                specialisms: [Specialism(area: Area(request.areaCode), strength: strength)], district: try row.decode("district")))
            details.append((
                try row.decode("name"), try row.decode("kind"), home, try row.decode("home_name"), try row.decode("capacity"), free,
                try row.decode("evidence")))
        }
        let generated = CandidateGenerator(
            schools: schools, supporters: supporters,
            needs: [Matching.Need(id: 0, school: 0, area: Area(request.areaCode), severity: target.severity)], conflicts: conflicts,
            parameters: MatchParameters(maxDistanceKm: request.maxDistanceKm, topK: request.limit)
        ).generate()
        for (reason, count) in generated.exclusionCounts { excluded[reason.rawValue, default: 0] += count }
        let candidates = generated.candidates(of: 0).map { edge in
            let detail = details[edge.supporter]
            return PartnerCandidate(
                supporterID: supporters[edge.supporter].id, name: detail.name, kind: detail.kind, homeURN: detail.home,
                homeSchoolName: detail.homeName, capacity: detail.capacity, freeCapacity: detail.free, evidence: detail.evidence,
                score: MatchScore(edge.score), explanation: explain(edge.score, areaCode: request.areaCode, free: detail.free))
        }
        return PartnerSearchResult(
            urn: request.urn, areaCode: request.areaCode, academicYear: request.academicYear, severity: target.severity,
            maxDistanceKm: request.maxDistanceKm, candidates: candidates, excluded: excluded)
    }

    /// The parts of a score in plain words, in the formula's order.
    static func explain(_ score: ScoreBreakdown, areaCode: String, free: Int) -> [String] {
        func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
        return [
            "evidence in \(areaCode) of strength \(decimal(score.strength)) (0 none, 1 outstanding)",
            "need severity \(score.severity) of 5",
            "\(String(format: "%.1f", score.distanceKm)) km away: distance factor \(decimal(score.decay))",
            "context similarity \(decimal(score.similarity)) (free school meals, size, setting): context factor \(decimal(score.context))",
            "quality \(String(format: "%.3f", score.quality)) = strength × severity × distance factor × context factor",
            "\(free) engagement\(free == 1 ? "" : "s") free",
        ]
    }
}
