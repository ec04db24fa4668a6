import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so that the demo county is
/// the same on every machine for the same seed (and the benchmarks' generated data with it).
public struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A normally distributed number (Box–Muller).
    mutating func normal(mean: Double = 0, sd: Double = 1) -> Double {
        let u1 = max(unit(), .leastNonzeroMagnitude)
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * unit())
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// An element chosen with the given relative weights.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        var pick = unit() * choices.reduce(0) { $0 + $1.1 }
        for (choice, weight) in choices {
            pick -= weight
            if pick < 0 { return choice }
        }
        return choices[choices.count - 1].0
    }
}
