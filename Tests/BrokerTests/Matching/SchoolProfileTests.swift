@testable import Broker
import Matching
import Testing

@Suite("School profile for matching")
struct SchoolProfileTests {
    @Test("the statutory age range decides the phase; the GIAS phase name only without ages")
    func phases() {
        #expect(SchoolProfile.phase(gias: "Primary", lowAge: 4, highAge: 9) == .primary)   // first school
        #expect(SchoolProfile.phase(gias: "Middle deemed secondary", lowAge: 9, highAge: 13) == .allThrough)
        #expect(SchoolProfile.phase(gias: "Secondary", lowAge: 13, highAge: 18) == .secondary)   // high school
        #expect(SchoolProfile.phase(gias: "Not applicable", lowAge: 3, highAge: 19) == .allThrough)   // special
        #expect(SchoolProfile.phase(gias: "Secondary", lowAge: nil, highAge: nil) == .secondary)
        #expect(SchoolProfile.phase(gias: "Middle deemed primary", lowAge: nil, highAge: 12) == .primary)
        #expect(SchoolProfile.phase(gias: nil, lowAge: nil, highAge: nil) == .allThrough)
    }

    @Test("context from GIAS: FSM percent as a share, urban unless the classification says rural")
    func context() {
        let rural = SchoolProfile.context(fsmPercent: 31.5, pupils: 0, urbanRural: "(England/Wales) Rural village")
        #expect(rural == SchoolContext(freeSchoolMealsShare: 0.315, pupils: 1, isUrban: false))
        let urban = SchoolProfile.context(fsmPercent: nil, pupils: 420, urbanRural: "(England/Wales) Urban city and town")
        #expect(urban == SchoolContext(freeSchoolMealsShare: SchoolProfile.typicalContext.freeSchoolMealsShare,
                                       pupils: 420, isUrban: true))
    }

    @Test("locations are National Grid kilometres")
    func location() {
        let location = SchoolProfile.location(latitude: 51.477795, longitude: -0.001402)
        #expect(abs(location.eastingKm - 538.890) < 0.001 && abs(location.northingKm - 177.320) < 0.001)
    }
}
