import Foundation

/// Writes CSV files the way the DfE publishes them: Windows-1252 or UTF-8 (optionally with a
/// BOM), CRLF line ends, fields quoted when they must be (or always, for text fields, as GIAS
/// does). Buffered; call ``close()`` to flush.
public final class CSVWriter {
    /// How a file is encoded.
    public enum Encoding: Sendable {
        case utf8
        case utf8WithBOM
        case windows1252
    }

    /// How a field is quoted.
    public enum Quoting: Sendable {
        /// Only when the field holds a comma, quote or line break (RFC 4180 minimum).
        case minimal
        /// Always (GIAS quotes every string).
        case always
    }

    private let handle: FileHandle
    private let path: String
    private let encoding: Encoding
    private var buffer: [UInt8] = []

    /// Creates (or truncates) `url` and writes the BOM if the encoding has one.
    public init(url: URL, encoding: Encoding) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ImportError(file: url.path, reason: "cannot create file")
        }
        handle = try FileHandle(forWritingTo: url)
        path = url.path
        self.encoding = encoding
        buffer.reserveCapacity(1 << 20)
        if encoding == .utf8WithBOM { buffer += [0xEF, 0xBB, 0xBF] }
    }

    /// Writes one record; each field is text and how to quote it.
    public func write(_ fields: [(text: String, quoting: Quoting)]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            let start = buffer.count
            try append(field.text)
            let special = buffer[start...].contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            }
            guard special || field.quoting == .always else { continue }
            var quoted: [UInt8] = [UInt8(ascii: "\"")]
            for byte in buffer[start...] {
                quoted.append(byte)
                if byte == UInt8(ascii: "\"") { quoted.append(byte) }
            }
            quoted.append(UInt8(ascii: "\""))
            buffer.replaceSubrange(start..., with: quoted)
        }
        buffer += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes one record of fields quoted the same way.
    public func write(_ fields: [String], quoting: Quoting = .minimal) throws {
        try write(fields.map { ($0, quoting) })
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }

    private func append(_ text: String) throws {
        switch encoding {
        case .utf8, .utf8WithBOM:
            buffer += text.utf8
        case .windows1252:
            switch FieldTextDecoder.encodeWindows1252(text) {
            case .success(let bytes): buffer += bytes
            case .failure(let failure):
                throw ImportError(file: path, reason: "character U+\(String(failure.scalar.value, radix: 16, uppercase: true)) "
                                  + "cannot be written in Windows-1252")
            }
        }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
