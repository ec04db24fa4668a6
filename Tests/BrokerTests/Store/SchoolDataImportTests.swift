import Broker
import Foundation
import Postgres
import TestSupport
import Testing

/// The importers against a real database, on a 30-school demo county and hand-written bad files.
@Suite("School data import", .serialized)
struct SchoolDataImportTests {
    /// A demo county written once per test process.
    static let county = Result { try DemoCounty.write(schools: 30, seed: 1, to: ImportFixtures.temporaryDirectory()) }

    func count(_ table: String, in pool: PostgresPool) async throws -> Int {
        // Table names come from the tests' own literals.
        try await pool.query(PostgresQuery(sql: "SELECT count(*) AS n FROM \(table)"))[0].decode("n", as: Int.self)
    }

    /// Imports every kind of the demo county in dependency order, returning the summaries.
    func importCounty(into pool: PostgresPool) async throws -> [ImportSummary] {
        try await Self.county.get().load(into: pool)
    }

    @Test("every kind of the demo county loads, and importing it again changes nothing")
    func demoCountyIdempotent() async throws {
        try await TestDatabase.withDatabase { pool in
            let first = try await importCounty(into: pool)
            for summary in first.dropLast() {
                #expect(summary.inserted > 0, "\(summary.description)")
                #expect(summary.updated == 0 && summary.rejected.isEmpty, "\(summary.description)")
            }
            // GIAS placed every school at its Easting/Northing; the published latitude/longitude replaces that.
            #expect(first.last?.updated == 30)
            #expect(first[0].inserted == 30)
            #expect(try await count("schools", in: pool) == 30)
            #expect(try await count("school_coordinates", in: pool) == 30)
            let measures = try await count("school_measures", in: pool) + count("comparator_measures", in: pool)
            #expect(measures == first[1...6].map(\.inserted).reduce(0, +))
            #expect(try await count("inspections", in: pool) == first[7].inserted)
            let reportCards = try await pool.query("""
                SELECT count(*) FILTER (WHERE achievement IS NOT NULL AND achievement_date IS NOT NULL) AS graded,
                       count(*) FILTER (WHERE safeguarding_met IS NOT NULL) AS safeguarding
                FROM inspections WHERE framework = \("report-card")
                """)[0]
            #expect(try reportCards.decode("graded", as: Int.self) > 0)
            #expect(try reportCards.decode("safeguarding", as: Int.self) > 0)

            let second = try await importCounty(into: pool)
            for (again, before) in zip(second, first) {
                #expect(again.inserted == 0 && again.updated == 0, "\(again.description)")
                #expect(again.unchanged == before.inserted + before.updated, "\(again.description)")
            }
        }
    }

    @Test("suppression codes are kept as codes, not zero; LA and England rows become comparators")
    func suppressionKept() async throws {
        try await TestDatabase.withDatabase { pool in
            let directory = try ImportFixtures.temporaryDirectory()
            let file = directory.appendingPathComponent("england_ks2final.csv")
            try Data(([0xEF, 0xBB, 0xBF] + Array("""
                RECTYPE,LEA,ESTAB,URN,SCHNAME,TELIG,PTRWM_EXP,READPROG,READPROG_LOWER,READPROG_UPPER
                1,885,2001,116000,Alpha First,28,68%,SUPP,,
                1,885,2002,116001,Beta Primary,SUPP,LOWCOV,-1.5,-3.0,0.0
                3,885,,,Worcestershire,5000,60%,0.1,,
                4,,,,England,600000,61%,0,,

                """.utf8))).write(to: file)
            let summary = try await ImportKind.ks2.run(file, academicYear: 2025, into: pool, policy: .allOrNothing)
            #expect(summary.inserted == 8)
            let rows = try await pool.query("""
                SELECT urn, measure, value, suppression, lower, cohort FROM school_measures
                WHERE academic_year = \(2025) AND dataset = \("ks2") ORDER BY urn, measure
                """)
            let figures = try rows.map {
                "\(try $0.decode("urn", as: Int.self)) \(try $0.decode("measure", as: String.self)) "
                    + "\(try $0.decode("value", as: String?.self) ?? "-") \(try $0.decode("suppression", as: String?.self) ?? "-") "
                    + "\(try $0.decode("lower", as: String?.self) ?? "-") \(try $0.decode("cohort", as: String?.self) ?? "-")"
            }
            #expect(figures == [
                "116000 PTRWM_EXP 68 - - 28", "116000 READPROG - SUPP - 28",
                "116001 PTRWM_EXP - LOWCOV - -", "116001 READPROG -1.5 - -3 -",
            ])
            let comparators = try await pool.query("""
                SELECT level || ':' || la_code || ':' || record_group || ':' || measure AS id FROM comparator_measures ORDER BY 1
                """).map { try $0.decode("id", as: String.self) }
            #expect(comparators == ["england:0:RECTYPE 4:PTRWM_EXP", "england:0:RECTYPE 4:READPROG",
                                    "local-authority:885::PTRWM_EXP", "local-authority:885::READPROG"])
        }
    }

    /// A GIAS public extract with one bad record (line 3: a statutory age that is not a number).
    func badGIASFile() throws -> URL {
        let file = try ImportFixtures.temporaryDirectory().appendingPathComponent("bad_gias.csv")
        try """
            URN,LA (code),EstablishmentName,StatutoryLowAge,StatutoryHighAge,Postcode
            116000,885,Alpha First School,4,9,WR1 1AA
            116001,885,Beta Primary School,four,11,WR2 2BB
            116002,885,Gamma High School,13,18,WR3 3CC

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a bad record aborts the import at file:line: column and writes nothing")
    func badRecordAborts() async throws {
        try await TestDatabase.withDatabase { pool in
            let file = try badGIASFile()
            let error = await #expect(throws: ImportError.self) {
                try await ImportKind.gias.run(file, into: pool, policy: .allOrNothing)
            }
            #expect(error?.description.hasPrefix("\(file.path):3: StatutoryLowAge: invalid value \"four\"") == true,
                    "\(String(describing: error))")
            #expect(try await count("schools", in: pool) == 0)
        }
    }

    @Test("with skip-invalid the good records load and the bad ones are reported with line and reason")
    func skipInvalid() async throws {
        try await TestDatabase.withDatabase { pool in
            let summary = try await ImportKind.gias.run(try badGIASFile(), into: pool, policy: .skipInvalid)
            #expect(summary.inserted == 2)
            #expect(summary.rejected.map(\.line) == [3])
            #expect(summary.rejected.first?.column == "StatutoryLowAge")
            #expect(try await count("schools", in: pool) == 2)
        }
    }

    /// A GIAS extract whose records pass the reader but break the schema: LA codes beyond 999
    /// (line 3, and line 5, a record over two lines); URN 100001 on line 5 sorts before line 3's
    /// 116001, so the database meets the bad rows in another order than the file's.
    func schemaBreakingGIASFile() throws -> URL {
        let file = try ImportFixtures.temporaryDirectory().appendingPathComponent("refused_gias.csv")
        try """
            URN,LA (code),EstablishmentName
            116000,885,Alpha First School
            116001,8850,Beta Primary School
            116002,885,Gamma High School
            100001,1000,"Delta
            Academy"
            116003,885,Epsilon Middle School

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a record the database refuses fails the import at its file line and writes nothing")
    func refusedRecordAborts() async throws {
        try await TestDatabase.withDatabase { pool in
            let file = try schemaBreakingGIASFile()
            let error = await #expect(throws: ImportError.self) {
                try await ImportKind.gias.run(file, into: pool, policy: .allOrNothing)
            }
            #expect(error?.line == 3, "\(String(describing: error))")
            #expect(error?.reason.contains("schools_la_code_check") == true, "\(String(describing: error))")
            #expect(try await count("schools", in: pool) == 0)
        }
    }

    @Test("with skip-invalid the records the database refuses are reported at their lines and the rest load")
    func refusedRecordsSkipped() async throws {
        try await TestDatabase.withDatabase { pool in
            let summary = try await ImportKind.gias.run(try schemaBreakingGIASFile(), into: pool, policy: .skipInvalid)
            #expect(summary.rejected.compactMap(\.line).sorted() == [3, 5], "\(summary.rejected)")
            #expect(summary.inserted == 3 && summary.unchanged == 0 && summary.skipped == 0)
            let urns = try await pool.query("SELECT urn FROM schools ORDER BY urn").map { try $0.decode("urn", as: Int.self) }
            #expect(urns == [116000, 116002, 116003])
        }
    }

    @Test("values beyond the schema's limits are refused at their column by the reader")
    func limitsCheckedByReader() async throws {
        let file = try ImportFixtures.temporaryDirectory().appendingPathComponent("limits_gias.csv")
        try """
            URN,LA (code),EstablishmentName,StatutoryLowAge,StatutoryHighAge,PercentageFSM
            99,885,Alpha First School,4,9,10
            116001,885,Beta Primary School,12,4,10
            116002,885,Gamma High School,11,16,140%

            """.write(to: file, atomically: true, encoding: .utf8)
        try await TestDatabase.withDatabase { pool in
            let summary = try await ImportKind.gias.run(file, into: pool, policy: .skipInvalid)
            #expect(summary.rejected.map(\.description) == [
                "\(file.path):2: URN: 99 is outside 100000–999999",
                "\(file.path):3: StatutoryHighAge: 4 is below StatutoryLowAge 12",
                "\(file.path):4: PercentageFSM: 140 is outside 0–100",
            ])
        }
    }

    @Test("a changed record updates its row; a postcode-only coordinate locates the school there")
    func updatesAndPostcodes() async throws {
        try await TestDatabase.withDatabase { pool in
            let directory = try ImportFixtures.temporaryDirectory()
            let gias = directory.appendingPathComponent("gias.csv")
            func writeGIAS(_ name: String) throws {
                try "URN,LA (code),EstablishmentName,Postcode\n116000,885,\(name),WR1 1AA\n116001,885,Beta,WR2 2BB\n"
                    .write(to: gias, atomically: true, encoding: .utf8)
            }
            try writeGIAS("Alpha")
            _ = try await ImportKind.gias.run(gias, into: pool, policy: .allOrNothing)
            try writeGIAS("Alpha Academy")
            let second = try await ImportKind.gias.run(gias, into: pool, policy: .allOrNothing)
            #expect((second.inserted, second.updated, second.unchanged) == (0, 1, 1))

            let coordinates = directory.appendingPathComponent("postcodes.csv")
            try "pcds,oseast1m,osnrth1m\nwr1 1aa,385000,255000\nZZ9 9ZZ,385000,255000\n"
                .write(to: coordinates, atomically: true, encoding: .utf8)
            let located = try await ImportKind.coordinates.run(coordinates, into: pool, policy: .allOrNothing)
            #expect((located.inserted, located.skipped) == (1, 1))
            let source = try await pool.query("SELECT source FROM school_coordinates WHERE urn = \(116000)")
            #expect(try source.first?.decode("source", as: String.self) == "national-grid")
        }
    }

    @Test("re-importing leaves the unchanged rows alone: none is locked or rewritten")
    func unchangedRowsUntouched() async throws {
        try await TestDatabase.withDatabase { pool in
            let files = try Self.county.get()
            for _ in 0..<2 {
                _ = try await ImportKind.gias.run(files.gias, into: pool, policy: .allOrNothing)
                _ = try await ImportKind.ks2.run(files.ks2[2025]!, academicYear: 2025, into: pool, policy: .allOrNothing)
            }
            // An INSERT … ON CONFLICT DO UPDATE locks each existing row it meets, even when its
            // WHERE then leaves the row as it was: the lock leaves the row's xmax set.
            for table in ["schools", "school_coordinates", "school_measures", "comparator_measures"] {
                let touched = try await pool.query(PostgresQuery(sql: "SELECT count(*) AS n FROM \(table) WHERE xmax::text <> '0'"))
                #expect(try touched[0].decode("n", as: Int.self) == 0, "\(table)")
                #expect(try await count(table, in: pool) > 0, "\(table)")
            }
        }
    }

    @Test("of several records for one school the last wins, against a stored row too")
    func lastRecordWins() async throws {
        try await TestDatabase.withDatabase { pool in
            let gias = try ImportFixtures.temporaryDirectory().appendingPathComponent("repeated_gias.csv")
            try "URN,LA (code),EstablishmentName\n116000,885,Alpha\n".write(to: gias, atomically: true, encoding: .utf8)
            _ = try await ImportKind.gias.run(gias, into: pool, policy: .allOrNothing)
            try "URN,LA (code),EstablishmentName\n116000,885,Alpha\n116000,885,Alpha Academy\n116001,885,Beta\n116001,885,Beta\n"
                .write(to: gias, atomically: true, encoding: .utf8)
            let summary = try await ImportKind.gias.run(gias, into: pool, policy: .allOrNothing)
            #expect((summary.inserted, summary.updated, summary.unchanged, summary.skipped) == (1, 1, 2, 0), "\(summary)")
            let names = try await pool.query("SELECT name FROM schools ORDER BY urn").map { try $0.decode("name", as: String.self) }
            #expect(names == ["Alpha Academy", "Beta"])
        }
    }

    @Test("a public daily extract keeps the fields only the all-establishment layout has")
    func publicExtractKeepsRicherFields() async throws {
        try await TestDatabase.withDatabase { pool in
            let directory = try ImportFixtures.temporaryDirectory()
            let full = directory.appendingPathComponent("edubasealldata.csv")
            try """
                URN,LA (code),EstablishmentName,EstablishmentTypeGroup (name),NumberOfPupils,Trusts (code),Trusts (name)
                116000,885,Alpha,Academies,210,5001,Vale Trust

                """.write(to: full, atomically: true, encoding: .utf8)
            let daily = directory.appendingPathComponent("edubaseallstatefunded.csv")
            try "URN,LA (code),EstablishmentName\n116000,885,Alpha Academy\n".write(to: daily, atomically: true, encoding: .utf8)
            _ = try await ImportKind.gias.run(full, into: pool, policy: .allOrNothing)
            let summary = try await ImportKind.gias.run(daily, into: pool, policy: .allOrNothing)
            #expect(summary.updated == 1)
            let school = try await pool.query("SELECT name, pupils, trust_reference FROM schools WHERE urn = \(116000)")[0]
            #expect(try school.decode("name", as: String.self) == "Alpha Academy")
            #expect(try school.decode("pupils", as: Int.self) == 210)
            #expect(try school.decode("trust_reference", as: String.self) == "5001")
        }
    }

    @Test("a performance table without --year is refused before anything is read")
    func yearRequired() async throws {
        try await TestDatabase.withDatabase { pool in
            let files = try Self.county.get()
            await #expect(throws: ImportError.self) {
                try await ImportKind.ks2.run(files.ks2[2025]!, into: pool, policy: .allOrNothing)
            }
        }
    }
}
