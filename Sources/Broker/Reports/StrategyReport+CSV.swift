import Foundation

extension StrategyReport {
    /// The CSV header: the report as tidy rows, one figure a row.
    public static let csvHeader = ["academic_year", "la_code", "section", "district", "item", "value"]

    /// The report as tidy rows (`section`, `district` — empty for the whole LA or England —,
    /// `item`, `value`; an unknown value is empty), header first.
    public var csvRows: [[String]] {
        var rows = [Self.csvHeader]
        func add(_ section: String, _ district: String?, _ item: String, _ value: Double?) {
            rows.append([
                String(academicYear), laCode.map(String.init) ?? "england", section, district ?? "", item,
                value.map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.4f", $0) } ?? "",
            ])
        }
        func addOutcomes(_ district: String?, _ outcomes: OutcomeFigures) {
            add("outcomes", district, "ks2_reading_expected", outcomes.reading)
            add("outcomes", district, "ks2_writing_expected", outcomes.writing)
            add("outcomes", district, "ks2_maths_expected", outcomes.maths)
            add("outcomes", district, "disadvantaged_rwm_expected", outcomes.disadvantaged)
            add("outcomes", district, "other_rwm_expected", outcomes.otherPupils)
            add("outcomes", district, "disadvantaged_gap", outcomes.disadvantagedGap)
        }
        for figures in districts {
            let district = figures.district
            add("levels", district, "schools_with_level", Double(figures.schoolsWithLevel))
            for (level, schools) in figures.levels.sorted(by: { $0.key < $1.key }) { add("levels", district, level, Double(schools)) }
            addOutcomes(district, figures.outcomes)
            for (item, value) in [
                ("legacy_graded", figures.legacyGraded), ("legacy_good_or_better", figures.legacyGoodOrBetter),
                ("report_cards", figures.reportCards), ("report_card_good_or_better", figures.reportCardGoodOrBetter),
                ("inspected", figures.inspected), ("good_or_better", figures.goodOrBetter),
            ] { add("inspections", district, item, Double(value)) }
            add("inspections", district, "good_or_better_percent", figures.goodOrBetterPercent)
            for (item, value) in [
                ("focus_or_intensive", figures.focusOrIntensive), ("supported_by_partnership", figures.supportedByPartnership),
                ("supporters", figures.supporters), ("capacity", figures.capacity), ("engagements", figures.engagements),
                ("supporters_full", figures.supportersFull), ("overdue_activities", figures.overdueActivities),
                ("schools_with_overdue_activities", figures.schoolsWithOverdueActivities),
            ] { add("support", district, item, Double(value)) }
        }
        addOutcomes("England", england)
        for move in movement { add("movement", nil, "\(move.from)->\(move.to)", Double(move.schools)) }
        for area in impact {
            add("impact", nil, "\(area.areaCode) \(area.measure) partnered_schools", Double(area.partneredSchools))
            add("impact", nil, "\(area.areaCode) \(area.measure) partnered_change", area.partneredChange)
            add("impact", nil, "\(area.areaCode) \(area.measure) comparison_schools", Double(area.comparisonSchools))
            add("impact", nil, "\(area.areaCode) \(area.measure) comparison_change", area.comparisonChange)
            add("impact", nil, "\(area.areaCode) \(area.measure) difference", area.difference)
        }
        return rows
    }

    /// ``csvRows`` as RFC 4180 text (CRLF line ends, fields quoted when they hold a comma, quote or line break).
    public var csv: String {
        csvRows.map { fields in
            fields.map { field in
                field.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
