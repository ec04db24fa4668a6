import Analysis
import Foundation

/// Reads the explanations ``AnalysisJSON`` stores: reasons, warnings and findings, whose evidence
/// items are arrays (`[label, subject, academicYear, value, text]`, trailing nulls left out).
/// Items stored as objects, as runs before migration 0009 wrote them, read too.
enum StoredExplanation {
    static func reasons(_ text: String) throws -> [LevelReason] {
        try decode([StoredReason].self, text).map { LevelReason(level: $0.level, finding: $0.finding.finding) }
    }

    static func findings(_ text: String) throws -> [Finding] {
        try decode([StoredFinding].self, text).map(\.finding)
    }

    static func warnings(_ text: String) throws -> [DataWarning] {
        try decode([DataWarning].self, text)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private struct StoredReason: Decodable {
        let level: SupportLevel
        let finding: StoredFinding
    }

    private struct StoredFinding: Decodable {
        let ruleID: String
        let subject: String
        let text: String
        let evidence: [StoredEvidence]

        var finding: Finding { Finding(ruleID: ruleID, subject: subject, text: text, evidence: evidence.map(\.evidence)) }
    }

    private struct StoredEvidence: Decodable {
        let evidence: Evidence

        init(from decoder: any Decoder) throws {
            guard var items = try? decoder.unkeyedContainer() else {
                evidence = try Evidence(from: decoder)
                return
            }
            let label = try items.decode(String.self)
            let subject = items.isAtEnd ? nil : try items.decodeIfPresent(String.self)
            let academicYear = items.isAtEnd ? nil : try items.decodeIfPresent(Int.self)
            let value = items.isAtEnd ? nil : try items.decodeIfPresent(Double.self)
            let text = items.isAtEnd ? nil : try items.decodeIfPresent(String.self)
            evidence = Evidence(label, subject: subject, academicYear: academicYear, value: value, text: text)
        }
    }
}
