import Broker
import Testing

@Suite("National Grid forward projection")
struct NationalGridForwardTests {
    /// Ordnance Survey, *A guide to coordinate systems in Great Britain*, Annex C worked example,
    /// the other way: 52°39′27.2531″N 1°43′4.5177″E on OSGB36 is E 651409.903, N 313177.270.
    @Test func ordnanceSurveyWorkedExample() {
        let grid = NationalGrid.gridReference(osgb36: GeoCoordinate(
            latitude: NationalGridTests.degrees(52, 39, 27.2531), longitude: NationalGridTests.degrees(1, 43, 4.5177)))
        #expect(abs(grid.easting - 651_409.903) < 0.001)
        #expect(abs(grid.northing - 313_177.270) < 0.001)
    }

    /// WGS84 → grid undoes grid → WGS84 to well under a metre across Great Britain's extent.
    @Test func roundTripsTheInverse() {
        for easting in stride(from: 100_000.0, through: 650_000, by: 50_000) {
            for northing in stride(from: 10_000.0, through: 1_200_000, by: 50_000) {
                let back = NationalGrid.gridReference(NationalGrid.wgs84(easting: easting, northing: northing))
                #expect(abs(back.easting - easting) < 0.05 && abs(back.northing - northing) < 0.05,
                        "\(easting), \(northing) → \(back)")
            }
        }
    }

    /// The bng-latlon reference vector: 51.477795, −0.001402 (Greenwich) is about E 538890, N 177320.
    @Test func greenwich() {
        let grid = NationalGrid.gridReference(GeoCoordinate(latitude: 51.477795, longitude: -0.001402))
        #expect(abs(grid.easting - 538_890) < 1 && abs(grid.northing - 177_320) < 1)
    }
}
