import Foundation

/// Generates each school's published KS2 and KS4 figures for a year from its latent quality,
/// its free-school-meals share and year-to-year noise: realistic cohorts, a disadvantaged gap
/// of about 17 points at KS2 and 12 Attainment 8 points at KS4, and progress scores only in
/// the years the DfE published them.
enum DemoOutcomes {
    typealias Column = DemoPerformanceTables.Column

    /// KS2 columns, in the order the DfE publishes them.
    static func ks2Columns() -> [Column] {
        var columns: [Column] = [
            Column(name: "TELIG", format: .count, cohort: nil),
            Column(name: "TFSM6CLA1A", format: .count, cohort: nil),
            Column(name: "PTFSM6CLA1A", format: .percent, cohort: "TELIG"),
            Column(name: "TNotFSM6CLA1A", format: .count, cohort: nil),
        ]
        for (suffix, cohort) in [("", "TELIG"), ("_FSM6CLA1A", "TFSM6CLA1A"), ("_NotFSM6CLA1A", "TNotFSM6CLA1A")] {
            columns += ["PTRWM_EXP", "PTRWM_HIGH"].map { Column(name: $0 + suffix, format: .percent, cohort: cohort) }
            for subject in ["READPROG", "WRITPROG", "MATPROG"] {
                columns += ["", "_LOWER", "_UPPER"].map {
                    Column(name: subject + suffix + $0, format: .oneDecimal, cohort: cohort)
                }
            }
            columns += ["PTREAD_EXP", "PTWRITTA_EXP", "PTMAT_EXP"].map {
                Column(name: $0 + suffix, format: .percent, cohort: cohort)
            }
        }
        return columns
    }

    /// KS4 columns, in the order the DfE publishes them.
    static func ks4Columns() -> [Column] {
        var columns: [Column] = [
            Column(name: "TPUP", format: .count, cohort: nil),
            Column(name: "TFSM6CLA1A", format: .count, cohort: nil),
            Column(name: "PTFSM6CLA1A", format: .percent, cohort: "TPUP"),
            Column(name: "TNOTFSM6CLA1A", format: .count, cohort: nil),
            Column(name: "PTL2BASICS_94", format: .percent, cohort: "TPUP"),
            Column(name: "PTL2BASICS_95", format: .percent, cohort: "TPUP"),
        ]
        for (suffix, cohort) in [("", "TPUP"), ("_FSM6CLA1A", "TFSM6CLA1A"), ("_NFSM6CLA1A", "TNOTFSM6CLA1A")] {
            columns.append(Column(name: "ATT8SCR" + suffix, format: .oneDecimal, cohort: cohort))
            columns.append(Column(name: "P8PUP" + suffix, format: .count, cohort: nil))
            columns += ["P8MEA", "P8CILOW", "P8CIUPP"].map {
                Column(name: $0 + suffix, format: .twoDecimals, cohort: "P8PUP" + suffix)
            }
        }
        return columns
    }

    /// KS2 progress scores exist for 2015/16–2018/19 and 2021/22–2022/23 only.
    static func hasKS2Progress(_ year: Int) -> Bool { (2016...2019).contains(year) || (2022...2023).contains(year) }

    /// Progress 8 is not published for 2024/25 and 2025/26 (no KS2 baseline in 2020).
    static func hasProgress8(_ year: Int) -> Bool { !(2025...2026).contains(year) }

    static func ks2(_ school: DemoSchool, year: Int, random: inout DemoRandom) -> [String: Double]? {
        guard school.kind.hasKS2, school.openDate.academicYear < year else { return nil }
        let q = school.quality + random.normal(sd: 0.25)
        let (cohort, disadvantaged) = cohorts(school, random: &random)
        let special = school.kind == .special
        let rwm = special ? max(0, random.normal(mean: 4, sd: 4))
            : 61 + 11 * q - 0.25 * (school.fsmPercent - 20) + random.normal(sd: 4)
        let gap = special ? 0 : 17 + random.normal(sd: 5)
        let share = cohort > 0 ? disadvantaged / cohort : 0
        var figures: [String: Double] = [
            "TELIG": cohort, "TFSM6CLA1A": disadvantaged, "TNotFSM6CLA1A": cohort - disadvantaged,
            "PTFSM6CLA1A": 100 * share,
        ]
        for (suffix, level) in [("", rwm), ("_FSM6CLA1A", rwm - gap * (1 - share)), ("_NotFSM6CLA1A", rwm + gap * share)] {
            let groupSize = figures[suffix.isEmpty ? "TELIG" : "T" + suffix.dropFirst()] ?? 0
            figures["PTRWM_EXP" + suffix] = level
            figures["PTRWM_HIGH" + suffix] = max(0, level * 0.13 + 3 * q + random.normal(sd: 2))
            figures["PTREAD_EXP" + suffix] = level + 11 + random.normal(sd: 3)
            figures["PTWRITTA_EXP" + suffix] = level + 8 + random.normal(sd: 3)
            figures["PTMAT_EXP" + suffix] = level + 10 + random.normal(sd: 3)
            guard hasKS2Progress(year), groupSize > 0 else { continue }
            let offset = suffix == "_FSM6CLA1A" ? -1.5 : suffix.isEmpty ? 0 : 0.5
            let halfWidth = 1.96 * 6.2 / groupSize.squareRoot()
            for subject in ["READPROG", "WRITPROG", "MATPROG"] {
                let score = 0.9 * q + offset + random.normal(sd: 0.8) - (special ? 4 : 0)
                figures[subject + suffix] = score
                figures[subject + suffix + "_LOWER"] = score - halfWidth
                figures[subject + suffix + "_UPPER"] = score + halfWidth
            }
        }
        return figures
    }

    static func ks4(_ school: DemoSchool, year: Int, random: inout DemoRandom) -> [String: Double]? {
        guard school.kind.hasKS4, school.openDate.academicYear < year else { return nil }
        let q = school.quality + random.normal(sd: 0.2)
        let (cohort, disadvantaged) = cohorts(school, random: &random)
        let attainment = min(75, max(8, 46 + 7 * q - 0.2 * (school.fsmPercent - 20) + random.normal(sd: 2)))
        let basics = 65 + 11 * q + random.normal(sd: 4)
        let progress = 0.45 * q + random.normal(sd: 0.15)
        var figures: [String: Double] = [
            "TPUP": cohort, "TFSM6CLA1A": disadvantaged, "TNOTFSM6CLA1A": cohort - disadvantaged,
            "PTFSM6CLA1A": cohort > 0 ? 100 * disadvantaged / cohort : 0,
            "PTL2BASICS_94": basics, "PTL2BASICS_95": basics - 20 + random.normal(sd: 3),
        ]
        let share = cohort > 0 ? disadvantaged / cohort : 0
        for (suffix, size, attainmentShift, progressShift) in [
            ("", cohort, 0.0, 0.0), ("_FSM6CLA1A", disadvantaged, -12 * (1 - share), -0.45),
            ("_NFSM6CLA1A", cohort - disadvantaged, 12 * share, 0.15),
        ] {
            figures["ATT8SCR" + suffix] = attainment + attainmentShift
            guard hasProgress8(year), size > 0 else { continue }
            let pupils = (size * 0.95).rounded()
            let score = progress + progressShift
            let halfWidth = 1.96 * 1.25 / max(1, pupils).squareRoot()
            figures["P8PUP" + suffix] = pupils
            figures["P8MEA" + suffix] = score
            figures["P8CILOW" + suffix] = score - halfWidth
            figures["P8CIUPP" + suffix] = score + halfWidth
        }
        return figures
    }

    /// A year group's size and its disadvantaged pupils (disadvantage runs above FSM).
    private static func cohorts(_ school: DemoSchool, random: inout DemoRandom) -> (Double, Double) {
        let yearGroup = Double(school.pupils) / Double(school.kind.yearGroups)
        let cohort = max(1, (yearGroup * random.normal(mean: 1, sd: 0.08)).rounded())
        let disadvantaged = min(cohort, (cohort * min(0.9, school.fsmPercent * 1.4 / 100)
                                         * random.normal(mean: 1, sd: 0.1)).rounded())
        return (cohort, max(0, disadvantaged))
    }
}
