import Analysis
import Matching
import Postgres

/// A need the matcher cannot place: its school has no coordinates.
struct UnlocatedNeed: Hashable, Sendable {
    var id: Int
    var urn: Int
    var area: String
    var severity: Int
}

/// Everything a match run reads from the database, as the pure matcher takes it. Needs,
/// schools and supporters keep their database ids (`Need.id`, `School.id` = URN,
/// `Supporter.id`), in id order, so the same database gives the same arrays.
struct MatchInputs: Sendable {
    var academicYear: Int
    var needs: [Matching.Need]
    var schools: [School]
    var supporters: [Matching.Supporter]
    var conflicts: Set<ConflictOfInterest>
    /// Needs at schools without coordinates (left out of the matching, reported unmatched).
    var unlocatedNeeds: [UnlocatedNeed]
    /// Confirmed supporters with spare capacity but no location (neither their own nor their home school's).
    var supportersWithoutLocation: Int
    /// The effective support level of the year (`school_levels_in`) of every school read (the
    /// needs' schools and the supporters' home schools) that has one.
    var schoolLevels: [Int: SupportLevel]
    /// Specialisms withdrawn because the home school is itself being supported in that area
    /// (a need of the year already in a partnership); the open ones are caught by the matcher.
    var specialismsWithdrawn: Int
    /// Stable mode only: head teachers' ranked supporter ids per need id, and supporters'
    /// ranked need ids per supporter id.
    var needPreferences: [Int: [Int]]
    var supporterPriorities: [Int: [Int]]
}

/// Loads a year's match inputs in a few set-based queries.
struct MatchInputLoader {
    var connection: PostgresConnection

    /// Needs open in `academicYear` and not in an accepted or active partnership; confirmed
    /// supporters available during the year (1 September – 31 August) with capacity left after
    /// their accepted and active engagements (of any year: engagements are concurrent); their
    /// specialisms and declared conflicts; and the schools of both, with their effective support
    /// level of the year: a school in `focus` or `intensive` support may not support others.
    func load(academicYear: Int, mode: MatchMode) async throws -> MatchInputs
    {
        let needRows = try await connection.query("""
            SELECT need.id, need.urn, need.area_code, need.severity FROM needs AS need
            WHERE need.academic_year = \(academicYear) AND need.status = 'open'
              AND NOT EXISTS (
                SELECT 1 FROM partnership_needs JOIN partnerships ON partnerships.id = partnership_needs.partnership_id
                WHERE partnership_needs.need_id = need.id AND partnerships.status IN ('accepted', 'active'))
            ORDER BY need.id
            """)
        let supporterRows = try await connection.query("""
            WITH engaged AS (
                SELECT partnerships.supporter_id, count(*) AS used
                FROM partnerships JOIN partnership_needs ON partnership_needs.partnership_id = partnerships.id
                WHERE partnerships.status IN ('accepted', 'active') GROUP BY partnerships.supporter_id)
            SELECT supporter.id, supporter.home_urn, supporter.phases,
                   supporter.capacity - coalesce(engaged.used, 0) AS remaining,
                   coalesce(supporter.latitude, home.latitude) AS latitude,
                   coalesce(supporter.longitude, home.longitude) AS longitude
            FROM supporters AS supporter
            LEFT JOIN engaged ON engaged.supporter_id = supporter.id
            LEFT JOIN school_coordinates AS home ON supporter.latitude IS NULL AND home.urn = supporter.home_urn
            WHERE supporter.status = 'confirmed'
              AND (supporter.available_from IS NULL OR supporter.available_from <= make_date(CAST(\(academicYear) AS integer), 8, 31))
              AND (supporter.available_to IS NULL OR supporter.available_to >= make_date(CAST(\(academicYear - 1) AS integer), 9, 1))
              AND supporter.capacity - coalesce(engaged.used, 0) > 0
            ORDER BY supporter.id
            """)
        var supporterIDs: [Int] = []
        var homeURNs: Set<Int> = []
        var located: [(id: Int, home: Int?, phases: Set<Phase>, capacity: Int, location: Location)] = []
        var supportersWithoutLocation = 0
        for row in supporterRows {
            let id = try row.decode("id", as: Int.self)
            guard let latitude = try row.decode("latitude", as: Double?.self),
                let longitude = try row.decode("longitude", as: Double?.self)
            else {
                supportersWithoutLocation += 1
                continue
            }
            let home = try row.decode("home_urn", as: Int?.self)
            supporterIDs.append(id)
            if let home { homeURNs.insert(home) }
            located.append((
                id, home, Set(try row.decode("phases", as: [String].self).compactMap(Phase.init(rawValue:))),
                try row.decode("remaining", as: Int.self),
                SchoolProfile.location(latitude: latitude, longitude: longitude)))
        }

        var needURNs: Set<Int> = []
        for row in needRows { needURNs.insert(try row.decode("urn", as: Int.self)) }
        let schoolRows = try await connection.query("""
            WITH level AS (SELECT urn, effective_level FROM school_levels_in(CAST(\(academicYear) AS integer)))
            SELECT CAST(level.effective_level AS text) AS level, school.urn, school.phase, school.statutory_low_age, school.statutory_high_age,
                   school.trust_reference, CAST(school.fsm_percent AS double precision) AS fsm_percent,
                   school.pupils, school.urban_rural, coalesce(school.district, school.la_name, '') AS district,
                   place.latitude, place.longitude
            FROM schools AS school LEFT JOIN school_coordinates AS place ON place.urn = school.urn
            LEFT JOIN level ON level.urn = school.urn
            WHERE school.urn = ANY (\(Array(needURNs.union(homeURNs)).sorted()))
            ORDER BY school.urn
            """)
        var trustIndex: [String: Int] = [:]
        for row in schoolRows {
            if let trust = try row.decode("trust_reference", as: String?.self) { trustIndex[trust] = 0 }
        }
        for (index, trust) in trustIndex.keys.sorted().enumerated() { trustIndex[trust] = index }

        var schools: [School] = []
        var schoolIndex: [Int: Int] = [:]
        var unlocatedSchools: Set<Int> = []
        var homeContext: [Int: (context: SchoolContext, trust: Int?, district: String)] = [:]
        var schoolLevels: [Int: SupportLevel] = [:]
        for row in schoolRows {
            let urn = try row.decode("urn", as: Int.self)
            let level = try row.decode("level", as: String?.self).flatMap(SupportLevel.init(rawValue:))
            if let level { schoolLevels[urn] = level }
            let context = SchoolProfile.context(
                fsmPercent: try row.decode("fsm_percent", as: Double?.self), pupils: try row.decode("pupils", as: Int?.self),
                urbanRural: try row.decode("urban_rural", as: String?.self))
            let trust = try row.decode("trust_reference", as: String?.self).flatMap { trustIndex[$0] }
            let district = try row.decode("district", as: String.self)
            homeContext[urn] = (context, trust, district)
            guard let latitude = try row.decode("latitude", as: Double?.self),
                let longitude = try row.decode("longitude", as: Double?.self)
            else {
                unlocatedSchools.insert(urn)
                continue
            }
            schoolIndex[urn] = schools.count
            schools.append(School(
                id: urn,
                phase: SchoolProfile.phase(
                    gias: try row.decode("phase", as: String?.self), lowAge: try row.decode("statutory_low_age", as: Int?.self),
                    highAge: try row.decode("statutory_high_age", as: Int?.self)),
                location: SchoolProfile.location(latitude: latitude, longitude: longitude), trust: trust,
                context: context, isInIntensiveSupport: level.map { $0 >= .focus } ?? false, district: district))
        }

        var needs: [Matching.Need] = []
        var unlocatedNeeds: [UnlocatedNeed] = []
        for row in needRows {
            let (id, urn) = (try row.decode("id", as: Int.self), try row.decode("urn", as: Int.self))
            let (area, severity) = (try row.decode("area_code", as: String.self), try row.decode("severity", as: Int.self))
            if let school = schoolIndex[urn] {
                needs.append(Matching.Need(id: id, school: school, area: Area(area), severity: severity))
            } else {
                unlocatedNeeds.append(UnlocatedNeed(id: id, urn: urn, area: area, severity: severity))
            }
        }

        let (specialisms, withdrawn) = try await loadSpecialisms(
            supporterIDs: supporterIDs, homes: located.map(\.home), academicYear: academicYear, openNeeds: needs,
            schools: schools)
        var supporters: [Matching.Supporter] = []
        var supporterIndex: [Int: Int] = [:]
        for (position, entry) in located.enumerated() {
            let home = entry.home.flatMap { homeContext[$0] }
            supporterIndex[entry.id] = supporters.count
            supporters.append(Matching.Supporter(
                id: entry.id, homeSchool: entry.home.flatMap { schoolIndex[$0] }, trust: home?.trust,
                location: entry.location, phases: entry.phases, capacity: entry.capacity,
                context: home?.context ?? SchoolProfile.typicalContext, specialisms: specialisms[position],
                district: home?.district ?? "(no home school)"))
        }

        var conflicts: Set<ConflictOfInterest> = []
        for row in try await connection.query("""
            SELECT supporter_id, urn FROM supporter_conflicts WHERE supporter_id = ANY (\(supporterIDs))
            """)
        {
            if let supporter = supporterIndex[try row.decode("supporter_id", as: Int.self)],
                let school = schoolIndex[try row.decode("urn", as: Int.self)]
            {
                conflicts.insert(ConflictOfInterest(school: school, supporter: supporter))
            }
        }

        var inputs = MatchInputs(
            academicYear: academicYear, needs: needs, schools: schools, supporters: supporters, conflicts: conflicts,
            unlocatedNeeds: unlocatedNeeds, supportersWithoutLocation: supportersWithoutLocation, schoolLevels: schoolLevels,
            specialismsWithdrawn: withdrawn, needPreferences: [:], supporterPriorities: [:])
        if mode == .stable { try await loadPreferences(into: &inputs) }
        return inputs
    }

    /// Each located supporter's specialisms (positive strength, by area), without the areas its
    /// home school is being supported in this year through a partnership (its open needs there
    /// are among `openNeeds`, where the matcher itself rules the supporter out).
    private func loadSpecialisms(
        supporterIDs: [Int], homes: [Int?], academicYear: Int, openNeeds: [Matching.Need], schools: [School]
    ) async throws -> ([[Specialism]], Int) {
        let rows = try await connection.query("""
            SELECT supporter_id, area_code, strength, evidence FROM supporter_specialisms
            WHERE supporter_id = ANY (\(supporterIDs)) AND strength > 0
            ORDER BY supporter_id, area_code
            """)
        let homeURNs = Array(Set(homes.compactMap { $0 })).sorted()
        var supportedAreas: Set<String> = []
        for row in try await connection.query("""
            SELECT DISTINCT need.urn, need.area_code FROM needs AS need
            WHERE need.academic_year = \(academicYear) AND need.status <> 'withdrawn' AND need.urn = ANY (\(homeURNs))
            """)
        {
            supportedAreas.insert("\(try row.decode("urn", as: Int.self)) \(try row.decode("area_code", as: String.self))")
        }
        for need in openNeeds { supportedAreas.remove("\(schools[need.school].id) \(need.area.rawValue)") }
        let position = Dictionary(uniqueKeysWithValues: supporterIDs.enumerated().map { ($1, $0) })
        var specialisms = [[Specialism]](repeating: [], count: supporterIDs.count)
        var withdrawn = 0
        for row in rows {
            guard let index = position[try row.decode("supporter_id", as: Int.self)] else { continue }
            let area = try row.decode("area_code", as: String.self)
            if let home = homes[index], supportedAreas.contains("\(home) \(area)") {
                withdrawn += 1
                continue
            }
            specialisms[index].append(Specialism(
                area: Area(area), strength: try row.decode("strength", as: Double.self),
                evidence: try row.decode("evidence", as: String.self)))
        }
        return (specialisms, withdrawn)
    }

    /// Head teachers' rankings for this year's needs and supporters' priorities, in rank order.
    private func loadPreferences(into inputs: inout MatchInputs) async throws {
        inputs.needPreferences = try await rankings("""
            SELECT preference.need_id AS owner, preference.supporter_id AS ranked FROM need_preferences AS preference
            JOIN needs ON needs.id = preference.need_id WHERE needs.academic_year = \(inputs.academicYear)
            ORDER BY preference.need_id, preference.rank
            """)
        inputs.supporterPriorities = try await rankings("""
            SELECT priority.supporter_id AS owner, priority.need_id AS ranked FROM supporter_priorities AS priority
            JOIN needs ON needs.id = priority.need_id WHERE needs.academic_year = \(inputs.academicYear)
            ORDER BY priority.supporter_id, priority.rank
            """)
    }

    /// Ranked ids per owner id, from rows `(owner, ranked)` in rank order.
    private func rankings(_ query: PostgresQuery) async throws -> [Int: [Int]] {
        var lists: [Int: [Int]] = [:]
        for row in try await connection.query(query) {
            lists[try row.decode("owner", as: Int.self), default: []].append(try row.decode("ranked", as: Int.self))
        }
        return lists
    }
}
