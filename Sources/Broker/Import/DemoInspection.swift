import Foundation

/// A school's generated inspection history, in the terms of Ofsted's MI.
struct DemoInspection {
    struct Graded {
        let number: Int
        let date: CalendarDay
        /// `1`–`4`, or `Not judged` after September 2024.
        let overall: String
        /// Quality of education, behaviour and attitudes, personal development, leadership and
        /// management, early years, sixth form (`9` when not applicable).
        let subgrades: [String]
    }

    struct ReportCard {
        let number: Int
        let date: CalendarDay
        let safeguardingMet: Bool
        let grades: [(area: OfstedReportCardArea, grade: OfstedReportCardGrade?)]
    }

    struct Ungraded {
        let number: Int
        let date: CalendarDay
        let outcome: String
    }

    let graded: Graded?
    let reportCard: ReportCard?
    let ungraded: Ungraded?

    /// The most recent inspection date.
    var date: CalendarDay {
        [graded?.date, reportCard?.date, ungraded?.date].compactMap { $0 }.max()!
    }

    /// The overall grade's name, as GIAS shows it, when one was given.
    var gradedRating: String? {
        switch graded?.overall {
        case "1": "Outstanding"
        case "2": "Good"
        case "3": "Requires improvement"
        case "4": "Inadequate"
        default: nil
        }
    }

    /// Generates the school's inspections from its latent quality: better schools get better
    /// grades, with noise; about a quarter have had a report-card inspection since November 2025.
    /// `nil` for a school too new to have been inspected.
    init?(_ school: DemoSchool, random: inout DemoRandom) {
        func grade(_ shift: Double) -> Int {
            let score = school.quality + shift + random.normal(sd: 0.45)
            return score > 1.25 ? 1 : score > -0.85 ? 2 : score > -1.75 ? 3 : 4
        }
        let number = 10_000_000 + school.urn * 3
        let gradedDate = Self.date(from: 2016, to: 2025, random: &random)
        let overall = grade(0)
        let notJudged = gradedDate >= CalendarDay(year: 2024, month: 9, day: 1)!
        let kind = school.kind
        let subgrades = [grade(0), grade(0.2), grade(0.4), grade(0)].map(String.init)
            + [kind.ages.low < 5 ? String(grade(0.2)) : "9", kind.ages.high > 16 ? String(grade(0.1)) : "9"]
        graded = school.openDate < gradedDate
            ? Graded(number: number, date: gradedDate, overall: notJudged ? "Not judged" : String(overall),
                     subgrades: subgrades)
            : nil
        if random.chance(0.27) {
            let reportDate = Self.date(from: 2025, to: 2026, random: &random)
            let cardDate = max(reportDate, CalendarDay(year: 2025, month: 11, day: 10)!)
            let areas = OfstedReportCardArea.allCases.map { area -> (area: OfstedReportCardArea, grade: OfstedReportCardGrade?) in
                if (area == .earlyYears && kind.ages.low >= 5) || (area == .post16 && kind.ages.high <= 16) {
                    return (area, nil)
                }
                let score = school.quality + random.normal(sd: 0.5)
                let grade: OfstedReportCardGrade = score > 1.6 ? .exceptional : score > 0.7 ? .strongStandard
                    : score > -0.9 ? .expectedStandard : score > -1.8 ? .needsAttention : .urgentImprovement
                return (area, grade)
            }
            reportCard = ReportCard(number: number + 1, date: cardDate,
                                    safeguardingMet: school.quality > -2 || random.chance(0.5), grades: areas)
        } else {
            reportCard = nil
        }
        if let graded, overall <= 2, random.chance(0.5) {
            let date = Self.date(from: graded.date.year + 1, to: 2025, random: &random)
            ungraded = date > graded.date
                ? Ungraded(number: number + 2, date: date,
                           outcome: overall == 1 ? "School remains Outstanding" : "School remains Good")
                : nil
        } else {
            ungraded = nil
        }
        if graded == nil && reportCard == nil && ungraded == nil { return nil }
    }

    private static func date(from first: Int, to last: Int, random: inout DemoRandom) -> CalendarDay {
        let year = first + Int(random.unit() * Double(last - first + 1))
        let month = 1 + Int(random.unit() * 12)
        let day = 1 + Int(random.unit() * 28)
        return min(CalendarDay(year: year, month: month, day: day)!, CalendarDay(year: 2026, month: 5, day: 15)!)
    }
}
