/// The support level a school is placed in (DESIGN.md, "Support levels").
///
/// Ordered by need: `securePlus < secure < lightTouch < focus < intensive`, so "a worse level"
/// is simply a greater one. The raw values are the codes stored in the database.
public enum SupportLevel: String, CaseIterable, Comparable, Hashable, Sendable, Codable {
    case securePlus = "secure_plus"
    case secure
    case lightTouch = "light_touch"
    case focus
    case intensive

    /// The position in the order of need, 0 for `secure_plus` up to 4 for `intensive`.
    public var rank: Int {
        switch self {
        case .securePlus: 0
        case .secure: 1
        case .lightTouch: 2
        case .focus: 3
        case .intensive: 4
        }
    }

    public static func < (lhs: SupportLevel, rhs: SupportLevel) -> Bool { lhs.rank < rhs.rank }
}
