import Broker
import Foundation

/// Fixture helpers: tests build their inputs from literal strings and bytes.
enum ImportFixtures {
    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolbroker-import-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A CSV reader over `text` encoded as UTF-8 (with a BOM if asked).
    static func csv(_ text: String, name: String = "fixture.csv", bom: Bool = false) -> CSVReader {
        csv(bytes: (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8), name: name)
    }

    /// A CSV reader over raw bytes.
    static func csv(bytes: [UInt8], name: String = "fixture.csv",
                    encoding: ImportTextEncoding = .automatic) -> CSVReader {
        CSVReader(data: Data(bytes), name: name, encoding: encoding)
    }

    /// Every record's fields.
    static func records(_ reader: CSVReader) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}
