import Analysis
import Testing

@Suite("How concerns become a level")
struct LevelRulesTests {
    let analyser = Fixture.analyser()

    @Test("One or two concerns are light touch; three are focus")
    func concernCounts() {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(offsets: ["PTREAD_EXP": -11, "PTMAT_EXP": -11])
        let two = analyser.analyse(school)
        #expect(two.level == .lightTouch)
        #expect(two.reasons[0].text == "2 concerns: ks2-reading, ks2-maths.")

        school.measures = Fixture.ks2(offsets: ["PTREAD_EXP": -11, "PTMAT_EXP": -11, "PTWRITTA_EXP": -11])
        let three = analyser.analyse(school)
        #expect(three.level == .focus)
        #expect(three.ruleIDs.contains("concerns.several"))
        #expect(three.reasons.contains { $0.ruleID == "concerns.some" } == false)
    }

    @Test("One severe concern is focus")
    func severeConcern() {
        var school = Fixture.typicalPrimary()
        school.measures =
            Fixture.ks2(years: [2023, 2024], cohort: 90, offsets: ["PTWRITTA_EXP": -18])
            + Fixture.ks2(years: [2025], cohort: 90, offsets: ["PTWRITTA_EXP": -30])
        let result = analyser.analyse(school)
        #expect(result.need(.ks2Writing)?.severity == 4)
        #expect(result.level == .focus)
        #expect(result.ruleIDs.first == "concerns.severe")
    }

    @Test("Reasons list the deciding ones first, then the others")
    func reasonOrder() {
        var school = Fixture.typicalPrimary()
        school.flags = [.newHeadTeacher]
        school.inspections = [Fixture.legacy(.requiresImprovement)]
        let result = analyser.analyse(school)
        #expect(result.level == .focus)
        #expect(result.reasons.map(\.level) == result.reasons.map(\.level).sorted(by: >))
        #expect(result.reasons.last?.ruleID == "flag.new-head-teacher")
    }
}
