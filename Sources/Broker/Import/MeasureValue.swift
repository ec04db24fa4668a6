import Foundation

/// A code the DfE writes in place of a published value. A suppressed value is not zero and not
/// missing: it is kept as its code so that reports can say why a figure is absent.
public enum SuppressionCode: String, CaseIterable, Hashable, Sendable {
    /// Suppressed: too few pupils to publish without identifying them.
    case supp = "SUPP"
    /// No pupils entered.
    case ne = "NE"
    /// Not applicable.
    case na = "NA"
    /// Not published.
    case np = "NP"
    /// Coverage too low for the figure to be reliable.
    case lowcov = "LOWCOV"
    /// A new school: no data yet.
    case new = "NEW"
    /// Did not submit.
    case dns = "DNS"
    /// Not available (explore-education-statistics style).
    case x
    /// Confidential.
    case c
    /// Not applicable (explore-education-statistics style).
    case z
}

/// A published figure: a number, or the suppression code published in its place.
public enum MeasureValue: Hashable, Sendable {
    /// A number, with any `%` sign removed (`68%` is `68`).
    case number(Decimal)
    /// A suppression code instead of a number.
    case suppressed(SuppressionCode)

    /// The number, or `nil` when suppressed.
    public var number: Decimal? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The suppression code, or `nil` when there is a number.
    public var suppression: SuppressionCode? {
        if case .suppressed(let code) = self { code } else { nil }
    }
}
