import Analysis
import Testing

@Suite("Inspection rules: report cards and legacy grades side by side")
struct InspectionRulesTests {
    let analyser = Fixture.analyser()

    func analyse(_ inspections: [Inspection]) -> SchoolAnalysis {
        var school = Fixture.typicalPrimary()
        school.inspections = inspections
        return analyser.analyse(school)
    }

    @Test("Urgent improvement in a report card is intensive, with its areas at severity 5")
    func urgentImprovement() throws {
        let result = analyse([Fixture.reportCard(except: [.leadershipAndGovernance: .urgentImprovement])])
        #expect(result.level == .intensive)
        #expect(result.ruleIDs.first == "inspection.urgent-improvement")
        #expect(result.reasons[0].text.contains("graded urgent improvement: leadership and governance"))
        #expect(result.need(.leadership)?.severity == 5)
        #expect(result.need(.governance)?.severity == 5)
    }

    @Test("Needs attention is focus")
    func needsAttention() {
        let result = analyse([Fixture.reportCard(except: [.attendanceAndBehaviour: .needsAttention])])
        #expect(result.level == .focus)
        #expect(result.need(.attendanceBehaviour)?.severity == 3)
    }

    @Test("Safeguarding not met, or not effective, is intensive under either framework")
    func safeguarding() {
        for inspection in [Fixture.reportCard(safeguardingMet: false), Fixture.legacy(.good, safeguarding: false)] {
            let result = analyse([inspection])
            #expect(result.level == .intensive)
            #expect(result.ruleIDs.contains("inspection.safeguarding"))
            #expect(result.need(.safeguarding)?.severity == 5)
        }
    }

    @Test("Legacy grades: inadequate is intensive, requires improvement is focus")
    func legacyGrades() {
        #expect(analyse([Fixture.legacy(.inadequate)]).level == .intensive)
        let requiresImprovement = analyse([Fixture.legacy(.requiresImprovement)])
        #expect(requiresImprovement.level == .focus)
        #expect(requiresImprovement.ruleIDs.contains("inspection.requires-improvement"))
        #expect(requiresImprovement.need(.curriculumTeaching)?.severity == 3)
    }

    @Test("Legacy overall 'Not judged' (from September 2024): the key judgements carry it")
    func notJudged() {
        let result = analyse([
            Fixture.legacy(
                nil, CivilDate(2024, 11, 5),
                grades: [.qualityOfEducation: .requiresImprovement, .leadershipAndManagement: .good])
        ])
        #expect(result.level == .focus)
        #expect(result.reasons[0].evidence.contains { $0.label == "overall effectiveness" && $0.text == "Not judged" })
    }

    @Test("A newer report card supersedes an older legacy inspection, and the other way round")
    func latestWins() {
        let oldInadequate = Fixture.legacy(.inadequate, CivilDate(2021, 5, 1))
        #expect(analyse([oldInadequate, Fixture.reportCard(.expectedStandard)]).level == .secure)
        let newInadequate = Fixture.legacy(.inadequate, CivilDate(2025, 6, 1))
        #expect(analyse([Fixture.reportCard(.strongStandard), newInadequate]).level == .intensive)
    }

    @Test("Two inspections on one day are combined, worst grade per heading")
    func sameDay() {
        let day = CivilDate(2025, 2, 3)
        let result = analyse([
            Fixture.reportCard(.strongStandard, day),
            Fixture.reportCard(.strongStandard, day, except: [.inclusion: .needsAttention]),
        ])
        #expect(result.level == .focus)
        #expect(result.need(.sendInclusion) != nil)
    }

    @Test("Strong and exceptional grades are strengths; an out-of-date inspection counts for half")
    func strengths() throws {
        let current = analyse([Fixture.reportCard(.strongStandard, except: [.curriculumAndTeaching: .exceptional])])
        #expect(try #require(current.strength(.curriculumTeaching)).strength == 1)
        #expect(try #require(current.strength(.sendInclusion)).strength == 0.7)

        let old = analyse([Fixture.legacy(.outstanding, CivilDate(2012, 6, 1))])
        #expect(try #require(old.strength(.leadership)).strength == 0.4)
        #expect(old.warnings(.outOfDate).first?.count == 13)
        #expect(old.level == .secure)
    }

    @Test("No inspection on record is a warning, not a concern")
    func noInspection() {
        let result = analyse([])
        #expect(result.level == .secure)
        #expect(result.warnings(.missing).map(\.subject) == ["inspection"])
    }
}
