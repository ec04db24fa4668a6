/// An improvement area ("ks2_maths", "send", "leadership", …).
public struct Area: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Area, rhs: Area) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A school's need for support in one area.
public struct Need: Sendable, Hashable {
    /// The caller's identifier (reported back, never interpreted).
    public var id: Int
    /// Index of the school in the `schools` array given to candidate generation.
    public var school: Int
    public var area: Area
    /// 1 (minor) … 5 (severe).
    public var severity: Int

    public init(id: Int, school: Int, area: Area, severity: Int) {
        self.id = id
        self.school = school
        self.area = area
        self.severity = severity
    }
}
