import Foundation

/// A value written into a `COPY … FROM STDIN` staging row as PostgreSQL's text form.
protocol StagingValue {
    /// The text PostgreSQL reads back as the same value.
    var stagingText: String { get }
}

extension String: StagingValue {
    var stagingText: String { self }
}

extension Int: StagingValue {
    var stagingText: String { String(self) }
}

extension Double: StagingValue {
    var stagingText: String { String(self) }
}

extension Decimal: StagingValue {
    /// The same text as `description`, written directly when the significand fits in 64 bits
    /// (every published figure): `description` costs over a microsecond, a national KS2 table
    /// has more than half a million figures.
    var stagingText: String {
        let magnitude = (significand as NSDecimalNumber).uint64Value
        guard Decimal(sign: sign, exponent: exponent, significand: Decimal(magnitude)) == self else { return description }
        return Self.plainText(negative: sign == .minus, significand: magnitude, exponent: exponent)
    }

    /// `significand × 10^exponent` as `description` writes it: no exponent, no trailing
    /// fractional zeros, `0` for zero.
    static func plainText(negative: Bool, significand: UInt64, exponent: Int) -> String {
        guard significand != 0 else { return "0" }
        var (significand, exponent) = (significand, exponent)
        while exponent < 0, significand % 10 == 0 { (significand, exponent) = (significand / 10, exponent + 1) }
        var text = Array(String(significand).utf8)
        if exponent > 0 {
            text += repeatElement(UInt8(ascii: "0"), count: exponent)
        } else if exponent < 0 {
            let fractionDigits = -exponent
            if text.count <= fractionDigits {
                text.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: fractionDigits - text.count + 1), at: 0)
            }
            text.insert(UInt8(ascii: "."), at: text.count - fractionDigits)
        }
        if negative { text.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: text, as: UTF8.self)
    }
}

extension Bool: StagingValue {
    var stagingText: String { self ? "t" : "f" }
}

extension CalendarDay: StagingValue {
    var stagingText: String { iso8601 }
}

extension Optional where Wrapped: StagingValue {
    /// The staging text, or `nil` (SQL NULL) when missing.
    var stagingText: String? { map(\.stagingText) }
}

extension Array: StagingValue where Element: StagingValue {
    /// A one-dimensional array literal, every element quoted: `{"a","b \"c\""}`.
    var stagingText: String {
        "{" + map { element in
            "\"" + element.stagingText.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
