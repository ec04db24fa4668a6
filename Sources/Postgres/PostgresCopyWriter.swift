/// Streams rows into `COPY … FROM STDIN` in text format, sending a chunk whenever its buffer
/// fills, so a bulk load never builds the whole payload in memory.
public struct PostgresCopyWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private let chunkSize: Int

    init(connection: PostgresConnection, chunkSize: Int) {
        self.connection = connection
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends one row; `nil` is SQL NULL. Tabs, newlines and backslashes are escaped.
    public mutating func append(_ fields: [String?]) async throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard var field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            field.withUTF8 { appendEscaped($0) }
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= chunkSize { try await flush() }
    }

    /// Appends `bytes` with COPY's escapes, copying the runs between escaped bytes whole.
    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in bytes.indices {
            let escape: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(escape)
            start = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    mutating func flush() async throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        try await connection.sendCopyData(chunk)
    }
}

extension PostgresConnection {
    /// Bulk-loads rows with `COPY … FROM STDIN` (text format). `statement` is trusted SQL naming
    /// the table and columns, e.g. `COPY staging_gias (urn, name) FROM STDIN`; `body` appends rows.
    /// If `body` throws, the COPY is aborted and nothing is loaded. Returns the rows copied.
    @discardableResult
    public func copyFrom(
        _ statement: String, chunkSize: Int = 256 * 1024,
        _ body: (inout PostgresCopyWriter) async throws -> Void
    ) async throws -> Int {
        try await beginCopy(statement)
        var writer = PostgresCopyWriter(connection: self, chunkSize: chunkSize)
        do {
            try await body(&writer)
            try await writer.flush()
        } catch {
            _ = try? await endCopy(failure: "COPY aborted by the client")
            throw error
        }
        return try await endCopy(failure: nil)
    }
}
