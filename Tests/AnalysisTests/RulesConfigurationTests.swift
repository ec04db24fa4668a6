import Analysis
import Foundation
import Testing

@Suite("The rules are versioned, documented data")
struct RulesConfigurationTests {
    @Test("The default rules are valid and survive a JSON round trip unchanged")
    func roundTrip() throws {
        try AnalysisRules.default.validate()
        let json = try JSONEncoder().encode(AnalysisRules.default)
        let decoded = try JSONDecoder().decode(AnalysisRules.self, from: json)
        #expect(decoded == AnalysisRules.default)
        let text = try #require(String(data: json, encoding: .utf8))
        #expect(text.contains(#""PTRWM_EXP_NotFSM6CLA1A""#))
        #expect(text.contains(#""leadership-and-governance""#))
    }

    @Test("An administrator's edit changes the outcome without code: thresholds are data")
    func editedThreshold() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(offsets: ["PTREAD_EXP": -11])
        #expect(Fixture.analyser().analyse(school).need(.ks2Reading) != nil)

        let json = try JSONEncoder().encode(AnalysisRules.default)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var indicators = try #require(object["indicators"] as? [[String: Any]])
        let reading = try #require(indicators.firstIndex { $0["id"] as? String == "ks2-reading" })
        var attainment = try #require(indicators[reading]["attainment"] as? [String: Any])
        attainment["concernGap"] = 15
        attainment["seriousGap"] = 20
        indicators[reading]["attainment"] = attainment
        object["indicators"] = indicators
        object["version"] = "2026.1-worcestershire"
        let edited = try JSONDecoder().decode(AnalysisRules.self, from: JSONSerialization.data(withJSONObject: object))

        let result = Fixture.analyser(edited).analyse(school)
        #expect(result.need(.ks2Reading) == nil)
        #expect(result.rulesVersion == "2026.1-worcestershire")
    }

    @Test("Invalid rules are refused with every problem named")
    func validation() {
        var rules = AnalysisRules.default
        rules.recencyWeights = [1, 2]
        rules.indicators[1].attainment?.seriousGap = 1
        rules.inspections.exceptionalStrength = 2
        rules.adviserFlags.newHeadTeacherLevel = .securePlus
        rules.indicators.append(rules.indicators[0])
        #expect {
            try rules.validate()
        } throws: { error in
            guard let error = error as? AnalysisRulesError else { return false }
            return error.problems.count == 6
                && error.problems.contains("recencyWeights needs one weight per year of the window (3)")
                && error.problems.contains(
                    "indicator ks2-reading measure PTREAD_EXP: need 0 ≤ concernGap ≤ seriousGap ≤ veryLowGap")
                && error.problems.contains("exceptionalStrength must be within 0–1, not 2.0")
                && error.problems.contains("adviser flags cannot call for secure_plus")
                && error.problems.contains("indicator ks2-rwm is defined twice")
                && error.problems.contains("indicator ks2-rwm measure PTRWM_EXP is used by more than one indicator")
        }
        #expect(throws: AnalysisRulesError.self) {
            try Analyser(rules: rules, comparators: Comparators(), academicYear: 2025)
        }
    }

    @Test("Results encode to JSON with their text and evidence, and decode equal")
    func resultCoding() throws {
        var school = Fixture.typicalPrimary()
        school.measures = Fixture.ks2(offsets: ["PTREAD_EXP": -11])
        school.flags = [.newHeadTeacher]
        let result = Fixture.analyser().analyse(school)
        let json = try JSONEncoder().encode(result)
        let text = try #require(String(data: json, encoding: .utf8))
        #expect(text.contains(#""ruleID":"outcomes.ks2-reading""#))
        #expect(text.contains(#""level":"light_touch""#))
        #expect(try JSONDecoder().decode(SchoolAnalysis.self, from: json) == result)
    }
}
