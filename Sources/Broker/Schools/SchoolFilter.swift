/// Which schools a list shows; `nil` means any.
public struct SchoolFilter: Sendable, Equatable {
    public var laCode: Int?
    /// A district's GIAS code or name.
    public var district: String?
    public var phase: String?
    /// A trust's GIAS reference.
    public var trust: String?
    /// Part of a name, a URN, or the start of a postcode.
    public var search: String?

    public init(laCode: Int? = nil, district: String? = nil, phase: String? = nil, trust: String? = nil,
                search: String? = nil) {
        self.laCode = laCode
        self.district = district
        self.phase = phase
        self.trust = trust
        self.search = search
    }

    /// The filter's WHERE conditions on `schools s`.
    func conditions() -> SQLConditions {
        var conditions = SQLConditions()
        if let laCode { conditions.require("s.la_code = \(conditions.parameter(laCode))") }
        if let district {
            let value = conditions.parameter(district)
            conditions.require("s.district_code = \(value) OR lower(s.district) = lower(\(value))")
        }
        if let phase { conditions.require("lower(s.phase) = lower(\(conditions.parameter(phase)))") }
        if let trust { conditions.require("s.trust_reference = \(conditions.parameter(trust))") }
        if let search = search?.trimmingWhitespace, !search.isEmpty {
            let pattern = conditions.parameter("%" + Self.escapingLike(search) + "%")
            let postcode = conditions.parameter(
                Self.escapingLike(search.uppercased().filter { $0 != " " }) + "%")
            var alternatives = ["s.name ILIKE \(pattern)", "upper(replace(s.postcode, ' ', '')) LIKE \(postcode)"]
            if let urn = Int(search), (100000...999999).contains(urn) {
                alternatives.append("s.urn = \(conditions.parameter(urn))")
            }
            conditions.require(alternatives.joined(separator: " OR "))
        }
        return conditions
    }

    /// `text` matched literally by LIKE: its wildcards and the escape character escaped.
    static func escapingLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
