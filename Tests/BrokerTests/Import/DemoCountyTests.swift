import Broker
import Foundation
import Testing

@Suite("Demo county")
struct DemoCountyTests {
    @Test func readersReadBackWhatTheGeneratorWrites() throws {
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try DemoCounty.write(schools: 250, seed: 1, to: directory)

        let (layout, giasReader) = try GIASReader.open(files.gias, encoding: .windows1252)
        #expect(layout == .allEstablishmentData)
        let schools = try giasReader.readAll()
        #expect(schools.count == 250)
        #expect(Set(schools.map(\.urn)).count == 250 && Set(schools.compactMap(\.laestab)).count == 250)
        #expect(schools.allSatisfy { $0.laCode == 960 && $0.easting != nil && $0.percentageFSM != nil })
        let ages = Set(schools.compactMap { school in
            school.statutoryLowAge.flatMap { low in school.statutoryHighAge.map { "\(low)-\($0)" } }
        })
        #expect(ages.isSuperset(of: ["4-9", "9-13", "13-18", "4-11", "11-16", "11-18"]))  // first/middle/high too
        #expect(Set(schools.compactMap(\.trust.name)).count > 3)
        #expect(Set(schools.compactMap(\.district.name)).count == 6)
        #expect(schools.contains { $0.name.contains("\u{2019}") })  // written as 0x92 in Windows-1252
        #expect(schools.contains { $0.ofstedRating != nil })

        for year in DemoCounty.academicYears {
            let ks2 = try MeasureTableReader.open(files.ks2[year]!, catalog: .ks2, academicYear: year).readAll()
            let schoolRows = ks2.filter { $0.level == .school }
            #expect(schoolRows.count > 150)
            #expect(ks2.filter { $0.level == .localAuthority }.count == 1)
            #expect(ks2.filter { $0.level == .england }.map(\.recordType) == [4, 5])
            let measures = schoolRows.flatMap(\.measures)
            #expect(measures.contains { $0.value.suppression == .supp })
            #expect(measures.contains { $0.code == "READPROG" } == (year == 2023))
            // The disadvantaged gap: disadvantaged pupils do worse on average.
            func mean(_ code: String) -> Double {
                let values = measures.filter { $0.code == code }.compactMap(\.value.number)
                return values.reduce(0) { $0 + NSDecimalNumber(decimal: $1).doubleValue } / Double(values.count)
            }
            #expect(mean("PTRWM_EXP_NotFSM6CLA1A") - mean("PTRWM_EXP_FSM6CLA1A") > 8)
            let cohorts = schoolRows.compactMap { $0.measures.first { $0.code == "PTRWM_EXP" }?.cohort?.number }
            #expect(cohorts.contains { $0 >= 20 && $0 <= 90 })

            let ks4 = try MeasureTableReader.open(files.ks4[year]!, catalog: .ks4, academicYear: year).readAll()
            #expect(ks4.filter { $0.level == .school }.count > 15)
            #expect(ks4.flatMap(\.measures).contains { $0.code == "P8MEA" } == (year != 2025))
        }

        let (ofstedLayout, ofstedReader) = try OfstedReader.open(files.ofsted)
        #expect(ofstedLayout == .reportCard)
        let inspections = try ofstedReader.readAll()
        #expect(inspections.count == 250)
        #expect(inspections.contains { $0.reportCard != nil })
        let overall = Set(inspections.compactMap { $0.graded?.overallEffectiveness })
        #expect(overall.isSuperset(of: [.outstanding, .good, .requiresImprovement, .notJudged]))

        let coordinates = try CoordinateReader.open(files.coordinates).readAll()
        #expect(coordinates.count == 250)
        let school = try #require(schools.first)
        let location = try #require(coordinates.first { $0.urn == school.urn }?.location)
        let expected = NationalGrid.wgs84(easting: Double(school.easting!), northing: Double(school.northing!))
        #expect(abs(location.latitude - expected.latitude) < 1e-5 && abs(location.longitude - expected.longitude) < 1e-5)
    }

    @Test func sameSeedSameFilesDifferentSeedDifferentFiles() throws {
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DemoCounty.write(schools: 40, seed: 7, to: directory.appendingPathComponent("a"))
        let again = try DemoCounty.write(schools: 40, seed: 7, to: directory.appendingPathComponent("b"))
        let other = try DemoCounty.write(schools: 40, seed: 8, to: directory.appendingPathComponent("c"))
        for (a, b) in [(first.gias, again.gias), (first.ks2[2024]!, again.ks2[2024]!), (first.ofsted, again.ofsted)] {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        }
        #expect(try Data(contentsOf: first.gias) != Data(contentsOf: other.gias))
    }

    @Test func nationalScaleSplitsIntoAuthorities() throws {
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try DemoCounty.write(schools: 1_200, seed: 3, to: directory)
        let schools = try GIASReader.open(files.gias).reader.readAll()
        #expect(Set(schools.map(\.laCode)).count == 8)
        let ks2 = try MeasureTableReader.open(files.ks2[2025]!, catalog: .ks2, academicYear: 2025).readAll()
        #expect(ks2.filter { $0.level == .localAuthority }.count == 8)
    }
}
