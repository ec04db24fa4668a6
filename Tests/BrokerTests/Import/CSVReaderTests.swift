import Broker
import Foundation
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "URN,Name,Note\r\n1,\"Smith, Jones & Co\",\"He said \"\"hi\"\"\"\r\n"
            + "2,\"Two\r\nlines\",x\r\n3,plain,\r\n"
        let records = try ImportFixtures.records(ImportFixtures.csv(text))
        #expect(records.map(\.fields) == [
            ["URN", "Name", "Note"], ["1", "Smith, Jones & Co", "He said \"hi\""],
            ["2", "Two\r\nlines", "x"], ["3", "plain", ""],
        ])
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    @Test func lineEndingsBlankLinesAndMissingFinalNewline() throws {
        let records = try ImportFixtures.records(ImportFixtures.csv("a,b\n\n1,2\r3,4\r\n\r\n5,\"6\""))
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(records.map(\.line) == [1, 3, 4, 6])
    }

    @Test func byteOrderMarkIsRemovedAndMeansUTF8() throws {
        let reader = ImportFixtures.csv("RECTYPE,SCHNAME\n1,Café\n", bom: true)
        let records = try ImportFixtures.records(reader)
        #expect(records.map(\.fields) == [["RECTYPE", "SCHNAME"], ["1", "Café"]])
        #expect(reader.encoding == .utf8)
    }

    @Test func windows1252IsDetectedAndDecoded() throws {
        // "St Mary’s" with 0x92 (right single quote) and "£5" with 0xA3, as GIAS writes them.
        let bytes: [UInt8] = Array("\"URN\",\"Name\"\r\n1,\"St Mary".utf8) + [0x92] + Array("s\"\r\n2,\"".utf8)
            + [0xA3] + Array("5\"\r\n".utf8)
        let reader = ImportFixtures.csv(bytes: bytes)
        let records = try ImportFixtures.records(reader)
        #expect(records.map(\.fields) == [["URN", "Name"], ["1", "St Mary\u{2019}s"], ["2", "£5"]])
        #expect(reader.encoding == .windows1252)
    }

    @Test func declaredUTF8RejectsWindows1252Bytes() throws {
        let reader = ImportFixtures.csv(bytes: Array("URN,Name\n1,Caf".utf8) + [0xE9] + [0x0A], encoding: .utf8)
        reader.fieldNames = ["URN", "Name"]
        _ = try reader.next()
        #expect(throws: ImportError(file: "fixture.csv", line: 2, column: "Name", reason: "text is not valid UTF-8")) {
            try reader.next()
        }
    }

    @Test func unterminatedQuoteAndTextAfterClosingQuoteAreErrors() throws {
        let open = ImportFixtures.csv("a,b\n1,\"never closed\n2,3\n")
        _ = try open.next()
        #expect(throws: ImportError(file: "fixture.csv", line: 2, column: "field 2",
                                    reason: "quoted field is not terminated before the end of the file")) {
            try open.next()
        }
        let stray = ImportFixtures.csv("\"a\"b,c\n")
        #expect(throws: ImportError(file: "fixture.csv", line: 1, column: "field 1",
                                    reason: "unexpected text after a closing quote")) {
            try stray.next()
        }
        #expect(throws: ImportError.self) { try stray.next() }  // the failure is final
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let records = try ImportFixtures.records(ImportFixtures.csv("a,b\n5'6\",x\n"))
        #expect(records[1].fields == ["5'6\"", "x"])
    }

    /// A file read in 4-byte chunks splits quotes, CRLFs and multi-byte characters across
    /// chunk boundaries; the result must not change.
    @Test func smallChunksGiveTheSameRecords() throws {
        let text = "\u{FEFF}h1,h2\r\n\"a,\"\"b\"\"\r\nc\",é€\r\n1,2\r\n"
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("chunks.csv")
        try Data(text.utf8).write(to: url)
        let reader = try CSVReader(contentsOf: url, chunkSize: 4)
        let chunked = try ImportFixtures.records(reader)
        #expect(reader.bytesRead == text.utf8.count)
        let whole = try ImportFixtures.records(ImportFixtures.csv(text))
        #expect(chunked == whole)
        #expect(chunked.map(\.fields) == [["h1", "h2"], ["a,\"b\"\r\nc", "é€"], ["1", "2"]])
        #expect(chunked.map(\.line) == [1, 2, 4])
    }

    @Test func missingFileIsAnImportError() {
        #expect(throws: ImportError.self) {
            try CSVReader(contentsOf: URL(fileURLWithPath: "/nonexistent/file.csv"))
        }
    }

    @Test func writerRoundTripsWindows1252AndQuoting() throws {
        let directory = try ImportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.csv")
        let writer = try CSVWriter(url: url, encoding: .windows1252)
        try writer.write(["URN", "Name"], quoting: .always)
        try writer.write([("1", .minimal), ("O’Brien, “Head” £", .minimal)])
        try writer.close()
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(bytes.contains(0x92) && bytes.contains(0x93) && bytes.contains(0xA3))
        let records = try ImportFixtures.records(CSVReader(contentsOf: url))
        #expect(records.map(\.fields) == [["URN", "Name"], ["1", "O’Brien, “Head” £"]])

        let failing = try CSVWriter(url: url, encoding: .windows1252)
        #expect(throws: ImportError.self) { try failing.write(["日本"]) }
    }
}
