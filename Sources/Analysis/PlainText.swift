/// Plain-English formatting of figures, without Foundation's formatters (fast and locale-free).
enum PlainText {
    /// `value` rounded to one decimal place, without a trailing `.0`: `8.3`, `-4`, `0`.
    static func decimal(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return String(value) }
        let whole = Int(tenths)
        if whole == 0 { return "0" }
        let sign = whole < 0 ? "-" : ""
        let magnitude = abs(whole)
        let fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(fraction)"
    }

    /// `2023` or `2023–2025`.
    static func years(_ first: Int, _ last: Int) -> String {
        first == last ? String(first) : "\(first)–\(last)"
    }
}
