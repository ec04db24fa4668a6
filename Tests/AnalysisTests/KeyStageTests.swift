import Analysis
import Testing

@Suite("Key stages come from statutory ages, not the phase name")
struct KeyStageTests {
    @Test(
        "Which schools sit KS2 and KS4",
        arguments: [
            (4...11, true, false),  // primary
            (4...9, false, false),  // first school
            (7...11, true, false),  // junior
            (9...13, true, false),  // middle school
            (11...16, false, true),  // secondary
            (13...18, false, true),  // high school
            (2...19, true, true),  // all-age special school
        ])
    func keyStages(ages: ClosedRange<Int>, ks2: Bool, ks4: Bool) {
        #expect(
            KeyStage.applies(endAge: 11, statutoryLowAge: ages.lowerBound, statutoryHighAge: ages.upperBound) == ks2)
        #expect(
            KeyStage.applies(endAge: 16, statutoryLowAge: ages.lowerBound, statutoryHighAge: ages.upperBound) == ks4)
    }

    @Test("A first school is judged without KS2: no outcome findings and no missing-data warnings")
    func firstSchool() {
        let school = SchoolEvidence(
            facts: Fixture.facts(ages: 4...9), measures: Fixture.ks2(offset: -30),
            inspections: [Fixture.legacy(.good)], selfEvaluation: SelfEvaluation(academicYear: 2025, judgements: [:]))
        let result = Fixture.analyser().analyse(school)
        #expect(result.level == .secure)
        #expect(result.areasForImprovement.isEmpty)
        #expect(result.warnings.isEmpty)
    }

    @Test("A middle school (9–13) is judged on KS2 even though GIAS calls it secondary")
    func middleSchool() {
        var facts = Fixture.facts(ages: 9...13)
        facts.phase = "Middle deemed secondary"
        let school = SchoolEvidence(
            facts: facts, measures: Fixture.ks2(offset: -15), inspections: [Fixture.legacy(.good)])
        let result = Fixture.analyser().analyse(school)
        #expect(result.areaCodes.contains(.ks2Reading))
    }

    @Test("A first school with an outstanding inspection can be secure plus without published outcomes")
    func firstSchoolSecurePlus() {
        let school = SchoolEvidence(
            facts: Fixture.facts(ages: 4...9), inspections: [Fixture.legacy(.outstanding)],
            selfEvaluation: SelfEvaluation(academicYear: 2025, judgements: [:]))
        #expect(Fixture.analyser().analyse(school).level == .securePlus)

        var rules = AnalysisRules.default
        rules.levels.securePlusWithoutPublishedOutcomes = false
        #expect(Fixture.analyser(rules).analyse(school).level == .secure)
    }
}
