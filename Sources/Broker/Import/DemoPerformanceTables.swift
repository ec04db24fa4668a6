import Foundation

/// Writes demo KS2 and KS4 performance tables in the DfE's CSV conventions: UTF-8 with a BOM,
/// `RECTYPE` 1/2 school rows then the LA (3 for KS2, 4 for KS4) and England (4/5, 5) totals,
/// percentages with `%`, `SUPP` for groups of five pupils or fewer, `NE` for none, `NEW` and a
/// truncated row for a school too new to have results, and progress measures only in the years
/// that have them.
enum DemoPerformanceTables {
    /// A published measure column: how to print it, and the column counting the pupils it is
    /// about (for suppression and for weighting LA and England averages).
    struct Column {
        enum Format { case count, percent, oneDecimal, twoDecimals }
        let name: String
        let format: Format
        let cohort: String?

        /// Confidence limits are not averaged into LA and England rows.
        var isConfidenceLimit: Bool {
            ["_LOWER", "_UPPER", "CILOW", "CIUPP"].contains { name.contains($0) }
        }
    }

    private static let identity = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "TOWN", "PCODE", "NFTYPE", "AGERANGE"]

    /// Writes one table. `values` gives each school's true figures by column name (`nil` for a
    /// school without results that year); LA and England rows are cohort-weighted aggregates.
    static func write(to url: URL, columns: [Column], schools: [DemoSchool], laRecordType: Int,
                      englandRecordTypes: [Int], values: (DemoSchool) -> [String: Double]?) throws {
        let writer = try CSVWriter(url: url, encoding: .utf8WithBOM)
        try writer.write(identity + columns.map(\.name))
        var byAuthority: [Int: [[String: Double]]] = [:]
        var authorities: [DemoAuthority] = []
        for school in schools {
            let nfType = school.kind == .special ? "CYS" : school.type.groupCode == 10 ? "AC" : "CY"
            var row = ["\(school.kind == .special ? 2 : 1)", "\(school.authority.code)",
                       "\(school.establishmentNumber)", "\(school.urn)", school.name, school.district.name,
                       school.postcode, nfType, "\(school.kind.ages.low)-\(school.kind.ages.high)"]
            guard let figures = values(school) else {
                try writer.write(row + ["NEW"])  // the DfE truncates a new school's row
                continue
            }
            row += columns.map { format($0, figures) }
            try writer.write(row)
            if byAuthority[school.authority.code] == nil { authorities.append(school.authority) }
            byAuthority[school.authority.code, default: []].append(figures)
        }
        for authority in authorities {
            let total = aggregate(byAuthority[authority.code]!, columns)
            try writer.write(["\(laRecordType)", "\(authority.code)", "", "", authority.name, "", "", "", ""]
                             + columns.map { format($0, total, suppress: false) })
        }
        let england = aggregate(byAuthority.values.flatMap { $0 }, columns)
        for recordType in englandRecordTypes {
            try writer.write(["\(recordType)", "", "", "", "England", "", "", "", ""]
                             + columns.map { format($0, england, suppress: false) })
        }
        try writer.close()
    }

    private static func format(_ column: Column, _ figures: [String: Double], suppress: Bool = true) -> String {
        guard let value = figures[column.name] else { return "" }
        if suppress, let cohortName = column.cohort, let cohort = figures[cohortName] {
            if cohort == 0 { return "NE" }
            if cohort <= 5 { return "SUPP" }
        }
        switch column.format {
        case .count: return String(Int(value.rounded()))
        case .percent: return "\(Int(min(100, max(0, value)).rounded()))%"
        case .oneDecimal: return String(format: "%.1f", value)
        case .twoDecimals: return String(format: "%.2f", value)
        }
    }

    /// Sums counts and averages the rest weighted by their cohort column.
    private static func aggregate(_ rows: [[String: Double]], _ columns: [Column]) -> [String: Double] {
        var total: [String: Double] = [:]
        for column in columns where column.format == .count {
            total[column.name] = rows.reduce(0) { $0 + ($1[column.name] ?? 0) }
        }
        for column in columns where column.format != .count && !column.isConfidenceLimit {
            var weighted = 0.0, weight = 0.0
            for row in rows {
                guard let value = row[column.name] else { continue }
                let w = column.cohort.flatMap { row[$0] } ?? 1
                weighted += value * w
                weight += w
            }
            if weight > 0 { total[column.name] = weighted / weight }
        }
        return total
    }
}
