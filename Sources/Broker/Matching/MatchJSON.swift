/// The jsonb columns of match proposals and prices as JSON text, written directly (a run stores
/// tens of thousands of rows; `JSONEncoder` per row would cost more than solving). The shapes
/// are the `Codable` ones of ``MatchAlternative``, ``UnmatchedDetail`` and
/// ``SupporterCapacityPrice/gainByArea``, which read them back.
enum MatchJSON {
    static func alternatives(_ alternatives: [MatchAlternative]) -> String {
        "[" + alternatives.map { alternative in
            var fields = [
                ("supporter_id", "\(alternative.supporterID)"), ("weight", "\(alternative.weight)"),
                ("quality", number(alternative.quality)), ("distance_km", number(alternative.distanceKm)),
                ("reason", string(alternative.reason.rawValue)),
            ]
            if let factor = alternative.factor { fields.append(("factor", string(factor))) }
            if let constraint = alternative.constraint { fields.append(("constraint", string(constraint))) }
            if let needs = alternative.takenByNeedIDs { fields.append(("taken_by_need_ids", integers(needs))) }
            return object(fields)
        }.joined(separator: ",") + "]"
    }

    static func detail(_ detail: UnmatchedDetail) -> String {
        var fields: [(String, String)] = []
        if let exclusions = detail.exclusions { fields.append(("exclusions", counts(exclusions))) }
        if let candidates = detail.candidates { fields.append(("candidates", "\(candidates)")) }
        if let supporters = detail.candidateSupporterIDs { fields.append(("candidate_supporter_ids", integers(supporters))) }
        if let km = detail.maxDistanceKm { fields.append(("max_distance_km", number(km))) }
        return object(fields)
    }

    /// An object of integers, keys sorted (so equal maps give equal text).
    static func counts<Value: BinaryInteger>(_ map: [String: Value]) -> String {
        object(map.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") })
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    private static func integers(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// Swift's shortest round-trip text is valid JSON for every finite Double.
    private static func number(_ value: Double) -> String {
        precondition(value.isFinite, "match scores are finite")
        return "\(value)"
    }

    private static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
