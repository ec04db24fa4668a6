import Foundation

/// Strict parsers for the values the import files hold. Each takes the trimmed, non-empty text
/// of one field and returns `nil` when the text is not of its kind; callers turn that into an
/// ``ImportError`` naming the column.
public enum ValueParsing {
    /// An optionally signed whole number of ASCII digits (`0042`, `-3`).
    public static func integer(_ text: some StringProtocol) -> Int? {
        guard text.allSatisfy(\.isASCII) else { return nil }
        return Int(text)
    }

    /// An optionally signed decimal number with an optional fraction and an optional trailing `%`
    /// (`68%`, `-0.35`, `.5`, `12.`); no exponent, no thousands separators.
    public static func decimal(_ text: some StringProtocol) -> Decimal? {
        var utf8 = Substring(text).utf8[...]
        if utf8.last == UInt8(ascii: "%") { utf8 = utf8.dropLast() }
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var significand: UInt64 = 0
        var exponent = 0
        var digits = 0
        var seenPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let (times10, overflowA) = significand.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                guard !overflowA, !overflowB else { return nil }
                significand = sum
                digits += 1
                if seenPoint { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: exponent,
                       significand: Decimal(significand))
    }

    /// A number (see ``decimal(_:)``) or one of the DfE suppression codes.
    public static func measure(_ text: some StringProtocol) -> MeasureValue? {
        if let number = decimal(text) { return .number(number) }
        return SuppressionCode(rawValue: String(text)).map(MeasureValue.suppressed)
    }
}
