/// Evidence that a supporter can help in an area.
public struct Specialism: Sendable, Hashable {
    public var area: Area
    /// Strength of the evidence, 0…1 (0 means no specialism).
    public var strength: Double
    /// The evidence itself, for people (not used in scoring).
    public var evidence: String

    public init(area: Area, strength: Double, evidence: String = "") {
        self.area = area
        self.strength = strength
        self.evidence = evidence
    }
}

/// A school, system leader, hub or trust team that can take on engagements.
public struct Supporter: Sendable, Hashable {
    /// The caller's identifier (reported back, never interpreted).
    public var id: Int
    /// Index in `schools` of the supporter's own school; `nil` for a team without one.
    public var homeSchool: Int?
    public var trust: Int?
    public var location: Location
    public var phases: Set<Phase>
    /// Concurrent engagements it can take.
    public var capacity: Int
    /// Context used for similarity (its own school's, or the team's typical one).
    public var context: SchoolContext
    public var specialisms: [Specialism]
    public var district: String

    public init(
        id: Int, homeSchool: Int?, trust: Int?, location: Location, phases: Set<Phase>,
        capacity: Int, context: SchoolContext, specialisms: [Specialism], district: String
    ) {
        self.id = id
        self.homeSchool = homeSchool
        self.trust = trust
        self.location = location
        self.phases = phases
        self.capacity = capacity
        self.context = context
        self.specialisms = specialisms
        self.district = district
    }

    /// Evidence strength in `area`, 0 when it has no such specialism.
    public func strength(in area: Area) -> Double {
        specialisms.first { $0.area == area }?.strength ?? 0
    }
}

/// A declared conflict of interest: this supporter must not be matched with this school.
public struct ConflictOfInterest: Sendable, Hashable {
    /// Index in `schools`.
    public var school: Int
    /// Index in `supporters`.
    public var supporter: Int

    public init(school: Int, supporter: Int) {
        self.school = school
        self.supporter = supporter
    }
}
