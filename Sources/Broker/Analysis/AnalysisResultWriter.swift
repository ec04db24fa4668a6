import Analysis
import Dispatch
import Foundation
import Postgres

/// Writes a run's per-school results, explanation documents, areas for improvement and
/// strengths with `COPY`.
enum AnalysisResultWriter {
    /// What ``write(_:runID:academicYear:on:)`` wrote.
    struct Written: Sendable {
        /// The areas for improvement with their rationales, for the needs.
        let found: [AnalysisNeeds.Found]
        /// Explanation documents written (the others were unchanged).
        let explanations: Int
    }

    /// Copies `results` into `analysis_results`, `analysis_areas` and `analysis_strengths` under
    /// `runID`, on `connection` (inside the caller's transaction), and each school's explanation
    /// document into `analysis_explanations` unless it is the same as in the run this one
    /// supersedes (the year's latest before it), whose document the result then points at.
    static func write(
        _ results: [SchoolAnalysis], runID: Int64, academicYear: Int, on connection: PostgresConnection
    ) async throws -> Written {
        let previous = try await previousExplanations(runID: runID, academicYear: academicYear, on: connection)
        // Rendering the explanations is the costly part: spread it over the cores first.
        let rendered = renderInParallel(results) { Rows($0, runID: runID, previous: previous[$0.urn]) }
        try await connection.copyFrom(
            "COPY analysis_results (run_id, urn, level, explained_by, digest) FROM STDIN"
        ) { writer in
            for rows in rendered { try await writer.append(rows.result) }
        }
        var explanations = 0
        try await connection.copyFrom("COPY analysis_explanations (run_id, urn, document) FROM STDIN") { writer in
            for rows in rendered {
                guard let document = rows.document else { continue }
                try await writer.append(document)
                explanations += 1
            }
        }
        try await connection.copyFrom(
            "COPY analysis_areas (run_id, urn, area_code, position, severity) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.areas { try await writer.append(row) } }
        }
        try await connection.copyFrom(
            "COPY analysis_strengths (run_id, urn, area_code, position, strength) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.strengths { try await writer.append(row) } }
        }
        return Written(found: rendered.flatMap(\.found), explanations: explanations)
    }

    /// A stored result's explanation: its digest and the run whose document it is.
    struct StoredDocument: Sendable {
        let digest: AnalysisDigest
        let explainedBy: Int64
    }

    /// The explanations of the results of the run `runID` supersedes, by URN.
    private static func previousExplanations(
        runID: Int64, academicYear: Int, on connection: PostgresConnection
    ) async throws -> [Int: StoredDocument] {
        let rows = try await connection.query(
            """
            SELECT urn, digest, explained_by FROM analysis_results
            WHERE run_id = (SELECT max(id) FROM analysis_runs WHERE academic_year = \(academicYear)::integer AND id < \(runID))
              AND digest IS NOT NULL
            """)
        var documents: [Int: StoredDocument] = [:]
        documents.reserveCapacity(rows.count)
        for row in rows {
            guard let digest = AnalysisDigest(stored: [UInt8](try row.decode(1, as: Data.self))) else { continue }
            documents[try row.decode(0, as: Int.self)] = StoredDocument(
                digest: digest, explainedBy: try row.decode(2, as: Int64.self))
        }
        return documents
    }

    /// One school's rows, in `COPY` text form.
    private struct Rows: Sendable {
        let result: [String?]
        /// The explanation row, `nil` when the previous run's document is the same.
        let document: [String?]?
        let areas: [[String?]]
        let strengths: [[String?]]
        let found: [AnalysisNeeds.Found]

        init(_ result: SchoolAnalysis, runID: Int64, previous: StoredDocument?) {
            let run = String(runID)
            let urn = String(result.urn)
            let (bytes, areaTexts) = AnalysisJSON.document(result)
            let digest = AnalysisDigest(of: bytes)
            // The run whose document explains the result: the earlier one when it is the same.
            let reused = previous.flatMap { $0.digest == digest ? $0.explainedBy : nil }
            self.result = [run, urn, result.level.rawValue, reused.map(String.init) ?? run, digest.byteaText]
            document = reused == nil ? [run, urn, String(decoding: bytes, as: UTF8.self)] : nil
            found = zip(result.areasForImprovement, areaTexts).map { area, texts in
                AnalysisNeeds.Found(
                    urn: result.urn, area: area.area.rawValue, severity: area.severity, rationale: texts.joined(separator: " "))
            }
            areas = result.areasForImprovement.enumerated().map { position, area in
                [run, urn, area.area.rawValue, String(position), String(area.severity)]
            }
            strengths = result.strengths.enumerated().map { position, strength in
                [run, urn, strength.area.rawValue, String(position), String(strength.strength)]
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
