import Foundation

/// Reads GIAS establishment extracts, in either layout (see ``GIASLayout``), by header name.
///
/// GIAS writes Windows-1252 with `dd-mm-yyyy` dates; the encoding is detected automatically
/// unless given.
public enum GIASReader {
    /// Opens a GIAS extract for streaming.
    public static func open(_ url: URL, encoding: ImportTextEncoding = .automatic) throws
        -> (layout: GIASLayout, reader: ImportReader<GIASEstablishment>) {
        try reader(CSVReader(contentsOf: url, encoding: encoding))
    }

    /// Reads a GIAS extract from `csv`, detecting its layout from the header.
    public static func reader(_ csv: CSVReader) throws
        -> (layout: GIASLayout, reader: ImportReader<GIASEstablishment>) {
        var layout = GIASLayout.publicExtract
        let reader = try ImportReader<GIASEstablishment>(csv: csv) { columns in
            layout = columns.contains("Easting") || columns.contains("EstablishmentTypeGroup (name)")
                ? .allEstablishmentData : .publicExtract
            return decoder(&columns)
        }
        return (layout, reader)
    }

    private static func decoder(_ c: inout ImportColumns) -> (ImportRow) throws -> GIASEstablishment {
        let urn = c.required("URN")
        let laCode = c.required("LA (code)")
        let name = c.required("EstablishmentName")
        let laName = c.optional("LA (name)")
        let number = c.optional("EstablishmentNumber")
        let ukprn = c.optional("UKPRN")
        func coded(_ field: String) -> (code: ImportColumn?, name: ImportColumn?) {
            (c.optional("\(field) (code)"), c.optional("\(field) (name)"))
        }
        let type = coded("TypeOfEstablishment")
        let typeGroup = coded("EstablishmentTypeGroup")
        let status = coded("EstablishmentStatus")
        let phase = coded("PhaseOfEducation")
        let urbanRural = coded("UrbanRural")
        let district = coded("DistrictAdministrative")
        let constituency = coded("ParliamentaryConstituency")
        let trust = coded("Trusts")
        let low = c.optional("StatutoryLowAge")
        let high = c.optional("StatutoryHighAge")
        let gender = c.optional("Gender (name)")
        let religion = c.optional("ReligiousCharacter (name)")
        let admissions = c.optional("AdmissionsPolicy (name)")
        let sixthForm = c.optional("OfficialSixthForm (name)")
        let region = c.optional("GOR (name)")
        let street = c.optional("Street")
        let locality = c.optional("Locality")
        let address3 = c.optional("Address3")
        let town = c.optional("Town")
        let county = c.optional("County (name)")
        let postcode = c.optional("Postcode")
        let website = c.optional("SchoolWebsite")
        let telephone = c.optional("TelephoneNum")
        let headTitle = c.optional("HeadTitle (name)")
        let headFirst = c.optional("HeadFirstName")
        let headLast = c.optional("HeadLastName")
        let headJob = c.optional("HeadPreferredJobTitle")
        let capacity = c.optional("SchoolCapacity")
        let pupils = c.optional("NumberOfPupils")
        let fsm = c.optional("PercentageFSM")
        let openDate = c.optional("OpenDate")
        let closeDate = c.optional("CloseDate")
        let reasonOpened = c.optional("ReasonEstablishmentOpened (name)")
        let reasonClosed = c.optional("ReasonEstablishmentClosed (name)")
        let easting = c.optional("Easting")
        let northing = c.optional("Northing")
        let ofstedRating = c.optional("OfstedRating (name)")
        let ofstedLast = c.optional("OfstedLastInsp")
        let previousLA = c.optional("PreviousLA (code)")
        let previousNumber = c.optional("PreviousEstablishmentNumber")

        return { row in
            func pair(_ columns: (code: ImportColumn?, name: ImportColumn?)) -> GIASCoded {
                GIASCoded(code: row.text(columns.code), name: row.text(columns.name))
            }
            func date(_ column: ImportColumn?) throws -> CalendarDay? {
                try row.date(column, separator: "-")
            }
            /// The high age, which may not be below the low age.
            func ages() throws -> Int? {
                let (lowAge, highAge) = (try row.integer(low, in: 0...99), try row.integer(high, in: 0...99))
                if let lowAge, let highAge, highAge < lowAge {
                    throw row.error(high, "\(highAge) is below StatutoryLowAge \(lowAge)")
                }
                return highAge
            }
            return GIASEstablishment(
                urn: try row.requiredInteger(urn, in: 100_000...999_999), ukprn: try row.integer(ukprn, in: 10_000_000...99_999_999),
                laCode: try row.requiredInteger(laCode), laName: row.text(laName),
                establishmentNumber: try row.integer(number), name: try row.requiredText(name),
                type: pair(type), typeGroup: pair(typeGroup), status: pair(status), phase: pair(phase),
                statutoryLowAge: try row.integer(low, in: 0...99), statutoryHighAge: try ages(),
                gender: row.text(gender), religiousCharacter: row.text(religion),
                admissionsPolicy: row.text(admissions), officialSixthForm: row.text(sixthForm),
                urbanRural: pair(urbanRural), district: pair(district), constituency: pair(constituency),
                region: row.text(region), street: row.text(street), locality: row.text(locality),
                address3: row.text(address3), town: row.text(town), county: row.text(county),
                postcode: row.text(postcode), website: row.text(website), telephone: row.text(telephone),
                headTitle: row.text(headTitle), headFirstName: row.text(headFirst),
                headLastName: row.text(headLast), headJobTitle: row.text(headJob),
                schoolCapacity: try row.integer(capacity), numberOfPupils: try row.integer(pupils, in: 0...999_999),
                percentageFSM: try row.decimal(fsm, in: 0...100), trust: pair(trust),
                openDate: try date(openDate), closeDate: try date(closeDate),
                reasonOpened: row.text(reasonOpened), reasonClosed: row.text(reasonClosed),
                easting: try row.integer(easting), northing: try row.integer(northing),
                ofstedRating: row.text(ofstedRating), ofstedLastInspection: try date(ofstedLast),
                previousLACode: try row.integer(previousLA),
                previousEstablishmentNumber: try row.integer(previousNumber))
        }
    }
}
