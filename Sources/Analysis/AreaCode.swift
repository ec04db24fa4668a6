/// The code of an area for improvement, from the taxonomy in DESIGN.md (table `areas`).
///
/// Areas are data, not an enumeration: an administrator can add one to the table and refer to it
/// from the rules. The standard codes are provided as constants.
public struct AreaCode: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible, CodingKeyRepresentable
{
    /// The code as stored, for example `ks2-reading`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: AreaCode, rhs: AreaCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let ks2Reading: AreaCode = "ks2-reading"
    public static let ks2Writing: AreaCode = "ks2-writing"
    public static let ks2Maths: AreaCode = "ks2-maths"
    public static let phonics: AreaCode = "phonics"
    public static let earlyYears: AreaCode = "early-years"
    public static let ks4English: AreaCode = "ks4-english"
    public static let ks4Maths: AreaCode = "ks4-maths"
    public static let ks4Science: AreaCode = "ks4-science"
    public static let post16: AreaCode = "post-16"
    public static let disadvantaged: AreaCode = "disadvantaged"
    public static let sendInclusion: AreaCode = "send-inclusion"
    public static let attendanceBehaviour: AreaCode = "attendance-behaviour"
    public static let curriculumTeaching: AreaCode = "curriculum-teaching"
    /// Accuracy of teacher assessment and tracking.
    public static let assessment: AreaCode = "assessment"
    public static let leadership: AreaCode = "leadership"
    public static let governance: AreaCode = "governance"
    public static let personalDevelopment: AreaCode = "personal-development"
    public static let safeguarding: AreaCode = "safeguarding"

    /// The starting taxonomy of DESIGN.md, in its order.
    public static let standard: [AreaCode] = [
        .ks2Reading, .ks2Writing, .ks2Maths, .phonics, .earlyYears, .ks4English, .ks4Maths,
        .ks4Science, .post16, .disadvantaged, .sendInclusion, .attendanceBehaviour,
        .curriculumTeaching, .assessment, .leadership, .governance, .personalDevelopment,
        .safeguarding,
    ]
}
