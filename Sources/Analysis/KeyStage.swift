/// A stage of education whose outcomes the analysis can judge.
public enum KeyStage: String, CaseIterable, Hashable, Sendable, Codable,
    CodingKeyRepresentable
{
    case earlyYears = "eyfs"
    case phonics
    case ks2
    case ks4
    case post16 = "16-18"

    /// Whether a school with this statutory age range teaches pupils at the end of the key stage,
    /// where `endAge` is the age pupils reach in the key stage's final year (11 for KS2).
    ///
    /// The decision uses ages, never the phase name: a first school (4–9) has no KS2, a middle
    /// school (9–13) has, a high school (13–18) has KS4 and 16–18 but no KS2.
    public static func applies(endAge: Int, statutoryLowAge: Int, statutoryHighAge: Int) -> Bool {
        statutoryLowAge < endAge && statutoryHighAge >= endAge
    }
}
