/// Collects one school's areas for improvement and strengths from every rule, one entry per area.
///
/// A school has a handful of areas, so they are kept in small arrays searched in order. Every rule
/// files its findings in a fixed order (the rules' indicators, then inspection headings, the
/// self-evaluation's areas and the flags, each in their declared order), so the order found is
/// independent of the order of the input.
struct AreaLedger {
    private struct Need {
        let area: AreaCode
        var severity: Int
        var isConcern: Bool
        var findings: [Finding]
    }

    private struct Entry {
        let area: AreaCode
        var strength: Double
        var findings: [Finding]
    }

    private var needs: [Need]
    private var strengths: [Entry]

    init() {
        // Room for a typical school's areas, so that recording them does not reallocate.
        needs = []
        needs.reserveCapacity(8)
        strengths = []
        strengths.reserveCapacity(8)
    }

    /// Records an area for improvement; the area keeps its most severe finding's severity.
    /// `isConcern` is false for what the school itself reported: it is listed but does not count
    /// towards the support level.
    mutating func addNeed(_ area: AreaCode, severity: Int, isConcern: Bool = true, _ finding: Finding) {
        guard let index = needs.firstIndex(where: { $0.area == area }) else {
            needs.append(Need(area: area, severity: severity, isConcern: isConcern, findings: [finding]))
            return
        }
        needs[index].severity = max(needs[index].severity, severity)
        needs[index].isConcern = needs[index].isConcern || isConcern
        needs[index].findings.append(finding)
    }

    /// Records a strength; the area keeps its strongest finding's value.
    mutating func addStrength(_ area: AreaCode, strength: Double, _ finding: Finding) {
        guard let index = strengths.firstIndex(where: { $0.area == area }) else {
            strengths.append(Entry(area: area, strength: strength, findings: [finding]))
            return
        }
        strengths[index].strength = max(strengths[index].strength, strength)
        strengths[index].findings.append(finding)
    }

    var hasNeeds: Bool { !needs.isEmpty }

    /// The areas that count towards the support level, most severe first, then in the order found.
    var concerns: [LevelDecision.Concern] {
        var concerns: [LevelDecision.Concern] = []
        for need in needs where need.isConcern {
            concerns.append(LevelDecision.Concern(name: need.area.rawValue, severity: need.severity))
        }
        concerns.stableSort { $0.severity > $1.severity }
        return concerns
    }

    /// Most severe first, then in the order the rules found them; each area's findings in the
    /// order found.
    var areasForImprovement: [AreaForImprovement] {
        var areas = needs.map { AreaForImprovement(area: $0.area, severity: $0.severity, findings: $0.findings) }
        areas.stableSort { $0.severity > $1.severity }
        return areas
    }

    /// In the order the rules found them, leaving out any area that is also an area for improvement.
    var strengthsWithoutNeeds: [Strength] {
        strengths.compactMap { entry in
            needs.contains { $0.area == entry.area }
                ? nil : Strength(area: entry.area, strength: entry.strength, findings: entry.findings)
        }
    }
}
