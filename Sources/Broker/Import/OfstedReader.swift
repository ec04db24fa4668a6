import Foundation

/// Reads Ofsted's "state-funded schools: latest inspections" management information in both
/// layouts (see ``OfstedLayout``), by header name. `NULL` means missing; dates are `dd/mm/yyyy`.
public enum OfstedReader {
    /// Opens an MI file for streaming.
    public static func open(_ url: URL, encoding: ImportTextEncoding = .automatic) throws
        -> (layout: OfstedLayout, reader: ImportReader<OfstedInspectionRecord>) {
        try reader(CSVReader(contentsOf: url, encoding: encoding))
    }

    /// Reads MI from `csv`, detecting the layout from the header.
    /// - Throws: ``ImportError`` if the header has neither layout's judgement columns.
    public static func reader(_ csv: CSVReader) throws
        -> (layout: OfstedLayout, reader: ImportReader<OfstedInspectionRecord>) {
        var layout = OfstedLayout.legacy
        let reader = try ImportReader<OfstedInspectionRecord>(csv: csv, nullMarkers: ["NULL"]) { c in
            if c.contains("Safeguarding standards") {
                layout = .reportCard
            } else if c.contains("Overall effectiveness") {
                layout = .legacy
            } else {
                throw ImportError(file: csv.name, line: 1, reason: "not Ofsted MI: neither "
                                  + "\"Safeguarding standards\" nor \"Overall effectiveness\" is a column")
            }
            return decoder(&c, layout: layout)
        }
        return (layout, reader)
    }

    private static func decoder(_ c: inout ImportColumns, layout: OfstedLayout)
        -> (ImportRow) throws -> OfstedInspectionRecord {
        let urn = c.required("URN")
        let laestab = c.optional("LAESTAB")
        let name = c.optional("School name")
        let phase = c.optional("Ofsted phase")
        let type = c.optional("Type of education")
        let la = c.optional("Local authority")
        let postcode = c.optional("Postcode")
        let trustUID = c.optional("Multi-academy trust UID")
        let trustName = c.optional("Multi-academy trust name")
        let idaci = c.optional("The income deprivation affecting children index (IDACI) quintile")
        let pupils = c.optional("Total number of pupils")
        let latestFull = EventColumns(
            &c, number: ["Inspection number of latest full inspection", "Inspection number of latest graded inspection"],
            type: ["Inspection type"], start: ["Inspection start date"], publication: ["Publication date"],
            relates: ["Does the latest full inspection relate to the URN of the current school?",
                      "Does the latest graded inspection relate to the URN of the current school?"],
            urn: ["URN at time of latest full inspection", "URN at time of latest graded inspection"],
            concern: ["Category of concern"])
        let reportCard = layout == .reportCard ? ReportCardColumns(&c, event: latestFull) : nil
        let graded = layout == .reportCard
            ? GradedColumns(&c, event: EventColumns(
                &c, number: ["Inspection number of latest OEIF graded inspection"],
                type: ["Inspection type of latest OEIF graded inspection"],
                start: ["Inspection start date of latest OEIF graded inspection"],
                publication: ["Publication date of latest OEIF graded inspection"],
                relates: ["Does the latest OEIF graded inspection relate to the URN of the current school?"],
                urn: ["URN at time of latest OEIF graded inspection"],
                concern: ["Latest OEIF category of concern"]), prefix: "Latest OEIF ")
            : GradedColumns(&c, event: latestFull, prefix: "")
        let ungraded = UngradedColumns(&c)

        return { row in
            OfstedInspectionRecord(
                urn: try row.requiredInteger(urn), laestab: try row.integer(laestab),
                schoolName: row.text(name), ofstedPhase: row.text(phase), typeOfEducation: row.text(type),
                localAuthority: row.text(la), postcode: row.text(postcode), trustUID: row.text(trustUID),
                trustName: row.text(trustName), idaciQuintile: try row.integer(idaci),
                totalPupils: try row.integer(pupils), reportCard: try reportCard?.read(row),
                graded: try graded.read(row), ungraded: try ungraded.read(row))
        }
    }

    private static func date(_ row: ImportRow, _ column: ImportColumn?) throws -> CalendarDay? {
        try row.date(column, separator: "/")
    }

    private static func yesNo(_ row: ImportRow, _ column: ImportColumn?, yes: String, no: String) throws -> Bool? {
        try row.value(column, vocabulary: "\(yes) or \(no)") { text in
            switch text.lowercased() {
            case yes.lowercased(): true
            case no.lowercased(): false
            default: nil
            }
        }
    }

    private struct EventColumns {
        let number, type, start, publication, relates, urn, concern: ImportColumn?

        init(_ c: inout ImportColumns, number: [String], type: [String], start: [String],
             publication: [String], relates: [String], urn: [String], concern: [String]) {
            self.number = c.optional(anyOf: number)
            self.type = c.optional(anyOf: type)
            self.start = c.optional(anyOf: start)
            self.publication = c.optional(anyOf: publication)
            self.relates = c.optional(anyOf: relates)
            self.urn = c.optional(anyOf: urn)
            self.concern = c.optional(anyOf: concern)
        }

        /// The event, or `nil` when the row has no such inspection.
        func read(_ row: ImportRow) throws -> OfstedInspectionEvent? {
            let event = OfstedInspectionEvent(
                inspectionNumber: row.text(number), inspectionType: row.text(type),
                startDate: try date(row, start), publicationDate: try date(row, publication),
                relatesToCurrentURN: try yesNo(row, relates, yes: "Yes", no: "No"),
                urnAtInspection: try row.integer(urn), categoryOfConcern: row.text(concern))
            return event.inspectionNumber == nil && event.startDate == nil ? nil : event
        }
    }

    private struct ReportCardColumns {
        let event: EventColumns
        let safeguarding: ImportColumn?
        let safeguardingDate: ImportColumn?
        let areas: [(area: OfstedReportCardArea, grade: ImportColumn, date: ImportColumn?)]

        init(_ c: inout ImportColumns, event: EventColumns) {
            self.event = event
            safeguarding = c.optional("Safeguarding standards")
            safeguardingDate = c.optional("Safeguarding standards - date of grade")
            var areas: [(area: OfstedReportCardArea, grade: ImportColumn, date: ImportColumn?)] = []
            for area in OfstedReportCardArea.allCases {
                if let grade = c.optional(area.gradeColumn) {
                    areas.append((area, grade, c.optional(area.dateColumn)))
                }
            }
            self.areas = areas
        }

        func read(_ row: ImportRow) throws -> OfstedReportCard? {
            guard let event = try event.read(row) else { return nil }
            var grades: [OfstedAreaGrade] = []
            for (area, gradeColumn, dateColumn) in areas {
                let cell = try row.value(gradeColumn, vocabulary: AreaCell.vocabulary, AreaCell.init)
                if case .graded(let grade) = cell {
                    grades.append(OfstedAreaGrade(area: area, grade: grade, date: try date(row, dateColumn)))
                }
            }
            return OfstedReportCard(
                event: event, safeguardingMet: try yesNo(row, safeguarding, yes: "Met", no: "Not met"),
                safeguardingDate: try date(row, safeguardingDate), grades: grades)
        }
    }

    /// What an area's grade cell holds.
    private enum AreaCell {
        case graded(OfstedReportCardGrade)
        case notApplicable

        static let vocabulary = "one of "
            + (OfstedReportCardGrade.allCases.map(\.rawValue) + ["Not applicable"]).joined(separator: ", ")

        init?(_ text: String) {
            if text.caseInsensitiveCompare("Not applicable") == .orderedSame {
                self = .notApplicable
            } else if let grade = OfstedReportCardGrade.allCases.first(where: {
                $0.rawValue.caseInsensitiveCompare(text) == .orderedSame
            }) {
                self = .graded(grade)
            } else {
                return nil
            }
        }
    }

    private struct GradedColumns {
        let event: EventColumns
        let overall, quality, behaviour, personal, leadership, earlyYears, sixthForm, safeguarding: ImportColumn?

        init(_ c: inout ImportColumns, event: EventColumns, prefix: String) {
            self.event = event
            func column(_ name: String) -> ImportColumn? {
                c.optional(prefix + name)  // names match case-insensitively
            }
            overall = column("overall effectiveness")
            quality = column("quality of education")
            behaviour = column("behaviour and attitudes")
            personal = column("personal development")
            leadership = column("effectiveness of leadership and management")
            earlyYears = column("early years provision (where applicable)")
            sixthForm = column("sixth form provision (where applicable)")
            safeguarding = column("safeguarding is effective?")
        }

        func read(_ row: ImportRow) throws -> OfstedGradedInspection? {
            guard let event = try event.read(row) else { return nil }
            func judgement(_ column: ImportColumn?) throws -> OfstedLegacyJudgement? {
                try row.value(column, vocabulary: "1, 2, 3, 4, 9, 0 or Not judged",
                              OfstedLegacyJudgement.init(published:))
            }
            return OfstedGradedInspection(
                event: event, overallEffectiveness: try judgement(overall),
                qualityOfEducation: try judgement(quality), behaviourAndAttitudes: try judgement(behaviour),
                personalDevelopment: try judgement(personal), leadershipAndManagement: try judgement(leadership),
                earlyYears: try judgement(earlyYears), sixthForm: try judgement(sixthForm),
                safeguardingEffective: try yesNo(row, safeguarding, yes: "Yes", no: "No"))
        }
    }

    private struct UngradedColumns {
        let number, date, publication, outcome: ImportColumn?

        init(_ c: inout ImportColumns) {
            number = c.optional("Latest ungraded inspection number",
                                "Latest ungraded inspection number since last graded inspection")
            date = c.optional("Date of latest ungraded inspection")
            publication = c.optional("Ungraded inspection publication date")
            outcome = c.optional("Ungraded inspection overall outcome")
        }

        func read(_ row: ImportRow) throws -> OfstedUngradedInspection? {
            let inspection = OfstedUngradedInspection(
                inspectionNumber: row.text(number), date: try OfstedReader.date(row, date),
                publicationDate: try OfstedReader.date(row, publication), outcome: row.text(outcome))
            return inspection.inspectionNumber == nil && inspection.date == nil ? nil : inspection
        }
    }
}
