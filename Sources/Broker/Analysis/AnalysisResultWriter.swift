import Analysis
import Dispatch
import Foundation
import Postgres

/// Writes a run's per-school results, areas for improvement and strengths with `COPY`.
enum AnalysisResultWriter {
    /// Copies `results` into `analysis_results`, `analysis_areas` and `analysis_strengths` under
    /// `runID`, on `connection` (inside the caller's transaction). Returns the areas for
    /// improvement with their rationales, for the needs.
    static func write(
        _ results: [SchoolAnalysis], runID: Int64, on connection: PostgresConnection
    ) async throws -> [AnalysisNeeds.Found] {
        // Rendering the explanations to JSON is the costly part: spread it over the cores first.
        let rendered = renderInParallel(results) { Rows($0, runID: String(runID)) }
        try await connection.copyFrom("COPY analysis_results (run_id, urn, level, reasons, warnings) FROM STDIN") {
            writer in
            for rows in rendered { try await writer.append(rows.result) }
        }
        try await connection.copyFrom(
            "COPY analysis_areas (run_id, urn, area_code, position, severity, findings) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.areas { try await writer.append(row) } }
        }
        try await connection.copyFrom(
            "COPY analysis_strengths (run_id, urn, area_code, position, strength, findings) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.strengths { try await writer.append(row) } }
        }
        return rendered.flatMap(\.found)
    }

    /// One school's rows of the three tables, in `COPY` text form.
    private struct Rows: Sendable {
        let result: [String?]
        let areas: [[String?]]
        let strengths: [[String?]]
        let found: [AnalysisNeeds.Found]

        init(_ result: SchoolAnalysis, runID: String) {
            let urn = String(result.urn)
            self.result = [
                runID, urn, result.level.rawValue, AnalysisJSON.text { $0.reasons(result.reasons) },
                AnalysisJSON.text { $0.warnings(result.warnings) },
            ]
            var found: [AnalysisNeeds.Found] = []
            areas = result.areasForImprovement.enumerated().map { position, area in
                let (json, texts) = AnalysisJSON.findingsAndTexts(area.findings)
                found.append(.init(
                    urn: result.urn, area: area.area.rawValue, severity: area.severity,
                    rationale: texts.joined(separator: " ")))
                return [runID, urn, area.area.rawValue, String(position), String(area.severity), json]
            }
            self.found = found
            strengths = result.strengths.enumerated().map { position, strength in
                [runID, urn, strength.area.rawValue, String(position), String(strength.strength),
                 AnalysisJSON.text { $0.findings(strength.findings) }]
            }
        }
    }

    /// `transform` applied to every element, in order, with the work split over the cores.
    private static func renderInParallel<Element: Sendable, Output: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Output
    ) -> [Output] {
        let chunks = max(1, min(elements.count / 256, ProcessInfo.processInfo.activeProcessorCount * 4))
        let outputs = ChunkOutputs<Output>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * elements.count / chunks)..<((chunk + 1) * elements.count / chunks)
            outputs.set(chunk, elements[range].map(transform))
        }
        return outputs.joined()
    }
}

/// The per-chunk results of a parallel map, each slot written by exactly one chunk.
private final class ChunkOutputs<Output: Sendable>: @unchecked Sendable {
    private var slots: [[Output]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ chunk: Int, _ outputs: [Output]) {
        lock.withLock { slots[chunk] = outputs }
    }

    /// The chunks' outputs in chunk order.
    func joined() -> [Output] {
        lock.withLock { slots.flatMap { $0 } }
    }
}
