import CLibPQ

/// A statement's parameters laid out as libpq's `PQexecParams`/`PQsendQueryPrepared` take them:
/// type OIDs, formats, lengths and value pointers into one buffer owned by this value, so the
/// pointers stay valid for as long as the value lives.
///
/// Text values are NUL-terminated in the buffer. A text value that contains a NUL is refused up
/// front (SQLSTATE 22021), since the server would reject it anyway.
final class BoundParameters {
    let count: Int32
    let types: [Oid]
    let formats: [Int32]
    let lengths: [Int32]
    let values: [UnsafePointer<CChar>?]
    private let buffer: UnsafeMutablePointer<CChar>

    init(_ binds: [PostgresBind]) throws {
        for (index, bind) in binds.enumerated() where bind.format == .text && bind.bytes?.contains(0) == true {
            throw PostgresError(
                .server, message: "parameter $\(index + 1) contains a NUL byte, which text cannot hold",
                sqlState: "22021")
        }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: binds.reduce(1) { $0 + ($1.bytes?.count ?? 0) + 1 })
        var lengths = [Int32](repeating: 0, count: binds.count)
        var values = [UnsafePointer<CChar>?](repeating: nil, count: binds.count)
        var offset = 0
        for (index, bind) in binds.enumerated() {
            guard let bytes = bind.bytes else { continue }
            bytes.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                UnsafeMutableRawPointer(buffer + offset).copyMemory(from: base, byteCount: bytes.count)
            }
            buffer[offset + bytes.count] = 0
            values[index] = UnsafePointer(buffer + offset)
            lengths[index] = Int32(bytes.count)
            offset += bytes.count + 1
        }
        self.count = Int32(binds.count)
        self.types = binds.map(\.typeOID)
        self.formats = binds.map(\.format.rawValue)
        self.lengths = lengths
        self.values = values
        self.buffer = buffer
    }

    deinit { buffer.deallocate() }
}
