import Broker
import Foundation

/// The text `schoolbroker match` prints: the run, needs matched by level of the need's school and by area, unmatched needs by
/// reason, exclusions, total quality, where capacity would help most, and timings.
struct MatchSummary {
    let outcome: MatchRunOutcome

    init(_ outcome: MatchRunOutcome) {
        self.outcome = outcome
    }

    var text: String {
        var lines: [String] = []
        let run = outcome.runID.map { "Match run \($0)" } ?? "Dry run (nothing stored)"
        lines.append("\(run): \(outcome.mode.rawValue) mode, academic year \(outcome.academicYear), "
            + "max \(Self.decimal(outcome.parameters.maxDistanceKm)) km")
        lines.append("Inputs fingerprint \(outcome.inputsFingerprint)")
        lines.append("Needs: \(outcome.needs) open, \(outcome.matched) matched, \(outcome.needs - outcome.matched) unmatched; "
            + "supporters with capacity: \(outcome.supporters); candidate pairs: \(outcome.candidateEdges)")
        lines.append("Total quality: \(String(format: "%.6f", outcome.totalQuality)) (objective \(outcome.objective))")

        lines += Self.table("level", outcome.tallyByLevel.map { ($0.level?.rawValue ?? "(no level)", $0.needs, $0.matched) })
        lines += Self.table("area", outcome.tallyByArea.map { ($0.area, $0.needs, $0.matched) })

        let unmatched = outcome.unmatchedByReason
        if !unmatched.isEmpty {
            lines.append("")
            lines.append("Unmatched needs by reason:")
            for reason in UnmatchedReasonCode.allCases {
                guard let count = unmatched[reason] else { continue }
                lines.append(Self.right(count, 7) + "  \(reason.summary)")
            }
        }
        let exclusions = outcome.counts.exclusions.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        if !exclusions.isEmpty {
            lines.append("Nearby specialist pairs excluded: "
                + exclusions.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if outcome.counts.supportersWithoutLocation > 0 {
            lines.append("Supporters left out without a location: \(outcome.counts.supportersWithoutLocation)")
        }

        let gains = outcome.capacityPrices.filter { $0.marginalGain > 0 }
            .sorted { ($0.marginalGain, $1.supporterID) > ($1.marginalGain, $0.supporterID) }.prefix(5)
        if !gains.isEmpty {
            lines.append("")
            lines.append("Where one more engagement adds most quality:")
            let scale = outcome.parameters.weightScale
            for price in gains {
                lines.append("  supporter \(price.supporterID): +\(String(format: "%.6f", Double(price.marginalGain) / scale))")
            }
        }

        let t = outcome.timings
        lines.append("")
        lines.append("Timings: load \(Self.seconds(t.load)), candidates \(Self.seconds(t.candidates)), "
            + "solve \(Self.seconds(t.solve)), explain \(Self.seconds(t.explain)), pricing \(Self.seconds(t.pricing)), "
            + "store \(Self.seconds(t.store)); total \(Self.seconds(t.total))")
        return lines.joined(separator: "\n")
    }

    /// "Needs matched by KEY:" and a row per tally.
    private static func table(_ key: String, _ rows: [(name: String, needs: Int, matched: Int)]) -> [String] {
        ["", "Needs matched by \(key):", "  " + key.padding(toLength: 24, withPad: " ", startingAt: 0) + "  needs  matched"]
            + rows.map { "  " + $0.name.padding(toLength: 24, withPad: " ", startingAt: 0) + right($0.needs, 7) + right($0.matched, 9) }
    }

    private static func right(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    private static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
