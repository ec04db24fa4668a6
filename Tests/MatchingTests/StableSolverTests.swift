import Matching
import PropertyBased
import Testing

@Suite("Stable solver")
struct StableSolverTests {
    @Test("reproduces the reference assignment hash with zero blocking pairs",
          arguments: ["small_s1_k25", "medium_s1_k25"])
    func goldenStable(candidateSet: String) throws {
        let expected = try #require(try SharedData.expected()[candidateSet]?.stable)
        let preferences = try MatchpeerFormat.parsePreferences(SharedData.bytes("data/\(candidateSet).hr.json"))
        let matching = StableSolver.solve(preferences)
        #expect(Fingerprint.assignmentHash(matching.assignment) == expected.assignment_sha)
        #expect(StableSolver.blockingPairs(matching.assignment, preferences) == expected.blocking_pairs)
        #expect(matching.assignment.count { $0 >= 0 } == expected.matched)
    }

    @Test("is stable and need-optimal among all stable matchings, by exhaustive search")
    func bruteForce() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let instance = SmallPreferences(seed: seed)
            let matching = StableSolver.solve(instance.preferences).assignment
            let stable = instance.allStableMatchings()
            #expect(stable.contains(matching), "\(instance.preferences)")
            #expect(StableSolver.blockingPairs(matching, instance.preferences) == 0)
            for other in stable {
                for need in matching.indices {
                    #expect(instance.rank(of: matching[need], for: need) <= instance.rank(of: other[need], for: need))
                }
            }
        }
    }
}

/// Random small hospitals/residents preferences (≤ 6 needs, ≤ 3 supporters, capacities 0…2).
struct SmallPreferences {
    var preferences: StablePreferences

    init(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed))
        let needCount = Int.random(in: 1...6, using: &rng)
        let supporterCount = Int.random(in: 1...3, using: &rng)
        let needLists = (0..<needCount).map { _ in
            Array((0..<Int32(supporterCount)).shuffled(using: &rng).prefix(Int.random(in: 0...supporterCount, using: &rng)))
        }
        // Each supporter ranks the needs that listed it, sometimes leaving one out (unacceptable).
        let priorities = (0..<supporterCount).map { j in
            var listed = (0..<Int32(needCount)).filter { needLists[Int($0)].contains(Int32(j)) }.shuffled(using: &rng)
            if !listed.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 { listed.removeLast() }
            return listed
        }
        preferences = StablePreferences(
            needPreferences: needLists, supporterPriorities: priorities,
            capacities: (0..<supporterCount).map { _ in Int32.random(in: 0...2, using: &rng) })
    }

    /// Position of `supporter` in `need`'s list (the list length for "unmatched").
    func rank(of supporter: Int32, for need: Int) -> Int {
        preferences.needPreferences[need].firstIndex(of: supporter) ?? preferences.needPreferences[need].count
    }

    /// Every feasible matching with no blocking pair, found by enumerating all matchings.
    func allStableMatchings() -> [[Int32]] {
        let needs = preferences.needPreferences.count
        var found: [[Int32]] = []
        var current = [Int32](repeating: -1, count: needs)
        func acceptable(_ need: Int, _ supporter: Int) -> Bool {
            preferences.supporterPriorities[supporter].contains(Int32(need))
        }
        func isStable() -> Bool {
            for need in 0..<needs {
                for supporter in preferences.needPreferences[need] {
                    if supporter == current[need] { break }
                    let j = Int(supporter)
                    guard acceptable(need, j) else { continue }
                    let holders = (0..<needs).filter { current[$0] == supporter }
                    let priority = preferences.supporterPriorities[j]
                    if holders.count < Int(preferences.capacities[j])
                        || holders.contains(where: { priority.firstIndex(of: Int32($0))! > priority.firstIndex(of: Int32(need))! })
                    {
                        return false
                    }
                }
            }
            return true
        }
        func assign(_ need: Int) {
            if need == needs {
                if isStable() { found.append(current) }
                return
            }
            current[need] = -1
            assign(need + 1)
            for supporter in preferences.needPreferences[need] where acceptable(need, Int(supporter)) {
                let load = current[..<need].count { $0 == supporter }
                guard load < Int(preferences.capacities[Int(supporter)]) else { continue }
                current[need] = supporter
                assign(need + 1)
                current[need] = -1
            }
        }
        assign(0)
        return found
    }
}
