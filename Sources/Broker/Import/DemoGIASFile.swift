import Foundation

/// Writes the demo schools as a GIAS "all establishment data" extract: the 140 published
/// columns in the published order, Windows-1252, strings quoted, `dd-mm-yyyy` dates.
enum DemoGIASFile {
    static func write(_ schools: [DemoSchool], inspections: [Int: DemoInspection], censusDate: CalendarDay,
                      to url: URL) throws {
        let writer = try CSVWriter(url: url, encoding: .windows1252)
        try writer.write(header, quoting: .always)
        for school in schools {
            let values = fields(school, inspection: inspections[school.urn], censusDate: censusDate)
            try writer.write(header.map { name in
                switch values[name] {
                case .text(let text)?: (text, .always)
                case .number(let number)?: (number, .minimal)
                case nil: ("", .always)
                }
            })
        }
        try writer.close()
    }

    private enum Value {
        case text(String)
        case number(String)
    }

    private static func fields(_ school: DemoSchool, inspection: DemoInspection?,
                               censusDate: CalendarDay) -> [String: Value] {
        let kind = school.kind
        let boys = school.pupils / 2 + school.urn % 7
        var values: [String: Value] = [
            "URN": .number("\(school.urn)"), "LA (code)": .text("\(school.authority.code)"),
            "LA (name)": .text(school.authority.name), "EstablishmentNumber": .text("\(school.establishmentNumber)"),
            "EstablishmentName": .text(school.name),
            "TypeOfEstablishment (code)": .number("\(school.type.code)"),
            "TypeOfEstablishment (name)": .text(school.type.name),
            "EstablishmentTypeGroup (code)": .number("\(school.type.groupCode)"),
            "EstablishmentTypeGroup (name)": .text(school.type.groupName),
            "EstablishmentStatus (code)": .number("1"), "EstablishmentStatus (name)": .text("Open"),
            "ReasonEstablishmentOpened (code)": .number(school.type.groupCode == 10 ? "10" : "0"),
            "ReasonEstablishmentOpened (name)": .text(school.type.groupCode == 10 ? "Academy Converter" : "Not applicable"),
            "OpenDate": .text(school.openDate.dayMonthYear(separator: "-")),
            "ReasonEstablishmentClosed (code)": .number("0"),
            "ReasonEstablishmentClosed (name)": .text("Not applicable"),
            "PhaseOfEducation (code)": .number("\(kind.phase.code)"),
            "PhaseOfEducation (name)": .text(kind.phase.name),
            "StatutoryLowAge": .number("\(kind.ages.low)"), "StatutoryHighAge": .number("\(kind.ages.high)"),
            "Boarders (name)": .text("No boarders"),
            "OfficialSixthForm (name)": .text(kind.ages.high > 16 ? "Has a sixth form" : "Does not have a sixth form"),
            "Gender (code)": .number("3"), "Gender (name)": .text("Mixed"),
            "ReligiousCharacter (name)": .text(school.religiousCharacter),
            "AdmissionsPolicy (name)": .text(kind.ages.low >= 11 ? "Non-selective" : "Not applicable"),
            "SchoolCapacity": .number("\(school.pupils + school.pupils / 10)"),
            "CensusDate": .text(censusDate.dayMonthYear(separator: "-")),
            "NumberOfPupils": .number("\(school.pupils)"), "NumberOfBoys": .number("\(boys)"),
            "NumberOfGirls": .number("\(school.pupils - boys)"),
            "PercentageFSM": .number(String(format: "%.1f", school.fsmPercent)),
            "FSM": .number("\(Int(Double(school.pupils) * school.fsmPercent / 100))"),
            "UKPRN": .number("\(school.ukprn)"),
            "Street": .text("\(["School Lane", "Church Road", "Mill Street", "Station Road"][school.urn % 4])"),
            "Town": .text(school.district.name), "County (name)": .text(school.authority.name),
            "Postcode": .text(school.postcode),
            "SchoolWebsite": .text("www.\(school.urn).demo.sch.uk"),
            "TelephoneNum": .text("01\(String(format: "%03d", school.authority.code % 1000))\(600_000 + school.urn % 400_000)"),
            "HeadTitle (name)": .text(school.head.title), "HeadFirstName": .text(school.head.first),
            "HeadLastName": .text(school.head.last), "HeadPreferredJobTitle": .text("Headteacher"),
            "GOR (code)": .text("F"), "GOR (name)": .text("West Midlands"),
            "DistrictAdministrative (code)": .text(school.district.code),
            "DistrictAdministrative (name)": .text(school.district.name),
            "ParliamentaryConstituency (code)": .text("E1400\(school.district.code.suffix(4))"),
            "ParliamentaryConstituency (name)": .text(school.district.name),
            "UrbanRural (code)": .text(school.district.urban ? "C1" : "E1"),
            "UrbanRural (name)": .text(school.district.urban ? "(England/Wales) Urban city and town"
                                       : "(England/Wales) Rural village"),
            "Easting": .number("\(school.easting)"), "Northing": .number("\(school.northing)"),
            "Country (name)": .text("United Kingdom"),
        ]
        if let trust = school.trust {
            values["TrustSchoolFlag (code)"] = .number("5")
            values["TrustSchoolFlag (name)"] = .text("Supported by a multi-academy trust")
            values["Trusts (code)"] = .number("\(trust.code)")
            values["Trusts (name)"] = .text(trust.name)
        }
        if let inspection {
            values["OfstedLastInsp"] = .text(inspection.date.dayMonthYear(separator: "-"))
            if let rating = inspection.gradedRating { values["OfstedRating (name)"] = .text(rating) }
        }
        return values
    }

    /// The published header of `edubasealldata<YYYYMMDD>.csv`.
    static let header: [String] = [
        "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
        "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
        "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
        "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
        "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
        "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
        "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
        "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
        "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
        "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (code)",
        "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls",
        "PercentageFSM", "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
        "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)",
        "Federations (name)", "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp",
        "OfstedSpecialMeasures (code)", "OfstedSpecialMeasures (name)", "LastChangedDate", "Street",
        "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
        "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
        "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit",
        "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces", "CCF (name)", "SENPRU (name)",
        "EBD (name)", "PlacesPRU", "FTProv (name)", "EdByOther (name)", "Section41Approved (name)",
        "SEN1 (name)", "SEN2 (name)", "SEN3 (name)", "SEN4 (name)", "SEN5 (name)", "SEN6 (name)",
        "SEN7 (name)", "SEN8 (name)", "SEN9 (name)", "SEN10 (name)", "SEN11 (name)", "SEN12 (name)",
        "SEN13 (name)", "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
        "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)",
        "DistrictAdministrative (code)", "DistrictAdministrative (name)", "AdministrativeWard (code)",
        "AdministrativeWard (name)", "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)",
        "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)",
        "LSOA (name)", "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)",
        "PropsName", "PreviousLA (code)", "PreviousLA (name)", "PreviousEstablishmentNumber",
        "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN", "SiteName", "QABName (code)",
        "QABName (name)", "EstablishmentAccredited (code)", "EstablishmentAccredited (name)", "QABReport",
        "CHNumber", "MSOA (code)", "LSOA (code)", "FSM", "AccreditationExpiryDate",
    ]
}
