import Matching

extension MatchInputs {
    /// SHA-256 (hex) of the inputs exactly as the matcher sees them, in a canonical text form:
    /// the year, every need, school and supporter (ids, places on the grid, phases, context,
    /// capacity left, specialisms), the conflicts and, for stable mode, the preferences. Two runs
    /// with the same fingerprint and parameters give the same result.
    func fingerprint(mode: MatchMode) -> String {
        var text = "schoolbroker-match-inputs/1 year=\(academicYear)\n"
        text.reserveCapacity(64 * (needs.count + schools.count + 2 * supporters.count))
        for need in needs {
            text += "need \(need.id) \(schools[need.school].id) \(need.area) \(need.severity)\n"
        }
        for need in unlocatedNeeds {
            text += "unlocated-need \(need.id) \(need.urn) \(need.area) \(need.severity)\n"
        }
        for school in schools {
            text += "school \(school.id) \(school.phase.rawValue) \(Self.describe(school.location)) "
                + "\(school.trust.map(String.init) ?? "-") \(Self.describe(school.context)) "
                + "\(school.isInIntensiveSupport) \(school.district)\n"
        }
        for supporter in supporters {
            let home = supporter.homeSchool.map { String(schools[$0].id) } ?? "-"
            text += "supporter \(supporter.id) \(home) \(Self.describe(supporter.location)) "
                + "\(supporter.phases.map(\.rawValue).sorted().joined(separator: ",")) \(supporter.capacity) "
                + "\(supporter.trust.map(String.init) ?? "-") \(Self.describe(supporter.context)) \(supporter.district)\n"
            for specialism in supporter.specialisms {
                text += "  specialism \(specialism.area) \(specialism.strength)\n"
            }
        }
        for conflict in conflicts.sorted(by: { ($0.supporter, $0.school) < ($1.supporter, $1.school) }) {
            text += "conflict \(supporters[conflict.supporter].id) \(schools[conflict.school].id)\n"
        }
        if mode == .stable {
            for (need, ranked) in needPreferences.sorted(by: { $0.key < $1.key }) {
                text += "preference \(need) \(ranked.map(String.init).joined(separator: ","))\n"
            }
            for (supporter, ranked) in supporterPriorities.sorted(by: { $0.key < $1.key }) {
                text += "priority \(supporter) \(ranked.map(String.init).joined(separator: ","))\n"
            }
        }
        text += "supporters-without-location \(supportersWithoutLocation)\n"
        return Fingerprint.sha256Hex(Array(text.utf8))
    }

    private static func describe(_ location: Location) -> String {
        "\(location.eastingKm),\(location.northingKm)"
    }

    private static func describe(_ context: SchoolContext) -> String {
        "\(context.freeSchoolMealsShare),\(context.pupils),\(context.isUrban ? "urban" : "rural")"
    }
}
