import Postgres
import PropertyBased
import Testing

/// Integers are parsed from libpq's text bytes directly: they must read exactly what
/// `T(String)` reads, and refuse what it refuses.
@Suite("Integer decoding")
struct IntegerDecodingTests {
    func decoded<T: FixedWidthInteger & PostgresDecodable>(_ text: String, as: T.Type) -> T? {
        try? T(postgresText: ArraySlice(Array(text.utf8)), typeOID: 0)
    }

    @Test("any text of digits, signs and other bytes decodes as T(String) parses it")
    func matchesStringParsing() async {
        let alphabet = Array("0123456789-+ a.")
        let texts = Gen.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }.string(of: 0...21)
        await propertyCheck(count: 2000, input: texts) { text in
            #expect(decoded(text, as: Int.self) == Int(text), "\(text)")
            #expect(decoded(text, as: Int32.self) == Int32(text), "\(text)")
            #expect(decoded(text, as: Int16.self) == Int16(text), "\(text)")
        }
    }

    @Test("every value round-trips through its text, the extremes included, and one past them is refused")
    func roundTrips() async {
        await propertyCheck(count: 2000, input: Gen.int(in: Int.min...Int.max)) { value in
            #expect(decoded(String(value), as: Int.self) == value)
            #expect(decoded(String(value), as: Int64.self) == Int64(value))
            #expect(decoded(String(Int32(truncatingIfNeeded: value)), as: Int32.self) == Int32(truncatingIfNeeded: value))
        }
        for (text, expected) in [(String(Int.min), Int.min), (String(Int.max), Int.max), ("-0", 0), ("+7", 7)] {
            #expect(decoded(text, as: Int.self) == expected)
        }
        for text in ["9223372036854775808", "-9223372036854775809", "", "-", "+", " 1", "1 ", "--1", "1e3", "١"] {
            #expect(decoded(text, as: Int.self) == nil, "\(text)")
        }
        #expect(decoded("32768", as: Int16.self) == nil)
        #expect(decoded("-32768", as: Int16.self) == Int16.min)
    }
}
