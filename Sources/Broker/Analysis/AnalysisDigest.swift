/// A 128-bit digest of an explanation document, stored with each result so a run can tell which
/// schools' explanations are unchanged since the run it supersedes without reading them back.
///
/// Two XXH64 hashes (seeds 0 and 0x5eed): fast (a national run hashes ~60 MB), stable across
/// processes and machines (unlike `Hasher`), and with 128 bits an accidental collision is not a
/// practical concern. Not a cryptographic hash: the documents are the application's own output.
struct AnalysisDigest: Hashable, Sendable {
    /// The digest's 16 bytes: the seed-0 hash, then the other, each big-endian.
    let bytes: [UInt8]

    init(of data: [UInt8]) {
        let hashes = data.withUnsafeBytes { [Self.xxh64($0, seed: 0), Self.xxh64($0, seed: 0x5eed)] }
        bytes = hashes.flatMap { hash in (0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * $0)) } }
    }

    init?(stored bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The digest in `bytea`'s hex input form, `\x` and 32 hex digits.
    var byteaText: String {
        let digits = Array("0123456789abcdef".utf8)
        return "\\x" + String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// XXH64 (xxhash.com's specification) of `input`.
    static func xxh64(_ input: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        func read64(_ offset: Int) -> UInt64 { UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        func read32(_ offset: Int) -> UInt64 {
            UInt64(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        func round(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
            (accumulator &+ lane &* prime2).rotatedLeft(31) &* prime1
        }
        func merge(_ hash: UInt64, _ accumulator: UInt64) -> UInt64 {
            (hash ^ round(0, accumulator)) &* prime1 &+ prime4
        }
        let count = input.count
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var lanes = (seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1)
            while offset + 32 <= count {
                lanes.0 = round(lanes.0, read64(offset))
                lanes.1 = round(lanes.1, read64(offset + 8))
                lanes.2 = round(lanes.2, read64(offset + 16))
                lanes.3 = round(lanes.3, read64(offset + 24))
                offset += 32
            }
            hash = lanes.0.rotatedLeft(1) &+ lanes.1.rotatedLeft(7) &+ lanes.2.rotatedLeft(12) &+ lanes.3.rotatedLeft(18)
            hash = merge(merge(merge(merge(hash, lanes.0), lanes.1), lanes.2), lanes.3)
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(count)
        while offset + 8 <= count {
            hash = (hash ^ round(0, read64(offset))).rotatedLeft(27) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= count {
            hash = (hash ^ read32(offset) &* prime1).rotatedLeft(23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            hash = (hash ^ UInt64(input[offset]) &* prime5).rotatedLeft(11) &* prime1
            offset += 1
        }
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        return hash ^ hash >> 32
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
