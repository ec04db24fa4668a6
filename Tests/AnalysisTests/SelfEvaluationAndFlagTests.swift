import Analysis
import Testing

@Suite("Self-evaluation accuracy and advisers' flags")
struct SelfEvaluationAndFlagTests {
    let analyser = Fixture.analyser()

    @Test("Rating an area strong where the data is significantly weak raises 'assessment'")
    func inaccurateSelfEvaluation() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(offsets: ["PTMAT_EXP": -12])
        school.selfEvaluation = SelfEvaluation(academicYear: 2025, judgements: [.ks2Maths: .strongStandard])
        let result = analyser.analyse(school)
        let assessment = try #require(result.need(.assessment))
        #expect(assessment.severity == AnalysisRules.default.selfEvaluation.assessmentSeverity)
        #expect(assessment.findings[0].ruleID == "self-evaluation.accuracy")
        #expect(assessment.findings[0].text.contains("judges ks2-maths strong standard, but the data shows"))
        #expect(result.strength(.ks2Maths) == nil)
        #expect(result.level == .lightTouch)
    }

    @Test("A claimed strength the data does not contradict is a weakly evidenced strength")
    func claimedStrength() throws {
        var school = Fixture.typicalPrimary()
        school.selfEvaluation = SelfEvaluation(academicYear: 2025, judgements: [.phonics: .exceptional])
        let phonics = try #require(analyser.analyse(school).strength(.phonics))
        #expect(phonics.strength == AnalysisRules.default.selfEvaluation.claimStrength)
    }

    @Test("An area the school judges weak is listed but does not raise the level")
    func ownWeakness() throws {
        var school = Fixture.typicalPrimary()
        school.selfEvaluation = SelfEvaluation(academicYear: 2025, judgements: [.attendanceBehaviour: .needsAttention])
        let result = analyser.analyse(school)
        #expect(result.need(.attendanceBehaviour)?.severity == 2)
        #expect(result.level == .secure)
        #expect(result.reasons[0].text.contains("secure plus would need"))
    }

    @Test("A missing or old self-evaluation is warned about")
    func selfEvaluationWarnings() {
        var school = Fixture.typicalPrimary()
        school.selfEvaluation = nil
        #expect(analyser.analyse(school).warnings(.missing).map(\.subject) == ["self-evaluation"])
        school.selfEvaluation = SelfEvaluation(academicYear: 2022, judgements: [:])
        #expect(
            analyser.analyse(school).warnings(.outOfDate).first?.text
                == "self-evaluation 2022: 3 years old, out of date")
    }

    @Test("A new head teacher makes at least light touch")
    func newHead() {
        var school = Fixture.typicalPrimary()
        school.flags = [.newHeadTeacher]
        let result = analyser.analyse(school)
        #expect(result.level == .lightTouch)
        #expect(result.ruleIDs == ["flag.new-head-teacher"])
        #expect(result.areasForImprovement.isEmpty)
    }

    @Test("An adviser's safeguarding concern makes focus and a safeguarding area")
    func safeguardingConcern() {
        var school = Fixture.typicalPrimary()
        school.flags = [.safeguardingConcern]
        let result = analyser.analyse(school)
        #expect(result.level == .focus)
        #expect(result.need(.safeguarding)?.severity == 4)
    }

    @Test("A leadership concern is a concern in 'leadership'")
    func leadershipConcern() {
        var school = Fixture.typicalPrimary()
        school.flags = [.leadershipConcern]
        let result = analyser.analyse(school)
        #expect(result.level == .lightTouch)
        #expect(result.need(.leadership)?.severity == 3)
    }
}
