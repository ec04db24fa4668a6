import Foundation

/// How a published measure's number is to be read.
public enum MeasureUnit: String, Hashable, Sendable {
    /// A percentage, 0–100 (the file may write `68%` or `68`).
    case percent
    /// A score or average (Attainment 8, scaled score, progress score).
    case score
    /// A number of pupils.
    case count
}

/// One measure of a published table: the column holding it, and the columns holding its
/// confidence limits and cohort, where the table has them.
public struct MeasureDefinition: Hashable, Sendable {
    /// The measure code, which is also the column name (`PTRWM_EXP`, `P8MEA`).
    public let code: String
    /// Other spellings of the column in some years (`PNUMUNCLF` for `PNUMUNCFL`).
    public let alternativeColumns: [String]
    /// How the number is to be read.
    public let unit: MeasureUnit
    /// Whether a higher value is better for the school (for indicators; `nil` for context).
    public let higherIsBetter: Bool?
    /// Lower and upper 95% confidence-limit columns.
    public let lowerColumn: String?
    public let upperColumn: String?
    /// The column holding the number of pupils the measure is about.
    public let cohortColumn: String?

    /// Defines a measure; the column names default to none.
    public init(_ code: String, _ unit: MeasureUnit, higherIsBetter: Bool?,
                lower: String? = nil, upper: String? = nil, cohort: String? = nil,
                alternatives: [String] = []) {
        self.code = code
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.lowerColumn = lower
        self.upperColumn = upper
        self.cohortColumn = cohort
        self.alternativeColumns = alternatives
    }
}

/// The measures an importer takes from one kind of published table. Measures whose column a
/// file lacks (progress scores in years without them) are simply not produced.
public struct MeasureCatalog: Hashable, Sendable {
    /// The data set: `ks2`, `ks4`, `census`, `absence`.
    public let dataset: String
    /// The measures, in catalogue order.
    public let measures: [MeasureDefinition]

    /// Defines a catalogue.
    public init(dataset: String, measures: [MeasureDefinition]) {
        self.dataset = dataset
        self.measures = measures
    }

    /// Key stage 2 performance tables (`*_ks2final.csv`, `*_ks2revised.csv`).
    public static let ks2 = MeasureCatalog(dataset: "ks2", measures: ks2Measures())

    /// Key stage 4 performance tables (`*_ks4final.csv`, `*_ks4provisional.csv`).
    public static let ks4 = MeasureCatalog(dataset: "ks4", measures: ks4Measures())

    /// School census (`england_census.csv`): pupils, SEN, EAL, FSM.
    public static let census = MeasureCatalog(dataset: "census", measures: [
        MeasureDefinition("NOR", .count, higherIsBetter: nil),
        MeasureDefinition("NORG", .count, higherIsBetter: nil),
        MeasureDefinition("NORB", .count, higherIsBetter: nil),
        MeasureDefinition("TSENELSE", .count, higherIsBetter: nil, cohort: "NOR"),
        MeasureDefinition("PSENELSE", .percent, higherIsBetter: nil, cohort: "NOR"),
        MeasureDefinition("TSENELK", .count, higherIsBetter: nil, cohort: "NOR"),
        MeasureDefinition("PSENELK", .percent, higherIsBetter: nil, cohort: "NOR"),
        MeasureDefinition("NUMEAL", .count, higherIsBetter: nil),
        MeasureDefinition("PNUMEAL", .percent, higherIsBetter: nil),
        MeasureDefinition("PNUMUNCFL", .percent, higherIsBetter: nil, alternatives: ["PNUMUNCLF"]),
        MeasureDefinition("NUMFSM", .count, higherIsBetter: nil),
        MeasureDefinition("NUMFSMEVER", .count, higherIsBetter: nil, cohort: "NORFSMEVER"),
        MeasureDefinition("PNUMFSMEVER", .percent, higherIsBetter: nil, cohort: "NORFSMEVER"),
    ])

    /// Absence (`england_abs.csv`): overall absence and persistent absence rates.
    public static let absence = MeasureCatalog(dataset: "absence", measures: [
        MeasureDefinition("PERCTOT", .percent, higherIsBetter: false),
        MeasureDefinition("PPERSABS10", .percent, higherIsBetter: false),
    ])

    private static func ks2Measures() -> [MeasureDefinition] {
        let attainment = ["PTRWM_EXP", "PTRWM_HIGH", "PTREAD_EXP", "PTWRITTA_EXP", "PTMAT_EXP"]
        let progress = ["READPROG", "WRITPROG", "MATPROG"]
        var measures = [MeasureDefinition("PTFSM6CLA1A", .percent, higherIsBetter: nil, cohort: "TELIG")]
        for (suffix, cohort) in [("", "TELIG"), ("_FSM6CLA1A", "TFSM6CLA1A"), ("_NotFSM6CLA1A", "TNotFSM6CLA1A")] {
            measures += attainment.map {
                MeasureDefinition($0 + suffix, .percent, higherIsBetter: true, cohort: cohort)
            }
            measures += progress.map {
                MeasureDefinition($0 + suffix, .score, higherIsBetter: true, lower: $0 + suffix + "_LOWER",
                                  upper: $0 + suffix + "_UPPER", cohort: cohort)
            }
        }
        return measures
    }

    private static func ks4Measures() -> [MeasureDefinition] {
        var measures = [
            MeasureDefinition("PTFSM6CLA1A", .percent, higherIsBetter: nil, cohort: "TPUP"),
            MeasureDefinition("PTL2BASICS_94", .percent, higherIsBetter: true, cohort: "TPUP"),
            MeasureDefinition("PTL2BASICS_95", .percent, higherIsBetter: true, cohort: "TPUP"),
            MeasureDefinition("EBACCAPS", .score, higherIsBetter: true, cohort: "TPUP"),
            MeasureDefinition("PTEBACC_E_PTQ_EE", .percent, higherIsBetter: true, cohort: "TPUP"),
        ]
        for (suffix, cohort, p8Cohort) in [("", "TPUP", "P8PUP"), ("_FSM6CLA1A", "TFSM6CLA1A", "P8PUP_FSM6CLA1A"),
                                           ("_NFSM6CLA1A", "TNOTFSM6CLA1A", "P8PUP_NFSM6CLA1A")] {
            measures.append(MeasureDefinition("ATT8SCR" + suffix, .score, higherIsBetter: true, cohort: cohort))
            measures.append(MeasureDefinition("P8MEA" + suffix, .score, higherIsBetter: true,
                                              lower: "P8CILOW" + suffix, upper: "P8CIUPP" + suffix,
                                              cohort: p8Cohort))
        }
        return measures
    }
}
