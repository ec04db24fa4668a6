import Foundation

/// A fictional county (or, at national scale, a fictional England) written in the official
/// file formats, so that demos and benchmarks exercise the same importers as real data.
///
/// The same `schools` and `seed` always give byte-identical files. About 250 schools make one
/// authority ("Demoshire", LA 960) with six districts, two of them organised in first, middle
/// and high schools; larger counts are split into authorities of about 150 schools each.
public enum DemoCounty {
    /// The academic years (as the year in which they end) the performance tables cover.
    public static let academicYears = [2023, 2024, 2025]
    /// The first school's URN; the n-th school (from 0) has `firstURN + n`.
    public static let firstURN = 500_001

    /// The files one run wrote.
    public struct Files: Sendable {
        /// GIAS "all establishment data" (140 columns, Windows-1252, `dd-mm-yyyy`).
        public let gias: URL
        /// KS2 and KS4 performance tables by academic year (UTF-8 with BOM).
        public let ks2: [Int: URL]
        public let ks4: [Int: URL]
        /// Ofsted MI, "latest inspections", report-card layout.
        public let ofsted: URL
        /// School coordinates: `URN, SCHNAME, POSTCODE, ISPRIMARY, ISSECONDARY, LAT, LON`.
        public let coordinates: URL
        /// The supporters register (SchoolBroker's own format; `schoolbroker import supporters`).
        public let supporters: URL
        /// How many schools the files describe.
        public let schools: Int
    }

    /// Writes the data set into `directory` (created if needed), overwriting earlier files.
    /// - Parameters:
    ///   - schools: how many schools (250 for a county, 22,000 for England).
    ///   - seed: the random seed; the same seed gives the same files.
    @discardableResult
    public static func write(schools: Int, seed: UInt64, to directory: URL) throws -> Files {
        precondition(schools > 0, "a demo county needs at least one school")
        let model = DemoCountyModel(schools: schools, seed: seed)
        var inspectionRandom = DemoRandom(seed: seed ^ 0x0F57_ED00)
        var inspections: [Int: DemoInspection] = [:]
        for school in model.schools {
            inspections[school.urn] = DemoInspection(school, random: &inspectionRandom)
        }

        let fileManager = FileManager.default
        func folder(_ name: String) throws -> URL {
            let url = directory.appendingPathComponent(name, isDirectory: true)
            try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let gias = try folder("gias").appendingPathComponent("edubasealldata20260602.csv")
        try DemoGIASFile.write(model.schools, inspections: inspections,
                               censusDate: CalendarDay(year: 2026, month: 1, day: 15)!, to: gias)

        var ks2: [Int: URL] = [:]
        var ks4: [Int: URL] = [:]
        for year in academicYears {
            let tables = try folder("performance-tables/\(year - 1)-\(year)")
            var random = DemoRandom(seed: seed ^ UInt64(year) &* 0x9E37_79B9)
            ks2[year] = tables.appendingPathComponent("england_ks2final.csv")
            try DemoPerformanceTables.write(to: ks2[year]!, columns: DemoOutcomes.ks2Columns(), schools: model.schools,
                                            laRecordType: 3, englandRecordTypes: [4, 5]) {
                DemoOutcomes.ks2($0, year: year, random: &random)
            }
            ks4[year] = tables.appendingPathComponent("england_ks4final.csv")
            try DemoPerformanceTables.write(to: ks4[year]!, columns: DemoOutcomes.ks4Columns(), schools: model.schools,
                                            laRecordType: 4, englandRecordTypes: [5]) {
                DemoOutcomes.ks4($0, year: year, random: &random)
            }
        }

        let ofsted = try folder("ofsted").appendingPathComponent("state_funded_schools_latest_inspections.csv")
        try DemoOfstedFile.write(model.schools, inspections: inspections, to: ofsted)

        let coordinates = try folder("geo").appendingPathComponent("school_coords.csv")
        let writer = try CSVWriter(url: coordinates, encoding: .utf8)
        try writer.write(["URN", "SCHNAME", "POSTCODE", "ISPRIMARY", "ISSECONDARY", "LAT", "LON"])
        for school in model.schools {
            let location = NationalGrid.wgs84(easting: Double(school.easting), northing: Double(school.northing))
            try writer.write(["\(school.urn)", school.name, school.postcode, school.kind.hasKS2 ? "1" : "0",
                              school.kind.hasKS4 ? "1" : "0", String(format: "%.6f", location.latitude),
                              String(format: "%.6f", location.longitude)])
        }
        try writer.close()

        let supporters = try folder("supporters").appendingPathComponent("supporters.csv")
        try DemoSupporters.write(model, seed: seed, to: supporters)

        return Files(gias: gias, ks2: ks2, ks4: ks4, ofsted: ofsted, coordinates: coordinates, supporters: supporters,
                     schools: schools)
    }
}
