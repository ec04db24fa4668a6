import Foundation

/// One record of a CSV file: its fields, decoded to text, and the physical line it starts on.
public struct CSVRecord: Hashable, Sendable {
    /// The fields in file order, exactly as written (quotes removed, `""` unescaped).
    public var fields: [String]
    /// The 1-based physical line on which the record starts. A quoted field with embedded line
    /// breaks makes the next record start more than one line later.
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A streaming RFC 4180 CSV reader.
///
/// Reads a file in chunks (so a multi-gigabyte file never sits in memory at once), accepts
/// quoted fields with embedded commas, doubled quotes and line breaks, CRLF, LF or CR line ends,
/// a UTF-8 byte-order mark, and UTF-8 or Windows-1252 text (see ``ImportTextEncoding``). Blank
/// lines are skipped. A quote inside an unquoted field is kept as a literal character; text
/// after a closing quote, an unterminated quoted field and undecodable bytes are errors.
///
/// Not thread-safe: use one reader from one task at a time.
public final class CSVReader {
    /// The name used in error messages (usually the file's path).
    public let name: String
    /// The encoding in use; once `automatic` has decided, the decided encoding.
    public var encoding: ImportTextEncoding { scanner.encoding }
    /// Bytes read from the input so far (by whole chunks), for progress reporting.
    public var bytesRead: Int { scanner.bytesRead }
    /// Header names used to name a column in decoding errors, when known.
    public var fieldNames: [String] {
        get { scanner.fieldNames }
        set { scanner.fieldNames = newValue }
    }

    /// Field positions whose text nobody reads: they come back empty, without building a
    /// `String` (still checked for undecodable bytes, and still deciding an `automatic` encoding).
    public var skippedFields: IndexSet {
        get { IndexSet(scanner.skippedFields.indices.filter { scanner.skippedFields[$0] }) }
        set { scanner.skippedFields = (0..<(newValue.last.map { $0 + 1 } ?? 0)).map(newValue.contains) }
    }

    private let readChunk: () throws -> Data?
    private var scanner: CSVScanner
    private var failure: ImportError?

    /// Opens `url` for streaming reads of `chunkSize` bytes at a time.
    /// - Throws: ``ImportError`` if the file cannot be opened.
    public init(contentsOf url: URL, encoding: ImportTextEncoding = .automatic,
                chunkSize: Int = 1 << 20) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ImportError(file: url.path, reason: "cannot open file (\(error.localizedDescription))")
        }
        let size = max(chunkSize, 4)
        self.name = url.path
        self.scanner = CSVScanner(name: url.path, encoding: encoding)
        self.readChunk = { try handle.read(upToCount: size) }
    }

    /// Reads CSV text already in memory; `name` stands for the file in error messages.
    public init(data: Data, name: String, encoding: ImportTextEncoding = .automatic) {
        var pending: Data? = data
        self.name = name
        self.scanner = CSVScanner(name: name, encoding: encoding)
        self.readChunk = {
            defer { pending = nil }
            return pending
        }
    }

    /// Returns the next record, or `nil` at the end of the input.
    /// - Throws: ``ImportError`` for malformed CSV, undecodable text or a read failure. The
    ///   error is final: every later call throws it again, since the reader's place in the file
    ///   is no longer trustworthy.
    public func next() throws -> CSVRecord? {
        if let failure { throw failure }
        // Work on a local scanner (moved out and back) so the hot loop owns its buffers.
        var local = CSVScanner(name: name, encoding: .automatic)
        swap(&local, &scanner)
        defer { swap(&local, &scanner) }
        do {
            return try local.readRecord(refill: readChunk)
        } catch let error as ImportError {
            failure = error
            throw error
        }
    }
}

/// The byte-level state machine behind ``CSVReader``.
private struct CSVScanner {
    let name: String
    var encoding: ImportTextEncoding
    var fieldNames: [String] = []
    /// By position: whether the field's text is skipped (see ``CSVReader/skippedFields``).
    var skippedFields: [Bool] = []
    private(set) var bytesRead = 0
    private var buffer: [UInt8] = []
    private var position = 0
    private var startOfInput = true
    private var line = 1
    private var skipLineFeed = false
    private var field: [UInt8] = []
    private var fieldHasHighBytes = false
    private var expectedFieldCount = 0

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(name: String, encoding: ImportTextEncoding) {
        self.name = name
        self.encoding = encoding
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    mutating func readRecord(refill read: () throws -> Data?) throws -> CSVRecord? {
        var fields: [String] = []
        fields.reserveCapacity(expectedFieldCount)
        var startLine = line
        var state = State.fieldStart
        while true {
            if position == buffer.count {
                guard try refill(read) else { break }
            }
            let byte = buffer[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == Self.lineFeed { continue }
            }
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case Self.comma:
                    fields.append(try takeField(index: fields.count, line: startLine))
                    state = .fieldStart
                case Self.lineFeed, Self.carriageReturn:
                    skipLineFeed = byte == Self.carriageReturn
                    line += 1
                    if state == .fieldStart && fields.isEmpty {
                        startLine = line  // a blank line
                        continue
                    }
                    return try finish(&fields, line: startLine)
                case Self.quote where state == .fieldStart:
                    state = .quoted
                default:
                    appendRun()
                    state = .unquoted
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    // A line break inside the field: CR, LF or CRLF (counted once, at the CR).
                    if byte == Self.carriageReturn || (byte == Self.lineFeed && field.last != Self.carriageReturn) {
                        line += 1
                    }
                    append(byte)
                }
            case .quoteInQuoted:
                switch byte {
                case Self.quote:
                    append(byte)
                    state = .quoted
                case Self.comma:
                    fields.append(try takeField(index: fields.count, line: startLine))
                    state = .fieldStart
                case Self.lineFeed, Self.carriageReturn:
                    skipLineFeed = byte == Self.carriageReturn
                    line += 1
                    return try finish(&fields, line: startLine)
                default:
                    throw ImportError(file: name, line: startLine, column: columnName(fields.count),
                                      reason: "unexpected text after a closing quote")
                }
            }
        }
        switch state {
        case .quoted:
            throw ImportError(file: name, line: startLine, column: columnName(fields.count),
                              reason: "quoted field is not terminated before the end of the file")
        case .fieldStart where fields.isEmpty:
            return nil
        default:
            return try finish(&fields, line: startLine)
        }
    }

    private mutating func finish(_ fields: inout [String], line: Int) throws -> CSVRecord {
        fields.append(try takeField(index: fields.count, line: line))
        expectedFieldCount = max(expectedFieldCount, fields.count)
        return CSVRecord(fields: fields, line: line)
    }

    /// Appends the current byte and the run of ordinary bytes after it, in one copy.
    private mutating func appendRun() {
        let start = position - 1
        var end = position
        var high = fieldHasHighBytes
        buffer.withUnsafeBufferPointer { bytes in
            while end < bytes.count {
                let byte = bytes[end]
                if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn || byte == Self.quote {
                    break
                }
                end += 1
            }
            if !high { high = bytes[start..<end].contains { $0 >= 0x80 } }
            field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        fieldHasHighBytes = high
        position = end
    }

    private mutating func append(_ byte: UInt8) {
        if byte >= 0x80 { fieldHasHighBytes = true }
        field.append(byte)
    }

    /// Decodes and clears the field being built.
    private mutating func takeField(index: Int, line: Int) throws -> String {
        defer {
            field.removeAll(keepingCapacity: true)
            fieldHasHighBytes = false
        }
        let skipped = index < skippedFields.count && skippedFields[index]
        guard fieldHasHighBytes else { return skipped ? "" : String(decoding: field, as: UTF8.self) }
        let decoded: String? = field.withUnsafeBufferPointer { bytes in
            switch encoding {
            case .windows1252:
                return FieldTextDecoder.windows1252(bytes)
            case .utf8:
                return FieldTextDecoder.utf8(bytes)
            case .automatic:
                if let text = FieldTextDecoder.utf8(bytes) {
                    encoding = .utf8
                    return text
                }
                encoding = .windows1252
                return FieldTextDecoder.windows1252(bytes)
            }
        }
        guard let decoded else {
            throw ImportError(file: name, line: line, column: columnName(index), reason: "text is not valid UTF-8")
        }
        return skipped ? "" : decoded
    }

    private func columnName(_ index: Int) -> String {
        index < fieldNames.count ? fieldNames[index] : "field \(index + 1)"
    }

    /// Loads the next chunk; returns `false` at the end of the input.
    private mutating func refill(_ read: () throws -> Data?) throws -> Bool {
        let chunk: Data?
        do {
            chunk = try read()
        } catch {
            throw ImportError(file: name, line: line, reason: "read failed (\(error.localizedDescription))")
        }
        guard let chunk, !chunk.isEmpty else { return false }
        bytesRead += chunk.count
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: chunk)
        position = 0
        if startOfInput {
            startOfInput = false
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                position = 3
                encoding = .utf8
            }
        }
        return true
    }
}
