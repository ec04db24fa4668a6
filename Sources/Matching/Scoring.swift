#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an edge's quality was made: every factor of the default formula.
public struct ScoreBreakdown: Sendable, Hashable {
    public var distanceKm: Double
    /// Evidence strength of the supporter's specialism.
    public var strength: Double
    public var severity: Int
    /// `exp(-distance / decayKm)`.
    public var decay: Double
    /// Context similarity of the two schools, 0…1.
    public var similarity: Double
    /// `contextFloor + (1 - contextFloor) × similarity`.
    public var context: Double
    /// `strength × severity × decay × context`, left to right.
    public var quality: Double
    /// `floor(quality × weightScale + 0.5)`: what the solvers optimise.
    public var weight: Int64
}

/// The default quality formula, reproducing the reference harness bit for bit
/// (same operation order, libm `exp`/`log`).
public enum Scorer {
    /// Precomputed `ln(10)` as libm computes it.
    static let lnTen = log(10.0)

    /// Context similarity in 0…1 from free-school-meals share, size (log pupils) and setting.
    public static func similarity(_ a: SchoolContext, _ b: SchoolContext) -> Double {
        similarity(a, logPupilsA: logPupils(a), b, logPupilsB: logPupils(b))
    }

    /// `ln(pupils)`, the size term of the similarity.
    static func logPupils(_ context: SchoolContext) -> Double { log(Double(context.pupils)) }

    /// `similarity(_:_:)` with the logarithms of the pupil numbers already taken.
    static func similarity(_ a: SchoolContext, logPupilsA: Double, _ b: SchoolContext, logPupilsB: Double)
        -> Double
    {
        let dFsm = min(1.0, abs(a.freeSchoolMealsShare - b.freeSchoolMealsShare) / 0.5)
        let dPupils = min(1.0, abs(logPupilsA - logPupilsB) / lnTen)
        let dUrban: Double = a.isUrban == b.isUrban ? 0 : 1
        return 1.0 - (dFsm + dPupils + dUrban) / 3.0
    }

    /// Scores one edge.
    public static func score(
        strength: Double, severity: Int, distanceKm: Double, similarity: Double,
        parameters: MatchParameters
    ) -> ScoreBreakdown {
        let decay = exp(-distanceKm / parameters.decayKm)
        let context = parameters.contextFloor + (1.0 - parameters.contextFloor) * similarity
        var quality = strength * Double(severity)
        quality = quality * decay
        quality = quality * context
        let weight = Int64((quality * parameters.weightScale + 0.5).rounded(.down))
        return ScoreBreakdown(
            distanceKm: distanceKm, strength: strength, severity: severity, decay: decay,
            similarity: similarity, context: context, quality: quality, weight: weight)
    }
}
