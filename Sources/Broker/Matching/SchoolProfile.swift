import Matching

/// How a school's GIAS record becomes what the matcher compares: its phase, its context and
/// its place on the National Grid.
enum SchoolProfile {
    /// The context assumed for what GIAS leaves blank (roughly England's typical school: a
    /// quarter of pupils eligible for free school meals, 250 on roll, urban), and the context of
    /// a supporter without a home school (a hub or system leader works with many).
    static let typicalContext = SchoolContext(freeSchoolMealsShare: 0.25, pupils: 250, isUrban: true)

    /// The matcher's phase, from the statutory age range when known (DESIGN.md: ages, not phase
    /// names, decide which key stages apply): a school with pupils of primary age (10 or under)
    /// and of secondary age (12 or over) — middle, all-through, most special schools — is
    /// all-through. Without ages, the GIAS phase name decides; without either, all-through
    /// (any supporter serves it).
    static func phase(gias: String?, lowAge: Int?, highAge: Int?) -> Phase {
        if let lowAge, let highAge {
            let primaryAges = lowAge <= 10, secondaryAges = highAge >= 12
            switch (primaryAges, secondaryAges) {
            case (true, true): return .allThrough
            case (true, false): return .primary
            default: return .secondary
            }
        }
        switch gias?.lowercased() {
        case "primary", "middle deemed primary", "nursery": return .primary
        case "secondary", "middle deemed secondary", "16 plus": return .secondary
        default: return .allThrough
        }
    }

    /// Context from GIAS: free-school-meals percentage, pupils on roll and the urban/rural
    /// classification text (`(England/Wales) Urban city and town`, `… Rural village`, …: urban
    /// unless it says rural). Missing values take the typical context's.
    static func context(fsmPercent: Double?, pupils: Int?, urbanRural: String?) -> SchoolContext {
        SchoolContext(
            freeSchoolMealsShare: fsmPercent.map { min(1, max(0, $0 / 100)) } ?? typicalContext.freeSchoolMealsShare,
            pupils: pupils.map { max(1, $0) } ?? typicalContext.pupils,
            isUrban: urbanRural.map { !$0.lowercased().contains("rural") } ?? typicalContext.isUrban)
    }

    /// A WGS84 position as the matcher's National Grid location, in kilometres.
    static func location(latitude: Double, longitude: Double) -> Location {
        let grid = NationalGrid.gridReference(GeoCoordinate(latitude: latitude, longitude: longitude))
        return Location(eastingKm: grid.easting / 1000, northingKm: grid.northing / 1000)
    }
}
