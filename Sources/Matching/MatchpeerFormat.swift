/// Readers for the reference harness's interchange files (`../shared/matching`), from bytes
/// already loaded by the caller (this module does no I/O).
public enum MatchpeerFormat {
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses a `.edges.txt` file: `matchpeer-edges/1 N M E`, a line of M capacities, then E
    /// lines `need supporter weight`.
    public static func parseEdges(_ bytes: [UInt8]) throws(FormatError) -> MatchProblem {
        let magic = Array("matchpeer-edges/1".utf8)
        guard bytes.starts(with: magic) else { throw FormatError(description: "not a matchpeer-edges/1 file") }
        var scanner = IntegerScanner(bytes: bytes, position: magic.count)
        let n = try scanner.next(), m = try scanner.next(), e = try scanner.next()
        guard n >= 0, m >= 0, e >= 0 else { throw FormatError(description: "negative size") }
        var capacities = [Int32](repeating: 0, count: m)
        for j in 0..<m { capacities[j] = Int32(try scanner.next()) }
        var edges: [WeightedEdge] = []
        edges.reserveCapacity(e)
        for _ in 0..<e {
            let need = try scanner.next(), supporter = try scanner.next(), weight = try scanner.next()
            guard (0..<n).contains(need), (0..<m).contains(supporter), weight > 0 else {
                throw FormatError(description: "bad edge \(need) \(supporter) \(weight)")
            }
            edges.append(WeightedEdge(need: Int32(need), supporter: Int32(supporter), weight: Int64(weight)))
        }
        return MatchProblem(needCount: n, capacities: capacities, edges: edges)
    }

    /// Parses a `.hr.json` file (`matchpeer-hr/1`): `need_prefs`, `supporter_prefs` (arrays of
    /// arrays of ids) and `capacities`.
    public static func parsePreferences(_ bytes: [UInt8]) throws(FormatError) -> StablePreferences {
        func lists(_ key: String) throws(FormatError) -> [[Int32]] {
            var scanner = try IntegerScanner(bytes: bytes, after: "\"\(key)\":")
            return try scanner.nestedArray()
        }
        var capacityScanner = try IntegerScanner(bytes: bytes, after: "\"capacities\":")
        let capacities = try capacityScanner.flatArray()
        return StablePreferences(
            needPreferences: try lists("need_prefs"), supporterPriorities: try lists("supporter_prefs"),
            capacities: capacities)
    }
}

/// Reads decimal integers and JSON arrays of them from a byte buffer.
private struct IntegerScanner {
    let bytes: [UInt8]
    var position: Int

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// Positioned just after the first occurrence of `key`.
    init(bytes: [UInt8], after key: String) throws(MatchpeerFormat.FormatError) {
        let pattern = Array(key.utf8)
        guard let first = pattern.first else { throw .init(description: "empty key") }
        var k = 0
        while k + pattern.count <= bytes.count {
            if bytes[k] == first, bytes[k..<(k + pattern.count)].elementsEqual(pattern) {
                self.init(bytes: bytes, position: k + pattern.count)
                return
            }
            k += 1
        }
        throw .init(description: "missing \(key)")
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A
            || bytes[position] == 0x0D || bytes[position] == 0x09
        {
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws(MatchpeerFormat.FormatError) {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else {
            throw .init(description: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(position)")
        }
        position += 1
    }

    /// The next (optionally negative) decimal integer.
    mutating func next() throws(MatchpeerFormat.FormatError) -> Int {
        skipSpace()
        var negative = false
        if position < bytes.count, bytes[position] == 0x2D {
            negative = true
            position += 1
        }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] &- 0x30 < 10 {
            value = value &* 10 &+ Int(bytes[position] &- 0x30)
            position += 1
            digits += 1
        }
        guard digits > 0, digits < 19 else { throw .init(description: "expected an integer at byte \(position)") }
        return negative ? -value : value
    }

    /// `[a, b, …]`
    mutating func flatArray() throws(MatchpeerFormat.FormatError) -> [Int32] {
        try expect(0x5B)
        var values: [Int32] = []
        skipSpace()
        if position < bytes.count, bytes[position] == 0x5D {
            position += 1
            return values
        }
        while true {
            values.append(Int32(try next()))
            skipSpace()
            guard position < bytes.count else { throw .init(description: "unterminated array") }
            let byte = bytes[position]
            position += 1
            if byte == 0x5D { return values }
            guard byte == 0x2C else { throw .init(description: "expected ',' at byte \(position - 1)") }
        }
    }

    /// `[[…], […], …]`
    mutating func nestedArray() throws(MatchpeerFormat.FormatError) -> [[Int32]] {
        try expect(0x5B)
        var lists: [[Int32]] = []
        skipSpace()
        if position < bytes.count, bytes[position] == 0x5D {
            position += 1
            return lists
        }
        while true {
            lists.append(try flatArray())
            skipSpace()
            guard position < bytes.count else { throw .init(description: "unterminated array") }
            let byte = bytes[position]
            position += 1
            if byte == 0x5D { return lists }
            guard byte == 0x2C else { throw .init(description: "expected ',' at byte \(position - 1)") }
        }
    }
}
