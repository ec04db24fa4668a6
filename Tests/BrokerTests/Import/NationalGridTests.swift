import Broker
import Foundation
import Testing

@Suite("National Grid and coordinates")
struct NationalGridTests {
    static func degrees(_ d: Double, _ m: Double, _ s: Double) -> Double { d + m / 60 + s / 3600 }

    /// Ordnance Survey, *A guide to coordinate systems in Great Britain*, Annex C worked example:
    /// E 651409.903, N 313177.270 is 52°39′27.2531″N 1°43′4.5177″E on OSGB36.
    @Test func ordnanceSurveyWorkedExample() {
        let point = NationalGrid.osgb36LatitudeLongitude(easting: 651_409.903, northing: 313_177.270)
        #expect(abs(point.latitude - Self.degrees(52, 39, 27.2531)) < 1e-7)
        #expect(abs(point.longitude - Self.degrees(1, 43, 4.5177)) < 1e-7)
    }

    /// With the Helmert transformation to WGS84 (the bng-latlon reference vector, 6 d.p.).
    @Test func helmertToWGS84() {
        let point = NationalGrid.wgs84(easting: 538_890, northing: 177_320)
        #expect(abs(point.latitude - 51.477795) < 2e-6)
        #expect(abs(point.longitude - -0.001402) < 2e-6)
        // The datum shift is of the order of 100 m (about 0.0015° of longitude at Greenwich).
        let osgb = NationalGrid.osgb36LatitudeLongitude(easting: 538_890, northing: 177_320)
        #expect((0.001...0.002).contains(abs(point.longitude - osgb.longitude)))
    }

    @Test func coordinatesByURNWithLatitudeLongitude() throws {
        let text = "URN,SCHNAME,POSTCODE,ISPRIMARY,ISSECONDARY,LAT,LON\n116646,A,B48 7TA,1,0,52.354659,-1.962244\n"
            + "101212,B,RM7 0RL,1,0,,\n"
        let reader = try CoordinateReader.reader(ImportFixtures.csv(text))
        let records = try reader.readAll()
        let record = try #require(records.first)
        #expect(records.count == 1 && record.line == 2 && record.urn == 116646 && record.postcode == "B48 7TA")
        #expect(record.location == GeoCoordinate(latitude: 52.354659, longitude: -1.962244))
        #expect(record.source == .latitudeLongitude)
        #expect(reader.recordsSkipped == 1)
        #expect(reader.unusedColumns == ["SCHNAME", "ISPRIMARY", "ISSECONDARY"])
    }

    @Test func coordinatesByPostcodeWithEastingNorthing() throws {
        let text = "pcds,oseast1m,osnrth1m,lat,long\nSE1 9XX,538890,177320,99.999999,0.000000\n"
        let record = try #require(try CoordinateReader.reader(ImportFixtures.csv(text)).next())
        #expect(record.urn == nil && record.postcode == "SE1 9XX" && record.source == .nationalGrid)
        #expect(abs(record.location.latitude - 51.477795) < 2e-6)
    }

    @Test func coordinateErrors() throws {
        #expect(throws: ImportError(file: "c.csv", line: 1, reason: "missing required columns: "
                                    + "a URN or postcode column and latitude/longitude or Easting/Northing columns")) {
            try CoordinateReader.reader(ImportFixtures.csv("id,x\n", name: "c.csv"))
        }
        let reader = try CoordinateReader.reader(ImportFixtures.csv("URN,Easting,Northing\n1,9000000,1\n,1,1\n",
                                                                    name: "c.csv"))
        #expect(throws: ImportError(file: "c.csv", line: 2, column: "Easting",
                                    reason: "grid reference 9000000.0, 1.0 is outside the National Grid")) {
            try reader.next()
        }
        #expect(throws: ImportError(file: "c.csv", line: 3, column: "URN", reason: "row has neither a URN nor a postcode")) {
            try reader.next()
        }
    }
}
