import Analysis
import Foundation

/// Reads the explanation documents ``AnalysisJSON`` stores (migration 0012): reasons, warnings
/// and the findings of each area for improvement and strength, whose evidence items are arrays
/// (`[label, subject, academicYear, value, text]`, trailing nulls left out). Items stored as
/// objects, as runs before migration 0009 wrote them, read too.
struct StoredExplanation: Decodable, Equatable {
    var reasons: [LevelReason]
    var warnings: [DataWarning]
    var findings: Findings

    /// The findings of a document's areas for improvement and strengths, read without its
    /// reasons and warnings (the school detail shows only these).
    struct Findings: Decodable, Equatable {
        /// The findings of each area for improvement, in the result's order.
        var areas: [[Finding]]
        /// The findings of each strength, in the result's order.
        var strengths: [[Finding]]

        /// Reads a stored document's findings.
        init(document: String) throws {
            self = try JSONDecoder().decode(Self.self, from: Data(document.utf8))
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            areas = try container.decode([[StoredFinding]].self, forKey: .areas).map { $0.map(\.finding) }
            strengths = try container.decode([[StoredFinding]].self, forKey: .strengths).map { $0.map(\.finding) }
        }
    }

    /// Reads a stored document.
    init(document: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(document.utf8))
    }

    private enum CodingKeys: String, CodingKey {
        case reasons, warnings, areas, strengths
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reasons = try container.decode([StoredReason].self, forKey: .reasons).map {
            LevelReason(level: $0.level, finding: $0.finding.finding)
        }
        warnings = try container.decode([DataWarning].self, forKey: .warnings)
        findings = try Findings(from: decoder)
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

/// A stored result whose explanation document does not match its rows.
public enum StoredExplanationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document has no findings for the row of `table` at `position`.
    case missingEntry(String, Int)

    public var description: String {
        switch self {
        case .missingEntry(let table, let position):
            "the stored explanation has no findings for \(table) position \(position)"
        }
    }
}
