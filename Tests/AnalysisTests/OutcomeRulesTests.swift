import Analysis
import Testing

@Suite("Outcome rules: attainment, progress, small cohorts, trend, disadvantaged gap")
struct OutcomeRulesTests {
    let analyser = Fixture.analyser()

    @Test("In line with England: secure, no areas for improvement, no warnings")
    func inLine() {
        let result = analyser.analyse(Fixture.typicalPrimary())
        #expect(result.level == .secure)
        #expect(result.areasForImprovement.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.ruleIDs == ["secure.no-concerns"])
        #expect(result.rulesVersion == AnalysisRules.default.version)
    }

    @Test("Reading significantly below England over three years is an area for improvement")
    func readingBelow() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(offsets: ["PTREAD_EXP": -11])
        let result = analyser.analyse(school)
        let reading = try #require(result.need(.ks2Reading))
        #expect(reading.severity == 3)
        #expect(result.level == .lightTouch)
        #expect(result.ruleIDs.first == "concerns.some")
        let finding = try #require(reading.findings.first)
        #expect(finding.ruleID == "outcomes.ks2-reading")
        #expect(finding.text.contains("11 percentage points below England"))
        #expect(finding.text.contains("not published for 2023, 2024, 2025") == false)
        #expect(finding.evidence.contains { $0.label == "England" && $0.subject == "PTREAD_EXP" && $0.value == 75 })
        #expect(finding.evidence.contains { $0.label == "LA" && $0.value == 77 })
    }

    @Test("A shortfall that is not significant for the cohort is not a concern")
    func notSignificant() {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(cohort: 20, offsets: ["PTREAD_EXP": -8])
        #expect(analyser.analyse(school).areasForImprovement.isEmpty)
    }

    @Test("Small cohorts are pooled over the window, warned about, and never judged on one year")
    func smallCohorts() throws {
        var school = Fixture.typicalPrimary()
        // 8 pupils a year, 25 points below in maths every year: significant only when pooled.
        school.measures = Fixture.ks2(cohort: 8, offsets: ["PTMAT_EXP": -25]) + Fixture.ks2(years: [], cohort: 8)
        let result = analyser.analyse(school)
        #expect(
            result.warnings(.smallCohort).contains {
                $0.subject == "PTMAT_EXP" && $0.academicYear == 2025 && $0.count == 8
            })
        #expect(result.need(.ks2Maths) != nil)

        // One small year alone is too few pupils to judge at all.
        school.measures = Fixture.ks2(years: [2025], cohort: 8, offsets: ["PTMAT_EXP": -40])
        let single = analyser.analyse(school)
        #expect(single.need(.ks2Maths) == nil)
        #expect(single.warnings(.smallCohort).contains { $0.subject == "PTMAT_EXP" && $0.academicYear == nil })
    }

    @Test("Without progress scores (2024–2026) attainment carries the judgement and no progress is expected")
    func noProgressYears() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(years: [2024, 2025, 2026], offsets: ["PTWRITTA_EXP": -12])
        let result = Fixture.analyser(year: 2026).analyse(school)
        #expect(!result.warnings.contains { $0.subject.hasSuffix("PROG") })
        let writing = try #require(result.need(.ks2Writing)?.findings.first)
        #expect(writing.text.contains("Progress (WRITPROG) is not published for 2024–2026"))
        #expect(writing.text.contains("attainment and its trend carry the judgement"))
    }

    @Test("Progress significantly below average is a concern where it was published (2023)")
    func progressBelow() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(progress: ["MATPROG": -3.5])
        let result = analyser.analyse(school)
        let maths = try #require(result.need(.ks2Maths))
        #expect(maths.severity == 3)
        #expect(maths.findings[0].text.contains("average progress score -3.5"))
        // Progress in line (its interval, ±1.5, spans zero) is no concern.
        school.measures = Fixture.ks2(progress: ["MATPROG": -1])
        #expect(analyser.analyse(school).need(.ks2Maths) == nil)
    }

    @Test("Suppressed and missing figures are warned about by measure and year")
    func suppressedAndMissing() {
        var school = Fixture.typicalPrimary()
        let absent = [("PTMAT_EXP", 2024), ("MATPROG", 2023)]
        school.measures = Fixture.ks2().filter { row in !absent.contains { $0 == (row.code, row.academicYear) } }
            .map { row in
                var row = row
                if row.code == "PTREAD_EXP", row.academicYear == 2025 {
                    row.value = nil
                    row.suppression = "SUPP"
                }
                return row
            }
        let result = analyser.analyse(school)
        #expect(result.warnings(.suppressed).map(\.subject) == ["PTREAD_EXP"])
        #expect(result.warnings(.suppressed).first?.text == "PTREAD_EXP 2025: suppressed (SUPP)")
        #expect(result.warnings(.missing).contains { $0.subject == "PTMAT_EXP" && $0.academicYear == 2024 })
        #expect(result.warnings(.missing).contains { $0.subject == "MATPROG" && $0.academicYear == 2023 })
    }

    @Test("The disadvantaged gap compares the school's disadvantaged pupils with England's other pupils")
    func disadvantagedGap() throws {
        var school = Fixture.typicalPrimary()
        // 30% against England's other pupils' 67%: a 37-point gap (England's own gap is 22).
        school.measures = Fixture.ks2(cohort: 80, offsets: ["PTRWM_EXP_FSM6CLA1A": -15])
        let result = analyser.analyse(school)
        let gap = try #require(result.need(.disadvantaged))
        #expect(gap.severity == 3)
        #expect(gap.findings[0].text.contains("below England's PTRWM_EXP_NotFSM6CLA1A"))
        #expect(gap.findings[0].evidence.contains { $0.subject == "PTRWM_EXP_NotFSM6CLA1A" && $0.value == 67 })

        // At England's disadvantaged figure the gap (22 points) is no concern of the school's.
        school.measures = Fixture.ks2(cohort: 80)
        #expect(analyser.analyse(school).need(.disadvantaged) == nil)

        // Disadvantaged pupils doing better than other pupils nationally is a strength.
        school.measures = Fixture.ks2(cohort: 160, offsets: ["PTRWM_EXP_FSM6CLA1A": 32])
        #expect(analyser.analyse(school).strength(.disadvantaged) != nil)
    }

    @Test("A sharp fall in the latest year is a concern even when the three-year pool is not")
    func latestYearFall() throws {
        var school = Fixture.typicalPrimary()
        school.measures =
            Fixture.ks2(years: [2023, 2024], offsets: ["PTREAD_EXP": 4])
            + Fixture.ks2(years: [2025], offsets: ["PTREAD_EXP": -14])
        let result = analyser.analyse(school)
        let reading = try #require(result.need(.ks2Reading))
        #expect(reading.severity == 3)
        #expect(reading.findings[0].text.contains("trend -18 since 2023"))
    }

    @Test("Persistently very low headline outcomes make a school intensive")
    func persistentlyVeryLow() {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(cohort: 60, offset: -25)
        let result = analyser.analyse(school)
        #expect(result.level == .intensive)
        #expect(result.ruleIDs.first == "outcomes.persistent-very-low")
        #expect(result.reasons[0].text.contains("very low in 3 years"))
        #expect(result.need(.ks2Reading)?.severity == 5)
    }

    @Test("Strong data for two years and an outstanding inspection make secure plus; one year does not")
    func securePlus() {
        var school = Fixture.typicalPrimary()
        school.inspections = [Fixture.legacy(.outstanding)]
        school.selfEvaluation = SelfEvaluation(academicYear: 2025, judgements: [:])
        school.measures = Fixture.ks2(cohort: 60, offset: 18)
        let result = analyser.analyse(school)
        #expect(result.level == .securePlus)
        #expect(result.ruleIDs == ["secure-plus.strong"])
        #expect(result.strengthCodes.contains(.ks2Reading))
        #expect(result.strength(.ks2Reading).map { $0.strength > 0.5 } == true)

        school.measures = Fixture.ks2(years: [2023, 2024]) + Fixture.ks2(years: [2025], cohort: 60, offset: 18)
        let oneYear = analyser.analyse(school)
        #expect(oneYear.level == .secure)
        #expect(oneYear.reasons[0].text.contains("secure plus would need strong data in 2 years"))
    }

    @Test("A special school's attainment is not compared with England's; its progress is")
    func specialSchool() {
        let school = SchoolEvidence(
            facts: Fixture.facts(ages: 2...19, special: true),
            measures: Fixture.ks2(years: [2023], cohort: 14, offset: -50, progress: ["READPROG": -4]),
            inspections: [Fixture.legacy(.good)])
        let result = Fixture.analyser(year: 2023).analyse(school)
        #expect(result.warnings(.notComparable).map(\.subject).contains("PTRWM_EXP"))
        #expect(!result.warnings.contains { $0.subject == "ATT8SCR" && $0.kind == .smallCohort })
        #expect(result.level < .intensive)
        #expect(result.need(.ks2Reading) != nil)
    }

    @Test("KS4: Progress 8 and Attainment 8 below England are concerns of a secondary school")
    func ks4() throws {
        let school = SchoolEvidence(
            facts: Fixture.facts(ages: 11...16),
            measures: Fixture.ks4(offset: -1.5) + [
                Fixture.progress("P8MEAMAT", 2024, -0.6, halfWidth: 0.2, cohort: 180)
            ],
            inspections: [Fixture.legacy(.good)])
        let result = analyser.analyse(school)
        #expect(result.need(.ks4Maths)?.severity == 3)
        #expect(result.need(.ks4English) != nil)
        #expect(result.need(.ks2Reading) == nil)
    }
}
