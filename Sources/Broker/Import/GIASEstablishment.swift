import Foundation

/// Which GIAS extract a file is.
public enum GIASLayout: String, Sendable, Hashable {
    /// The 33/34-column public daily extract (`edubaseallstatefunded…`, `edubaseallacademiesandfree…`):
    /// names only, no pupils, FSM, trust, district, urban/rural, Easting/Northing or Ofsted rating.
    case publicExtract = "public-extract"
    /// The ~140-column "all establishment data" (`edubasealldata…`): codes and names, and the
    /// fields the public extract leaves out.
    case allEstablishmentData = "all-establishment-data"
}

/// A code and its name, as GIAS publishes classification fields (`TypeOfEstablishment (code)` /
/// `(name)`). The public extract has only names, so `code` is often `nil`.
public struct GIASCoded: Hashable, Sendable {
    /// The published code (`28`, `E07000234`), when the layout has codes.
    public var code: String?
    /// The published name (`Academy sponsor led`, `Bromsgrove`).
    public var name: String?

    public init(code: String?, name: String?) {
        self.code = code
        self.name = name
    }
}

/// One establishment from a GIAS extract. Fields the file's layout lacks are `nil`.
public struct GIASEstablishment: Hashable, Sendable {
    /// Unique reference number (6 digits).
    public var urn: Int
    /// UK provider reference number (8 digits).
    public var ukprn: Int?
    /// Local authority code (3 digits) and name.
    public var laCode: Int
    /// The LA's name as GIAS writes it.
    public var laName: String?
    /// Establishment number within the LA (4 digits).
    public var establishmentNumber: Int?
    /// LA code × 10000 + establishment number, when both are known.
    public var laestab: Int? {
        establishmentNumber.map { laCode * 10_000 + $0 }
    }
    /// The establishment's name.
    public var name: String
    /// Type of establishment (`Community school`, `Academy converter`…).
    public var type: GIASCoded
    /// Type group (`Academies`, `Local authority maintained schools`…).
    public var typeGroup: GIASCoded
    /// Status (`Open`, `Closed`, `Proposed to open`…).
    public var status: GIASCoded
    /// Phase of education (`Primary`, `Middle deemed secondary`…); see DESIGN.md on ages.
    public var phase: GIASCoded
    /// Statutory age range: decides which key stages apply (a 4–9 first school sits no KS2).
    public var statutoryLowAge: Int?
    public var statutoryHighAge: Int?
    /// Pupils' gender (`Mixed`, `Girls`, `Boys`).
    public var gender: String?
    /// Religious character (`Does not apply`, `Church of England`…).
    public var religiousCharacter: String?
    /// Admissions policy (`Non-selective`, `Selective`…).
    public var admissionsPolicy: String?
    /// Whether the school has a sixth form, as published.
    public var officialSixthForm: String?
    /// ONS urban/rural classification (`C1` urban city and town, `E1` rural village…).
    public var urbanRural: GIASCoded
    /// District (administrative) code and name.
    public var district: GIASCoded
    /// Parliamentary constituency code and name.
    public var constituency: GIASCoded
    /// Government office region name.
    public var region: String?
    /// Address lines, town, county and postcode.
    public var street: String?
    public var locality: String?
    public var address3: String?
    public var town: String?
    public var county: String?
    public var postcode: String?
    /// Website and telephone number.
    public var website: String?
    public var telephone: String?
    /// Head teacher's title, names and job title.
    public var headTitle: String?
    public var headFirstName: String?
    public var headLastName: String?
    public var headJobTitle: String?
    /// Places and pupils on roll (census).
    public var schoolCapacity: Int?
    public var numberOfPupils: Int?
    /// Percentage of pupils eligible for free school meals (0–100).
    public var percentageFSM: Decimal?
    /// The school's trust (multi-academy or single-academy trust, or foundation trust).
    public var trust: GIASCoded
    /// Opening and closing dates (`dd-mm-yyyy` in the file) and their reasons.
    public var openDate: CalendarDay?
    public var closeDate: CalendarDay?
    public var reasonOpened: String?
    public var reasonClosed: String?
    /// OSGB36 British National Grid coordinates, metres.
    public var easting: Int?
    public var northing: Int?
    /// The WGS84 location of the grid reference, when the layout has one.
    public var location: GeoCoordinate? {
        guard let easting, let northing else { return nil }
        return NationalGrid.wgs84(easting: Double(easting), northing: Double(northing))
    }
    /// The Ofsted rating GIAS carries (text as published, e.g. `Good`, `Serious Weaknesses`).
    public var ofstedRating: String?
    public var ofstedLastInspection: CalendarDay?
    /// The LA code and establishment number before a reorganisation, a link to the predecessor
    /// record (full links come from the GIAS links file; see ``GIASLinkReader``).
    public var previousLACode: Int?
    public var previousEstablishmentNumber: Int?
}
