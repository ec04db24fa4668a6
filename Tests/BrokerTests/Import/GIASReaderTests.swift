import Broker
import Foundation
import Testing

@Suite("GIAS reader")
struct GIASReaderTests {
    /// The public daily extract: names only, strings quoted, Windows-1252.
    static let publicHeader = "\"URN\",\"LA (code)\",\"LA (name)\",\"EstablishmentNumber\",\"EstablishmentName\","
        + "\"TypeOfEstablishment (name)\",\"EstablishmentStatus (name)\",\"OpenDate\",\"PhaseOfEducation (name)\","
        + "\"StatutoryLowAge\",\"StatutoryHighAge\",\"UKPRN\",\"Postcode\",\"HeadFirstName\",\"FaxNum\"\r\n"

    static func publicExtract(_ rows: [UInt8]) throws -> (GIASLayout, ImportReader<GIASEstablishment>) {
        try GIASReader.reader(ImportFixtures.csv(bytes: Array(publicHeader.utf8) + rows, name: "gias.csv"))
    }

    @Test func publicExtractInWindows1252() throws {
        let row: [UInt8] = Array("116646,\"885\",\"Worcestershire\",\"2002\",\"St Mary".utf8) + [0x92]
            + Array("s First School\",\"Community school\",\"Open\",\"01-09-2005\",\"Primary\",4,9,10080157,\"B48 7TA\",\"Ren".utf8)
            + [0xE9] + Array("e\",\"\"\r\n".utf8)
        let (layout, reader) = try Self.publicExtract(row)
        #expect(layout == .publicExtract)
        #expect(reader.unusedColumns == ["FaxNum"])
        let school = try #require(try reader.next())
        #expect(school.urn == 116646 && school.laCode == 885 && school.establishmentNumber == 2002)
        #expect(school.laestab == 8852002)
        #expect(school.name == "St Mary\u{2019}s First School")
        #expect(school.headFirstName == "Renée")
        #expect(school.openDate == CalendarDay(year: 2005, month: 9, day: 1))
        #expect(school.phase == GIASCoded(code: nil, name: "Primary"))
        #expect(school.statutoryLowAge == 4 && school.statutoryHighAge == 9)
        #expect(school.ukprn == 10080157 && school.postcode == "B48 7TA")
        #expect(school.easting == nil && school.trust.name == nil)
        #expect(try reader.next() == nil)
    }

    @Test func badDateHasTheExactMessage() throws {
        let row = "116646,\"885\",\"Worcestershire\",\"2002\",\"A School\",\"Community school\",\"Open\","
            + "\"31-02-2020\",\"Primary\",4,9,10080157,\"B48 7TA\",\"Ann\",\"\"\r\n"
        let (_, reader) = try Self.publicExtract(Array(row.utf8))
        #expect(throws: ImportError(file: "gias.csv", line: 2, column: "OpenDate",
                                    reason: "invalid value \"31-02-2020\" (expected a date in the form dd-mm-yyyy)")) {
            try reader.next()
        }
        do {
            _ = try reader.next()
        } catch {
            Issue.record("only the bad record fails: \(error)")
        }
    }

    @Test func skipInvalidRejectsBadRowsAndKeepsGoodOnes() throws {
        let rows = "100001,\"885\",\"W\",\"2001\",\"Good\",\"\",\"Open\",\"\",\"Primary\",4,11,,\"\",\"\",\"\"\r\n"
            + "x,\"885\",\"W\",\"2002\",\"Bad URN\",\"\",\"Open\",\"\",\"Primary\",4,11,,\"\",\"\",\"\"\r\n"
            + "100003,\"885\",\"W\",\"2003\",\"\",\"\",\"Open\",\"\",\"Primary\",4,11,,\"\",\"\",\"\"\r\n"
            + "100004,\"885\",\"W\",\"2004\",\"Also good\",\"\",\"Open\",\"\",\"Primary\",4,11,,\"\",\"\",\"\"\r\n"
        let (_, reader) = try Self.publicExtract(Array(rows.utf8))
        var rejects: [String] = []
        var urns: [Int] = []
        while let school = try reader.next(rejecting: { rejects.append($0.description) }) { urns.append(school.urn) }
        #expect(urns == [100001, 100004])
        #expect(rejects == [
            "gias.csv:3: URN: invalid value \"x\" (expected a whole number)",
            "gias.csv:4: EstablishmentName: value is required",
        ])
        #expect(reader.recordsRead == 4)
    }

    @Test func missingRequiredColumnsAreNamedTogether() {
        let csv = ImportFixtures.csv("\"URN\",\"LA (name)\",\"Town\"\r\n1,\"X\",\"Y\"\r\n", name: "gias.csv")
        #expect(throws: ImportError(file: "gias.csv", line: 1,
                                    reason: "missing required columns: LA (code), EstablishmentName")) {
            try GIASReader.reader(csv)
        }
    }

    @Test func headerNamesMatchRegardlessOfCaseOrOrder() throws {
        let csv = ImportFixtures.csv("establishmentname, la (CODE) ,urn\nA School,885,123456\n")
        let school = try #require(try GIASReader.reader(csv).reader.next())
        #expect(school.urn == 123456 && school.laCode == 885 && school.name == "A School")
    }

    @Test func allEstablishmentDataLayout() throws {
        let header = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (code),"
            + "TypeOfEstablishment (name),EstablishmentTypeGroup (code),EstablishmentTypeGroup (name),"
            + "EstablishmentStatus (code),EstablishmentStatus (name),OpenDate,CloseDate,PhaseOfEducation (code),"
            + "PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,NumberOfPupils,PercentageFSM,Trusts (code),"
            + "Trusts (name),UKPRN,OfstedLastInsp,DistrictAdministrative (code),DistrictAdministrative (name),"
            + "UrbanRural (code),UrbanRural (name),Easting,Northing,OfstedRating (name),SEN1 (name)\n"
        let row = "140001,885,Worcestershire,4001,\"Hill, High School\",28,Academy sponsor led,10,Academies,2,Closed,"
            + "01-09-2013,31-08-2024,4,Secondary,13,18,1012,12.5,5123,\"Vale Learning Trust\",10012345,12-03-2019,"
            + "E07000234,Bromsgrove,C1,(England/Wales) Urban city and town,397000,270000,Good,\n"
        let (layout, reader) = try GIASReader.reader(ImportFixtures.csv(header + row))
        #expect(layout == .allEstablishmentData)
        #expect(reader.unusedColumns == ["SEN1 (name)"])
        let school = try #require(try reader.next())
        #expect(school.name == "Hill, High School")
        #expect(school.type == GIASCoded(code: "28", name: "Academy sponsor led"))
        #expect(school.typeGroup.name == "Academies" && school.status.name == "Closed")
        #expect(school.closeDate == CalendarDay(year: 2024, month: 8, day: 31))
        #expect(school.numberOfPupils == 1012 && school.percentageFSM == Decimal(string: "12.5"))
        #expect(school.trust == GIASCoded(code: "5123", name: "Vale Learning Trust"))
        #expect(school.district.name == "Bromsgrove" && school.urbanRural.code == "C1")
        #expect(school.easting == 397000 && school.northing == 270000)
        let location = try #require(school.location)
        #expect(abs(location.latitude - 52.3) < 0.05 && abs(location.longitude - -2.04) < 0.05)
        #expect(school.ofstedRating == "Good" && school.ofstedLastInspection == CalendarDay(year: 2019, month: 3, day: 12))
    }

    @Test func extraFieldsBeyondTheHeaderAreAnErrorButShortRowsAreNot() throws {
        let csv = ImportFixtures.csv("URN,LA (code),EstablishmentName,Town\n100001,885,A\n100002,885,B,T,extra\n")
        let (_, reader) = try GIASReader.reader(csv)
        #expect(try reader.next()?.town == nil)
        #expect(throws: ImportError(file: "fixture.csv", line: 3, reason: "record has 5 fields but the header has 4")) {
            try reader.next()
        }
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: ImportError(file: "fixture.csv", line: 1, reason: "file is empty (no header line)")) {
            try GIASReader.reader(ImportFixtures.csv(""))
        }
    }

    @Test func links() throws {
        let csv = ImportFixtures.csv("URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n"
                                     + "116700,140001,Hill High,Successor,01-09-2013\n140001,116700,Hill,Predecessor,\n")
        let links = try GIASLinkReader.reader(csv).readAll()
        #expect(links.map(\.isSuccessor) == [true, false])
        #expect(links[1].isPredecessor && links[1].linkedURN == 116700)
        #expect(links[0].established == CalendarDay(year: 2013, month: 9, day: 1))
    }
}
