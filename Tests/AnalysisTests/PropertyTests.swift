import Analysis
import PropertyBased
import Testing

@Suite("Properties of the analysis over random schools")
struct PropertyTests {
    let analyser = Fixture.analyser()
    let seeds = Gen.int(in: 0...Int(Int32.max))

    @Test("Worse evidence never yields a better level, all else equal")
    func worseNeverBetter() async {
        await propertyCheck(count: 400, input: seeds) { seed in
            var random = RandomSchool(seed: seed)
            var school = random.school()
            for _ in 0..<3 {
                let worse = random.worsened(school)
                let before = analyser.analyse(school).level
                let after = analyser.analyse(worse).level
                #expect(after >= before, "seed \(seed): \(before.rawValue) became \(after.rawValue)")
                school = worse
            }
        }
    }

    @Test("Adding a strength never removes one")
    func strengthsAccumulate() async {
        await propertyCheck(count: 400, input: seeds) { seed in
            var random = RandomSchool(seed: seed)
            let school = random.school()
            let before = analyser.analyse(school)
            let dataConcerns = Set(
                before.areasForImprovement.filter { $0.findings.contains { $0.ruleID.hasPrefix("outcomes.") } }.map(
                    \.area))
            let after = analyser.analyse(random.improved(school, dataConcerns: dataConcerns))
            for strength in before.strengths {
                let kept = after.strength(strength.area)
                #expect(kept != nil, "seed \(seed): lost the strength in \(strength.area)")
                #expect((kept?.strength ?? 0) >= strength.strength - 1e-12, "seed \(seed): \(strength.area) weakened")
            }
        }
    }

    @Test("The result does not depend on the order of the input")
    func orderIndependent() async {
        await propertyCheck(count: 200, input: seeds) { seed in
            var random = RandomSchool(seed: seed)
            let school = random.school()
            var shuffled = school
            shuffled.measures.shuffle(using: &random)
            shuffled.inspections.shuffle(using: &random)
            // Rebuild the self-evaluation and flags so that their storage order differs too.
            shuffled.selfEvaluation?.judgements = Dictionary(
                uniqueKeysWithValues: (school.selfEvaluation?.judgements ?? [:]).shuffled(using: &random).map {
                    ($0.key, $0.value)
                })
            shuffled.flags = Set(school.flags.shuffled(using: &random))
            #expect(analyser.analyse(shuffled) == analyser.analyse(school), "seed \(seed)")
        }
    }

    @Test("Every result is well formed: the level is its strongest reason's, severities 1–5, strengths 0–1")
    func wellFormed() async {
        await propertyCheck(count: 300, input: seeds) { seed in
            var random = RandomSchool(seed: seed)
            let result = analyser.analyse(random.school())
            #expect(!result.reasons.isEmpty)
            #expect(result.level == result.reasons[0].level)
            #expect(result.reasons.allSatisfy { $0.level <= result.level && !$0.text.isEmpty })
            #expect(result.areasForImprovement.allSatisfy { (1...5).contains($0.severity) && !$0.findings.isEmpty })
            #expect(result.strengths.allSatisfy { (0...1).contains($0.strength) && !$0.findings.isEmpty })
            #expect(Set(result.areaCodes).isDisjoint(with: result.strengthCodes))
            #expect(result.level != .securePlus || result.areasForImprovement.isEmpty)
        }
    }

    @Test("Analysing many schools at once (on every core) gives each school's own result, in order")
    func batchMatchesSingle() {
        var random = RandomSchool(seed: 7)
        let schools = (0..<300).map { _ in random.school() }
        #expect(analyser.analyse(schools) == schools.map(analyser.analyse))
    }
}
