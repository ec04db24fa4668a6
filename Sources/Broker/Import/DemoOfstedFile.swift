import Foundation

/// Writes the demo schools' inspections as Ofsted's "state-funded schools: latest inspections"
/// MI in the report-card layout (from November 2025): UTF-8, `NULL` for missing, `dd/mm/yyyy`.
enum DemoOfstedFile {
    static func write(_ schools: [DemoSchool], inspections: [Int: DemoInspection], to url: URL) throws {
        let writer = try CSVWriter(url: url, encoding: .utf8)
        try writer.write(header)
        for school in schools {
            let values = fields(school, inspections[school.urn])
            try writer.write(header.map { values[$0] ?? "NULL" })
        }
        try writer.close()
    }

    private static func fields(_ school: DemoSchool, _ inspection: DemoInspection?) -> [String: String] {
        func day(_ date: CalendarDay) -> String { date.dayMonthYear(separator: "/") }
        func publication(_ date: CalendarDay) -> String {
            day(CalendarDay(year: date.year, month: date.month, day: 28) ?? date)
        }
        let laestab = "\(school.authority.code * 10_000 + school.establishmentNumber)"
        var values: [String: String] = [
            "Web Link (opens in new window)": "http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/provider/ELS/\(school.urn)",
            "URN": "\(school.urn)", "LAESTAB": laestab, "School name": school.name,
            "Ofsted phase": school.kind == .special ? "Special" : school.kind.hasKS4 ? "Secondary" : "Primary",
            "Type of education": school.type.name.capitalized, "Local authority": school.authority.name,
            "Postcode": school.postcode, "Region": "West Midlands", "Ofsted region": "West Midlands",
            "The income deprivation affecting children index (IDACI) quintile": "\(min(5, max(1, Int(school.fsmPercent / 9) + 1)))",
            "Total number of pupils": "\(school.pupils)",
            "Statutory lowest age": "\(school.kind.ages.low)", "Statutory highest age": "\(school.kind.ages.high)",
        ]
        if let trust = school.trust {
            values["Multi-academy trust UID"] = "\(trust.code)"
            values["Multi-academy trust name"] = trust.name
        }
        if let card = inspection?.reportCard {
            values["Inspection number of latest full inspection"] = "\(card.number)"
            values["Inspection type"] = "S5 Inspection"
            values["Inspection start date"] = day(card.date)
            values["Publication date"] = publication(card.date)
            values["Does the latest full inspection relate to the URN of the current school?"] = "Yes"
            values["URN at time of latest full inspection"] = "\(school.urn)"
            values["Category of concern"] = ""
            values["Safeguarding standards"] = card.safeguardingMet ? "Met" : "Not met"
            values["Safeguarding standards - date of grade"] = day(card.date)
            for (area, grade) in card.grades {
                values[area.gradeColumn] = grade?.rawValue ?? "Not applicable"
                values[area.dateColumn] = day(card.date)
            }
        }
        if let graded = inspection?.graded {
            let names = ["quality of education", "behaviour and attitudes", "personal development",
                         "effectiveness of leadership and management", "early years provision (where applicable)",
                         "sixth form provision (where applicable)"]
            values["Inspection number of latest OEIF graded inspection"] = "\(graded.number)"
            values["Inspection type of latest OEIF graded inspection"] = "S5 Inspection"
            values["Inspection start date of latest OEIF graded inspection"] = day(graded.date)
            values["Publication date of latest OEIF graded inspection"] = publication(graded.date)
            values["Does the latest OEIF graded inspection relate to the URN of the current school?"] = "Yes"
            values["URN at time of latest OEIF graded inspection"] = "\(school.urn)"
            values["Latest OEIF category of concern"] = graded.overall == "4" ? "Special Measures" : ""
            values["Latest OEIF overall effectiveness"] = graded.overall
            for (name, grade) in zip(names, graded.subgrades) { values["Latest OEIF \(name)"] = grade }
            values["Latest OEIF  safeguarding is effective?"] = graded.overall == "4" ? "No" : "Yes"
        }
        if let ungraded = inspection?.ungraded {
            values["Latest ungraded inspection number"] = "\(ungraded.number)"
            values["Date of latest ungraded inspection"] = day(ungraded.date)
            values["Ungraded inspection publication date"] = publication(ungraded.date)
            values["Ungraded inspection overall outcome"] = ungraded.outcome
        }
        return values
    }

    /// The published header of the MI from November 2025 (85 columns).
    static let header: [String] = [
        "Web Link (opens in new window)",
        "URN",
        "LAESTAB",
        "School name",
        "Ofsted phase",
        "Type of education",
        "School open date",
        "Admissions policy",
        "Sixth form",
        "Designated religious character",
        "Religious ethos",
        "Faith grouping",
        "Ofsted region",
        "Region",
        "Local authority",
        "Parliamentary constituency",
        "Postcode",
        "Multi-academy trust UID",
        "Multi-academy trust name",
        "Academy sponsor UID",
        "Academy sponsor name",
        "The income deprivation affecting children index (IDACI) quintile",
        "Total number of pupils",
        "Statutory lowest age",
        "Statutory highest age",
        "Inspection number of latest full inspection",
        "Inspection type",
        "Inspection type grouping",
        "Event type grouping",
        "Inspection start date",
        "Publication date",
        "Does the latest full inspection relate to the URN of the current school?",
        "URN at time of latest full inspection",
        "LAESTAB at time of latest full inspection",
        "School name at time of latest full inspection",
        "School type at time of latest full inspection",
        "Category of concern",
        "Safeguarding standards",
        "Safeguarding standards - date of grade",
        "Inclusion",
        "Inclusion - date of grade",
        "Curriculum and teaching",
        "Curriculum and teaching - date of grade",
        "Achievement",
        "Achievement - date of grade",
        "Attendance and behaviour",
        "Attendance and behaviour - date of grade",
        "Personal development and wellbeing",
        "Personal development and wellbeing - date of grade",
        "Early years (where applicable)",
        "Early years - date of grade",
        "Post-16 provision (where applicable)",
        "Post-16 provision - date of grade",
        "Leadership and governance",
        "Leadership and governance - date of grade",
        "Inspection number of latest OEIF graded inspection",
        "Inspection type of latest OEIF graded inspection",
        "Inspection type grouping of latest OEIF graded inspection",
        "Event type grouping of latest OEIF graded inspection",
        "Inspection start date of latest OEIF graded inspection",
        "Publication date of latest OEIF graded inspection",
        "Does the latest OEIF graded inspection relate to the URN of the current school?",
        "URN at time of latest OEIF graded inspection",
        "LAESTAB at time of latest OEIF graded inspection",
        "School name at time of latest OEIF graded inspection",
        "School type at time of latest OEIF graded inspection",
        "Latest OEIF category of concern",
        "Latest OEIF overall effectiveness",
        "Latest OEIF quality of education",
        "Latest OEIF behaviour and attitudes",
        "Latest OEIF personal development",
        "Latest OEIF effectiveness of leadership and management",
        "Latest OEIF  safeguarding is effective?",
        "Latest OEIF early years provision (where applicable)",
        "Latest OEIF sixth form provision (where applicable)",
        "Latest ungraded inspection number",
        "Date of latest ungraded inspection",
        "Ungraded inspection publication date",
        "Does the ungraded inspection relate to the URN of the current school?",
        "URN at time of the ungraded inspection",
        "LAESTAB at time of the ungraded inspection",
        "School name at time of the ungraded inspection",
        "School type at time of the ungraded inspection",
        "Ungraded inspection overall outcome",
        "Most recent category of concern",
    ]
}
