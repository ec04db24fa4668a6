import Foundation

/// The character encoding of an import file.
///
/// Published DfE and Ofsted files come in two encodings: GIAS extracts are Windows-1252, the
/// performance tables UTF-8 with a byte-order mark. `automatic` tells them apart without being
/// told: a UTF-8 BOM means UTF-8; otherwise the first field holding a non-ASCII byte decides
/// (valid UTF-8 means UTF-8, anything else Windows-1252), and the rest of the file is decoded
/// the same way.
public enum ImportTextEncoding: Sendable, Hashable {
    /// Detect the encoding from a BOM or the first non-ASCII field.
    case automatic
    /// UTF-8, with or without a byte-order mark.
    case utf8
    /// Windows-1252 (cp1252), the superset of ISO 8859-1 that Windows writes.
    case windows1252
}

/// Decodes the bytes of one field into a `String` in a known encoding.
enum FieldTextDecoder {
    /// Decodes `bytes` as UTF-8, or returns `nil` if they are not valid UTF-8.
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// Decodes `bytes` as Windows-1252. Every byte maps to one Unicode scalar; the five bytes the
    /// code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls of the
    /// same value, as the WHATWG Encoding Standard does.
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32 = (0x80...0x9F).contains(byte)
                ? UInt32(c1Table[Int(byte - 0x80)])
                : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// The characters Windows-1252 puts at 0x80–0x9F (undefined positions keep their C1 value).
    private static let c1Table: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Encodes `text` as Windows-1252, failing on the first character the code page cannot hold.
    static func encodeWindows1252(_ text: String) -> Result<[UInt8], UnencodableCharacter> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else if let index = c1Table.firstIndex(of: UInt16(truncatingIfNeeded: scalar.value)),
                      scalar.value <= 0xFFFF {
                bytes.append(UInt8(0x80 + index))
            } else {
                return .failure(UnencodableCharacter(scalar: scalar))
            }
        }
        return .success(bytes)
    }
}

/// A character that Windows-1252 cannot represent.
struct UnencodableCharacter: Error {
    let scalar: Unicode.Scalar
}
