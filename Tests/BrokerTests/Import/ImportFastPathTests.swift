@testable import Broker
import Foundation
import PropertyBased
import Testing

/// The shortcuts the importers take for speed give the same results as the general code.
@Suite("Import fast paths")
struct ImportFastPathTests {
    @Test("a decimal's staging text is its description")
    func decimalStagingText() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = DemoRandom(seed: UInt64(seed))
            // Small significands with trailing zeros are the common case; whole 64-bit ones the edge.
            let significand = random.next() % 4 == 0 ? random.next() : UInt64.random(in: 0...100_000, using: &random) * 10
            let exponent = Int.random(in: -22...6, using: &random)
            let sign: FloatingPointSign = Bool.random(using: &random) ? .minus : .plus
            let value = Decimal(sign: sign, exponent: exponent, significand: Decimal(significand))
            #expect(value.stagingText == value.description, "\(sign) \(significand)e\(exponent)")
        }
        for text in ["0", "-0.35", "68", "100.0", "0.000001", "-12.50", "18446744073709551615", "123456789012345678901234567890"] {
            let value = Decimal(string: text)!
            #expect(value.stagingText == value.description, "\(text)")
        }
        #expect(Decimal.nan.stagingText == Decimal.nan.description)
    }

    @Test("the byte test for edge whitespace agrees with Character.isWhitespace")
    func edgeWhitespace() async {
        let alphabet: [String] = [" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{A0}", "\u{85}", "\u{2003}", "a", "é", "1", "-",
                                  "\u{301}", "’"]
        await propertyCheck(count: 3000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = DemoRandom(seed: UInt64(seed))
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            let expected = text.first?.isWhitespace == true || text.last?.isWhitespace == true
            #expect(ImportRow.hasEdgeWhitespace(text) == expected, "\(Array(text.unicodeScalars))")
        }
    }

    @Test("skipped fields read as empty, the others intact, quoting and line counts unchanged")
    func skippedFieldsAreEmpty() throws {
        let reader = ImportFixtures.csv("a,b,c\n1,\"two, \"\"2\"\"\",3\n\"4\n4\",5,6\n")
        reader.skippedFields = [1]
        #expect(try ImportFixtures.records(reader).map(\.fields) == [["a", "", "c"], ["1", "", "3"], ["4\n4", "", "6"]])
        #expect(try ImportFixtures.records(reader).isEmpty)

        let lines = ImportFixtures.csv("a,b\n\"x\ny\",1\nz,2\n")
        lines.skippedFields = [0]
        #expect(try ImportFixtures.records(lines).map(\.line) == [1, 2, 4])
    }

    @Test("a skipped field is still checked for undecodable bytes and still decides the encoding")
    func skippedFieldsStillDecoded() throws {
        let declared = ImportFixtures.csv(bytes: Array("URN,Name\n1,Caf".utf8) + [0xE9, 0x0A], encoding: .utf8)
        declared.skippedFields = [1]
        #expect(throws: ImportError.self) { try ImportFixtures.records(declared) }

        // 0x92 in the skipped Name field makes the file Windows-1252, so 0xA3 in Town is "£".
        let detected = ImportFixtures.csv(bytes: Array("URN,Name,Town\n1,Mary".utf8) + [0x92] + Array("s,x\n2,y,".utf8) + [0xA3, 0x0A])
        detected.skippedFields = [1]
        #expect(try ImportFixtures.records(detected).map(\.fields) == [["URN", "", "Town"], ["1", "", "x"], ["2", "", "£"]])
        #expect(detected.encoding == .windows1252)
    }

    @Test("an import reader skips exactly the columns its importer does not read")
    func importReaderSkipsUnusedColumns() throws {
        let csv = ImportFixtures.csv("URN,Website,Name\n100001,www.example,Alpha\n")
        let reader = try ImportReader(csv: csv) { columns in
            let urn = columns.required("URN")
            let name = columns.required("Name")
            return { row in (try row.requiredInteger(urn), try row.requiredText(name)) }
        }
        #expect(csv.skippedFields == [1])
        #expect(reader.unusedColumns == ["Website"])
        let record = try #require(try reader.next())
        #expect(record.0 == 100_001 && record.1 == "Alpha")
    }
}
