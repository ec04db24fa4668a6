import Broker
import Foundation
import Testing

/// Reads every real published file in `../shared/research-data` (when present) to prove the
/// importers accept them as published. Nothing is copied into the repository.
@Suite("Real published files")
struct RealDataTests {
    /// `<repo>/../shared/research-data`, four levels up from this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/research-data")

    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func file(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func count<Record>(_ reader: ImportReader<Record>) throws -> Int {
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    @Test(.enabled(if: available), arguments: [
        ("gias/edubaseallstatefunded20260602.csv", GIASLayout.publicExtract, 21_983),
        ("gias/edubaseallstatefunded20260602_LA885.csv", .publicExtract, 243),
        ("gias/edubaseallacademiesandfree20260602.csv", .publicExtract, 11_985),
        ("gias/edubaseallacademiesandfree20260602_LA885.csv", .publicExtract, 151),
        ("gias/gias_subset.csv", .allEstablishmentData, 8),
    ])
    func gias(path: String, layout: GIASLayout, expected: Int) throws {
        let (found, reader) = try GIASReader.open(Self.file(path))
        #expect(found == layout)
        let records = try reader.readAll()
        #expect(records.count == expected)
        print("\(path): \(records.count) establishments (\(layout.rawValue))")
    }

    @Test(.enabled(if: available), arguments: [
        ("performance-tables/2018-2019/850_ks2final.csv", "ks2", 2019, 334),
        ("performance-tables/2018-2019/936_ks2final.csv", "ks2", 2019, 242),
        ("performance-tables/england-2019_KSPDeveloper/england_ks4provisional.csv", "ks4", 2019, 5_652),
        ("performance-tables/england-2019_KSPDeveloper/england_ks4provisional_LA885.csv", "ks4", 2019, 59),
        ("performance-tables/england-2019_KSPDeveloper/england_census.csv", "census", 2019, 23_942),
        ("performance-tables/england-2019_KSPDeveloper/england_census_LA885.csv", "census", 2019, 258),
        ("performance-tables/2024-2025/england_census.csv", "census", 2025, 24_473),
        ("performance-tables/2024-2025/england_census_LA885.csv", "census", 2025, 271),
        ("performance-tables/england-2019_KSPDeveloper/england_abs.csv", "absence", 2019, 21_217),
        ("performance-tables/england-2019_KSPDeveloper/england_abs_LA885.csv", "absence", 2019, 235),
    ])
    func measureTables(path: String, dataset: String, year: Int, expected: Int) throws {
        let catalog = [MeasureCatalog.ks2, .ks4, .census, .absence].first { $0.dataset == dataset }!
        let reader = try MeasureTableReader.open(Self.file(path), catalog: catalog, academicYear: year)
        let rows = try reader.readAll()
        #expect(rows.count == expected)
        let measures = rows.reduce(0) { $0 + $1.measures.count }
        let suppressed = rows.reduce(0) { $0 + $1.measures.filter { $0.value.suppression != nil }.count }
        let levels = Dictionary(grouping: rows, by: \.level).map { "\($0.key.rawValue) \($0.value.count)" }.sorted()
        print("\(path): \(rows.count) rows, \(measures) measures (\(suppressed) suppressed), \(levels)")
    }

    /// Figures quoted in SOURCES.md and visible in the files.
    @Test(.enabled(if: available))
    func publishedFiguresSurvive() throws {
        let ks2 = try MeasureTableReader.open(Self.file("performance-tables/2018-2019/850_ks2final.csv"),
                                              catalog: .ks2, academicYear: 2019).readAll()
        let hampshire = try #require(ks2.first { $0.level == .localAuthority })
        let ks2Figures = Dictionary(uniqueKeysWithValues: hampshire.measures.map { ($0.code, $0) })
        #expect(ks2Figures["PTRWM_EXP"]?.value == .number(68) && ks2Figures["PTRWM_EXP"]?.cohort == .number(14855))
        #expect(ks2Figures["PTRWM_EXP_FSM6CLA1A"]?.value == .number(49))

        let ks4 = try MeasureTableReader.open(
            Self.file("performance-tables/england-2019_KSPDeveloper/england_ks4provisional_LA885.csv"),
            catalog: .ks4, academicYear: 2019).readAll()
        let worcestershire = try #require(ks4.first { $0.level == .localAuthority })
        let ks4Figures = Dictionary(uniqueKeysWithValues: worcestershire.measures.map { ($0.code, $0) })
        #expect(ks4Figures["ATT8SCR"]?.value == .number(Decimal(string: "46.5")!))
        #expect(ks4Figures["ATT8SCR"]?.cohort == .number(5439))
        #expect(ks4Figures["P8MEA"]?.value == .number(Decimal(string: "0.06")!))

        let gias = try GIASReader.open(Self.file("gias/edubaseallstatefunded20260602_LA885.csv")).reader.readAll()
        #expect(gias.allSatisfy { $0.laCode == 885 && $0.status.name == "Open" })
        #expect(gias.filter { $0.phase.name == "Primary" }.count == 178)
        #expect(gias.filter { $0.phase.name == "Middle deemed secondary" }.count == 14)
        let crown = try #require(gias.first { $0.urn == 116646 })
        #expect(crown.name == "Crown Meadow First School & Nursery" && crown.laestab == 8852002)
        #expect(crown.statutoryLowAge == 2 && crown.statutoryHighAge == 9)

        let mi = try OfstedReader.open(Self.file(
            "ofsted/ofsted_mi_state-funded_latest_inspections_LA885_LA-maintained-subset.csv")).reader.readAll()
        let crownInspection = try #require(mi.first { $0.urn == 116646 })
        #expect(crownInspection.reportCard?.safeguardingMet == true)
        #expect(crownInspection.reportCard?.grades.first == OfstedAreaGrade(
            area: .inclusion, grade: .needsAttention, date: CalendarDay(year: 2026, month: 2, day: 24)))
        #expect(crownInspection.ungraded?.outcome == "School remains Good")
    }

    @Test(.enabled(if: available))
    func ofsted() throws {
        let path = "ofsted/ofsted_mi_state-funded_latest_inspections_LA885_LA-maintained-subset.csv"
        let (layout, reader) = try OfstedReader.open(Self.file(path))
        #expect(layout == .reportCard)
        let records = try reader.readAll()
        #expect(records.count == 76)
        let reportCards = records.filter { $0.reportCard != nil }.count
        let graded = records.filter { $0.graded != nil }.count
        print("\(path): \(records.count) schools, \(reportCards) report cards, \(graded) OEIF graded")
    }

    @Test(.enabled(if: available), arguments: [
        ("geo/england_school_coords.csv", 25_632),
        ("geo/england_school_coords_LA885.csv", 271),
        ("geo/postcode-outcodes.csv", 2_973),
    ])
    func coordinates(path: String, expectedRows: Int) throws {
        let reader = try CoordinateReader.open(Self.file(path))
        let records = try reader.readAll()
        #expect(reader.recordsRead == expectedRows)
        print("\(path): \(records.count) located, \(reader.recordsSkipped) without a location")
    }
}
