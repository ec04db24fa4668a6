/// A school phase. A supporter serves a set of phases; a school has one.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case primary
    case secondary
    case allThrough = "all_through"

    /// Whether a supporter serving `phases` can work with a school of this phase:
    /// a primary (secondary) school needs a supporter serving primary (secondary) or all-through;
    /// an all-through school accepts a supporter of any phase.
    public func isServed(by phases: Set<Phase>) -> Bool {
        switch self {
        case .allThrough: return !phases.isEmpty
        case .primary, .secondary: return phases.contains(self) || phases.contains(.allThrough)
        }
    }
}

/// A point on the national grid, in kilometres (easting, northing).
public struct Location: Sendable, Hashable {
    public var eastingKm: Double
    public var northingKm: Double

    public init(eastingKm: Double, northingKm: Double) {
        self.eastingKm = eastingKm
        self.northingKm = northingKm
    }

    /// Straight-line distance in km: plain IEEE `sqrt(dx*dx + dy*dy)` (not `hypot`), as the
    /// reference harness computes it.
    public func distanceKm(to other: Location) -> Double {
        let dx = eastingKm - other.eastingKm
        let dy = northingKm - other.northingKm
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// The context two schools are compared on: disadvantage, size and setting.
public struct SchoolContext: Sendable, Hashable {
    /// Share of pupils eligible for free school meals, 0…1.
    public var freeSchoolMealsShare: Double
    /// Number on roll (at least 1).
    public var pupils: Int
    public var isUrban: Bool

    public init(freeSchoolMealsShare: Double, pupils: Int, isUrban: Bool) {
        self.freeSchoolMealsShare = freeSchoolMealsShare
        self.pupils = pupils
        self.isUrban = isUrban
    }
}

/// A school as the matcher sees it.
public struct School: Sendable, Hashable {
    /// The caller's identifier (reported back, never interpreted).
    public var id: Int
    public var phase: Phase
    public var location: Location
    /// Multi-academy trust, `nil` when the school is in none.
    public var trust: Int?
    public var context: SchoolContext
    /// The school is itself in `focus` or `intensive` support (so it cannot support others).
    public var isInIntensiveSupport: Bool
    /// Local-authority district, used to roll capacity prices up.
    public var district: String

    public init(
        id: Int, phase: Phase, location: Location, trust: Int?, context: SchoolContext,
        isInIntensiveSupport: Bool, district: String
    ) {
        self.id = id
        self.phase = phase
        self.location = location
        self.trust = trust
        self.context = context
        self.isInIntensiveSupport = isInIntensiveSupport
        self.district = district
    }
}
