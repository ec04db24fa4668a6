import Matching
import PropertyBased
import Testing

@Suite("Candidate generation")
struct CandidateGenerationTests {
    @Test("the grid index finds exactly the edges of an all-pairs scan, with exclusions accounted for")
    func gridEqualsAllPairs() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let world = RandomWorld(seed: seed)
            let candidates = world.generator.generate()
            let expected = world.allPairsEdges()
            let kept = expected.mapValues { Array($0.prefix(world.parameters.topK == 0 ? .max : world.parameters.topK)) }
            for need in world.needs.indices {
                let actual = candidates.candidates(of: need).map { [$0.supporter, Int($0.score.weight)] }
                #expect(actual == (kept[need] ?? []).map { [$0.supporter, Int($0.weight)] }, "need \(need) seed \(seed)")
                #expect((candidates.needsWithoutCandidates[need] == nil) == !(kept[need] ?? []).isEmpty)
            }
            let cut = expected.values.reduce(0) { $0 + $1.count } - candidates.edges.count
            #expect(candidates.exclusionCounts[.beyondTopK, default: 0] == cut)
        }
    }

    @Test("each exclusion is attributed to its reason, and needs without candidates say why")
    func reasons() {
        let context = SchoolContext(freeSchoolMealsShare: 0.2, pupils: 300, isUrban: true)
        func school(_ id: Int, x: Double, trust: Int? = nil, phase: Phase = .primary, intensive: Bool = false) -> School {
            School(id: id, phase: phase, location: Location(eastingKm: x, northingKm: 0), trust: trust, context: context,
                   isInIntensiveSupport: intensive, district: "D")
        }
        func supporter(_ id: Int, home: Int?, x: Double, trust: Int? = nil, phases: Set<Phase> = [.primary]) -> Supporter {
            Supporter(id: id, homeSchool: home, trust: trust, location: Location(eastingKm: x, northingKm: 0),
                      phases: phases, capacity: 1, context: context,
                      specialisms: [Specialism(area: Area("send"), strength: 0.8)], district: "D")
        }
        let schools = [
            school(0, x: 0, trust: 7), school(1, x: 1, trust: 7), school(2, x: 2), school(3, x: 3, intensive: true),
            school(4, x: 4), school(5, x: 500),
        ]
        let supporters = [
            supporter(0, home: 0, x: 0),                       // own school
            supporter(1, home: 1, x: 1, trust: 7),             // same trust
            supporter(2, home: 2, x: 2),                       // conflict of interest
            supporter(3, home: 3, x: 3),                       // in intensive support
            supporter(4, home: 4, x: 4, phases: [.secondary]), // wrong phase
        ]
        let needs = [
            Need(id: 10, school: 0, area: Area("send"), severity: 3),
            Need(id: 11, school: 5, area: Area("send"), severity: 3),
            Need(id: 12, school: 0, area: Area("governance"), severity: 3),
        ]
        let candidates = CandidateGenerator(
            schools: schools, supporters: supporters, needs: needs,
            conflicts: [ConflictOfInterest(school: 0, supporter: 2)]
        ).generate(keepingExcluded: 3)
        #expect(candidates.edges.isEmpty)
        let counts: [ExclusionReason: Int] = [
            .ownSchool: 1, .sameTrust: 1, .conflictOfInterest: 1, .supporterNeedsSupport: 1, .phaseMismatch: 1,
        ]
        #expect(candidates.exclusionCounts == counts)
        #expect(candidates.needsWithoutCandidates[0] == .allExcluded(counts))
        #expect(candidates.needsWithoutCandidates[1] == .noSpecialistWithinDistance(km: 40))
        #expect(candidates.needsWithoutCandidates[2] == .noSpecialist)
        #expect(candidates.excludedAlternatives[0]?.count == 3)
    }
}

/// A random region of schools, supporters and needs for comparing the grid with a full scan.
struct RandomWorld {
    var schools: [School] = []
    var supporters: [Supporter] = []
    var needs: [Need] = []
    var conflicts: Set<ConflictOfInterest> = []
    var parameters: MatchParameters
    static let areas = ["a", "b", "c"].map { Area($0) }

    init(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed))
        parameters = MatchParameters(
            maxDistanceKm: Double.random(in: 5...40, using: &rng), topK: Int.random(in: 0...4, using: &rng),
            excludeSameTrust: Bool.random(using: &rng))
        func location() -> Location {
            Location(eastingKm: Double.random(in: -60...60, using: &rng).rounded(), northingKm: Double.random(in: 0...80, using: &rng))
        }
        func context() -> SchoolContext {
            SchoolContext(freeSchoolMealsShare: Double.random(in: 0...0.6, using: &rng), pupils: Int.random(in: 50...2000, using: &rng),
                          isUrban: Bool.random(using: &rng))
        }
        for id in 0..<Int.random(in: 1...30, using: &rng) {
            schools.append(School(
                id: id, phase: Phase.allCases.randomElement(using: &rng)!, location: location(),
                trust: Bool.random(using: &rng) ? Int.random(in: 0...3, using: &rng) : nil, context: context(),
                isInIntensiveSupport: Int.random(in: 0..<8, using: &rng) == 0, district: "D"))
        }
        for id in 0..<Int.random(in: 1...12, using: &rng) {
            let home = Bool.random(using: &rng) ? Int.random(in: 0..<schools.count, using: &rng) : nil
            supporters.append(Supporter(
                id: id, homeSchool: home, trust: home.flatMap { schools[$0].trust },
                location: home.map { schools[$0].location } ?? location(),
                phases: Set(Phase.allCases.filter { _ in Bool.random(using: &rng) }),
                capacity: Int.random(in: 1...3, using: &rng), context: context(),
                specialisms: Self.areas.filter { _ in Bool.random(using: &rng) }.map {
                    Specialism(area: $0, strength: Double.random(in: 0...1, using: &rng))
                }, district: "D"))
        }
        for id in 0..<Int.random(in: 1...20, using: &rng) {
            needs.append(Need(
                id: id, school: Int.random(in: 0..<schools.count, using: &rng),
                area: Self.areas.randomElement(using: &rng)!, severity: Int.random(in: 1...5, using: &rng)))
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            conflicts.insert(ConflictOfInterest(
                school: Int.random(in: 0..<schools.count, using: &rng), supporter: Int.random(in: 0..<supporters.count, using: &rng)))
        }
    }

    var generator: CandidateGenerator {
        CandidateGenerator(schools: schools, supporters: supporters, needs: needs, conflicts: conflicts, parameters: parameters)
    }

    /// Every feasible edge by the rules as written, checking all pairs; best first per need.
    func allPairsEdges() -> [Int: [(supporter: Int, weight: Int64)]] {
        var result: [Int: [(supporter: Int, weight: Int64)]] = [:]
        for (n, need) in needs.enumerated() {
            let school = schools[need.school]
            for (p, supporter) in supporters.enumerated() {
                let strength = supporter.strength(in: need.area)
                guard strength > 0, supporter.homeSchool != need.school else { continue }
                if parameters.excludeSameTrust, let trust = school.trust, trust == supporter.trust { continue }
                if conflicts.contains(ConflictOfInterest(school: need.school, supporter: p)) { continue }
                if let home = supporter.homeSchool,
                    schools[home].isInIntensiveSupport || needs.contains(where: { $0.school == home && $0.area == need.area })
                {
                    continue
                }
                guard school.phase.isServed(by: supporter.phases) else { continue }
                let distance = school.location.distanceKm(to: supporter.location)
                guard distance <= parameters.maxDistanceKm else { continue }
                let score = Scorer.score(
                    strength: strength, severity: need.severity, distanceKm: distance,
                    similarity: Scorer.similarity(school.context, supporter.context), parameters: parameters)
                if score.weight >= 1 { result[n, default: []].append((p, score.weight)) }
            }
            result[n]?.sort { ($0.weight, $1.supporter) > ($1.weight, $0.supporter) }
        }
        return result
    }
}
