/// Finds a measure code's slot with one cheap hash of its bytes (FNV-1a, a word at a time) and
/// one byte comparison, rather than a seeded `Dictionary` look-up: every measure row of every school is
/// looked up, so this is the analysis's hottest path.
struct MeasureCodeTable: Sendable {
    /// Every code's UTF-8 bytes, one after the other.
    private let bytes: [UInt8]
    /// Open addressing: per cell, where its code starts in `bytes`, its length (-1 for a free
    /// cell) and its slot.
    private let starts: [Int]
    private let lengths: [Int]
    private let slots: [Int]
    private let mask: Int
    /// The number of codes.
    let count: Int

    /// `codes[i]` gets slot `i`; the codes must be distinct.
    init(_ codes: [String]) {
        var size = 16
        while size < 4 * codes.count { size *= 2 }
        var bytes: [UInt8] = []
        var starts = [Int](repeating: 0, count: size)
        var lengths = [Int](repeating: -1, count: size)
        var slots = [Int](repeating: -1, count: size)
        for (slot, code) in codes.enumerated() {
            let utf8 = Array(code.utf8)
            var index = utf8.withUnsafeBufferPointer(Self.hash) & (size - 1)
            while lengths[index] >= 0 { index = (index + 1) & (size - 1) }
            starts[index] = bytes.count
            lengths[index] = utf8.count
            slots[index] = slot
            bytes += utf8
        }
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.slots = slots
        self.mask = size - 1
        self.count = codes.count
    }

    /// Looks codes up through `body`, which gets the table's storage once for all its look-ups.
    func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                lengths.withUnsafeBufferPointer { lengths in
                    slots.withUnsafeBufferPointer { slots in
                        body(Lookup(bytes: bytes, starts: starts, lengths: lengths, slots: slots, mask: mask))
                    }
                }
            }
        }
    }

    /// The table's storage, valid only inside `withLookup`.
    struct Lookup {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let starts: UnsafeBufferPointer<Int>
        fileprivate let lengths: UnsafeBufferPointer<Int>
        fileprivate let slots: UnsafeBufferPointer<Int>
        fileprivate let mask: Int

        /// The slot of `code`, or `nil` for a code the rules do not use.
        func slot(of code: String) -> Int? {
            var code = code
            return code.withUTF8 { key in
                var index = MeasureCodeTable.hash(key) & mask
                while lengths[index] >= 0 {
                    if lengths[index] == key.count, MeasureCodeTable.equal(key, bytes, from: starts[index]) {
                        return slots[index]
                    }
                    index = (index + 1) & mask
                }
                return nil
            }
        }
    }

    fileprivate static func equal(
        _ key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    )
        -> Bool
    {
        let key = UnsafeRawBufferPointer(key)
        let stored = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<(start + key.count)])
        var offset = 0
        while offset + 8 <= key.count {
            if key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < key.count {
            if key[offset] != stored[offset] { return false }
            offset += 1
        }
        return true
    }

    /// FNV-1a over 8-byte words, then the remaining bytes.
    fileprivate static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var hash: UInt64 = 14_695_981_039_346_656_037
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 1_099_511_628_211
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 1_099_511_628_211
            offset += 1
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
