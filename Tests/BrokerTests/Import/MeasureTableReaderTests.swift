import Broker
import Foundation
import Testing

@Suite("Performance tables, census and absence")
struct MeasureTableReaderTests {
    static let ks2 = "RECTYPE,LEA,ESTAB,URN,SCHNAME,TELIG,TFSM6CLA1A,TNotFSM6CLA1A,PTRWM_EXP,READPROG,READPROG_LOWER,"
        + "READPROG_UPPER,PTRWM_EXP_FSM6CLA1A,PTRWM_EXP_NotFSM6CLA1A,READCOV\r\n"
        + "1,885,2002,116646,\"Crown Meadow, First\",60,18,42,63%,-1.9,-3.4,-0.3,SUPP,70%,100%\r\n"
        + "2,885,7000,131559,Special,3,SUPP,SUPP,SUPP,NA,NA,NA,,SUPP,\r\n"
        + "1,885,2050,147066,New School,NEW\r\n"
        + "3,885, , ,,14855,3263,11592,68%,-0.4,-0.5,-0.3,49%,73%,\r\n"
        + "4, , , ,,649249,198025,451224,65%, , , ,51%,71%,\r\n"

    @Test func ks2RowsBecomeTidyMeasures() throws {
        let reader = try MeasureTableReader.reader(ImportFixtures.csv(Self.ks2, name: "885_ks2final.csv", bom: true),
                                                   catalog: .ks2, academicYear: 2019)
        #expect(reader.unusedColumns == ["READCOV"])
        let rows = try reader.readAll()
        #expect(rows.map(\.level) == [.school, .school, .school, .localAuthority, .england])
        #expect(rows.map(\.recordType) == [1, 2, 1, 3, 4])

        let school = rows[0]
        #expect(school.urn == 116646 && school.laCode == 885 && school.establishmentNumber == 2002)
        #expect(school.academicYear == 2019 && school.dataset == "ks2" && school.line == 2)
        #expect(school.schoolName == "Crown Meadow, First")
        let byCode = Dictionary(uniqueKeysWithValues: school.measures.map { ($0.code, $0) })
        #expect(byCode["PTRWM_EXP"] == PublishedMeasure(code: "PTRWM_EXP", value: .number(63), cohort: .number(60)))
        #expect(byCode["READPROG"] == PublishedMeasure(
            code: "READPROG", value: .number(Decimal(string: "-1.9")!), lower: .number(Decimal(string: "-3.4")!),
            upper: .number(Decimal(string: "-0.3")!), cohort: .number(60)))
        #expect(byCode["PTRWM_EXP_FSM6CLA1A"]?.value == .suppressed(.supp))
        #expect(byCode["PTRWM_EXP_FSM6CLA1A"]?.cohort == .number(18))
        #expect(byCode["PTRWM_EXP_NotFSM6CLA1A"]?.value == .number(70))

        let special = Dictionary(uniqueKeysWithValues: rows[1].measures.map { ($0.code, $0.value) })
        #expect(special["READPROG"] == .suppressed(.na))
        #expect(special["PTRWM_EXP"] == .suppressed(.supp))
        #expect(special["PTRWM_EXP_FSM6CLA1A"] == nil)  // empty: missing, not zero

        #expect(rows[2].measures.isEmpty)  // a truncated NEW row
        #expect(rows[3].urn == nil && rows[3].laCode == 885)
        #expect(rows[4].laCode == nil && rows[4].measures.map(\.code) == ["PTRWM_EXP", "PTRWM_EXP_FSM6CLA1A",
                                                                            "PTRWM_EXP_NotFSM6CLA1A"])
    }

    @Test func badMeasureValueNamesTheColumn() throws {
        let text = "RECTYPE,LEA,URN,PTRWM_EXP\n1,885,100001,sixty\n"
        let reader = try MeasureTableReader.reader(ImportFixtures.csv(text, name: "ks2.csv"), catalog: .ks2,
                                                   academicYear: 2025)
        #expect(throws: ImportError(
            file: "ks2.csv", line: 2, column: "PTRWM_EXP",
            reason: "invalid value \"sixty\" (expected a number or a suppression code "
                + "(SUPP, NE, NA, NP, LOWCOV, NEW, DNS, x, c, z))")) {
            try reader.next()
        }
    }

    @Test func ks4WithConfidenceIntervalsAndOlderRecordTypes() throws {
        let text = "RECTYPE,LEA,ESTAB,URN,SCHNAME,TPUP,ATT8SCR,P8PUP,P8MEA,P8CILOW,P8CIUPP,PTL2BASICS_94,P8_BANDING\n"
            + "1,885,4001,116900,High,180,46.5,170,0.06,-0.1,0.22,67.4%,3\n"
            + "4,885,,,,5439,46.5,5000,0.06,0.01,0.11,62.0%,\n"
            + "7,,,,,500000,46.7,480000,-0.03,,,64.9%,\n"
        let rows = try MeasureTableReader.reader(ImportFixtures.csv(text), catalog: .ks4, academicYear: 2019).readAll()
        #expect(rows.map(\.level) == [.school, .localAuthority, .england])
        let p8 = try #require(rows[0].measures.first { $0.code == "P8MEA" })
        #expect(p8.lower == .number(Decimal(string: "-0.1")!) && p8.upper == .number(Decimal(string: "0.22")!))
        #expect(p8.cohort == .number(170))
        #expect(rows[0].measures.first { $0.code == "ATT8SCR" }?.cohort == .number(180))
    }

    @Test func censusWithNationalRowsAndRenamedColumn() throws {
        let text = "URN,LA,Estab,SCHOOLTYPE,NOR,PNUMUNCLF,NUMFSMEVER,NORFSMEVER,PNUMFSMEVER\n"
            + "100000,201,3614,State-funded primary,249,0.003,52,209,24.88%\n"
            + "NAT,,PRI,State-funded primary,4554974,0.3%,1126825,4284933,26.3%\n"
            + "100001,201,3615,State-funded primary,x,NA,c,,z\n"
        let rows = try MeasureTableReader.reader(ImportFixtures.csv(text), catalog: .census, academicYear: 2025).readAll()
        #expect(rows.map(\.level) == [.school, .england, .school])
        #expect(rows[1].nationalGroup == "PRI" && rows[1].urn == nil)
        let measures = Dictionary(uniqueKeysWithValues: rows[0].measures.map { ($0.code, $0) })
        #expect(measures["PNUMUNCFL"]?.value == .number(Decimal(string: "0.003")!))
        #expect(measures["PNUMFSMEVER"] == PublishedMeasure(code: "PNUMFSMEVER", value: .number(Decimal(string: "24.88")!),
                                                            cohort: .number(209)))
        #expect(rows[2].measures.map(\.value) == [.suppressed(.x), .suppressed(.na), .suppressed(.c), .suppressed(.z)])
    }

    @Test func wrongKindOfFileIsNamed() {
        let csv = ImportFixtures.csv("URN,LA,PERCTOT\n1,2,3\n", name: "abs.csv")
        #expect(throws: ImportError.self) {
            try MeasureTableReader.reader(csv, catalog: .ks2, academicYear: 2025)
        }
        #expect(throws: ImportError(file: "x.csv", line: 1, reason: "missing required column: URN")) {
            try MeasureTableReader.reader(ImportFixtures.csv("LEA,PTRWM_EXP\n", name: "x.csv"), catalog: .ks2,
                                          academicYear: 2025)
        }
    }
}
