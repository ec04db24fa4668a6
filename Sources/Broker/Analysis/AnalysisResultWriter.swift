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
        // Rendering the explanations is the client's costly part, copying them the server's: the
        // cores render chunk after chunk while PostgreSQL ingests the ones rendered before.
        let chunks = renderInChunks(results) { Rows($0, runID: runID, previous: previous[$0.urn]) }
        var rendered: [Rows] = []
        rendered.reserveCapacity(results.count)
        var explanations = 0
        try await connection.copyFrom("COPY analysis_explanations (run_id, urn, document) FROM STDIN") { writer in
            for await chunk in chunks {
                for rows in chunk {
                    guard let document = rows.document else { continue }
                    try await writer.append(document)
                    explanations += 1
                }
                rendered += chunk
            }
        }
        try await connection.copyFrom(
            "COPY analysis_results (run_id, urn, level, explained_by, digest) FROM STDIN"
        ) { writer in
            for rows in rendered { try await writer.append(rows.result) }
        }
        let run = String(runID)
        try await connection.copyFrom(
            "COPY analysis_areas (run_id, urn, area_code, position, severity) FROM STDIN"
        ) { writer in
            for result in results {
                for (position, area) in result.areasForImprovement.enumerated() {
                    try await writer.append(
                        [run, String(result.urn), area.area.rawValue, String(position), String(area.severity)])
                }
            }
        }
        try await connection.copyFrom(
            "COPY analysis_strengths (run_id, urn, area_code, position, strength) FROM STDIN"
        ) { writer in
            for result in results {
                for (position, strength) in result.strengths.enumerated() {
                    try await writer.append(
                        [run, String(result.urn), strength.area.rawValue, String(position), String(strength.strength)])
                }
            }
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
        }
    }

    /// `transform` applied to every element, chunk by chunk, in order: the chunks are mapped on
    /// the cores (off Swift's cooperative threads, which the caller keeps for its database work)
    /// and each is delivered once it and those before it are done.
    private static func renderInChunks<Element: Sendable, Output: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element) -> Output
    ) -> AsyncStream<[Output]> {
        // Small chunks, so the first is ready (and PostgreSQL busy) within milliseconds.
        let chunks = max(1, min(elements.count / 64, 128))
        let (stream, continuation) = AsyncStream.makeStream(of: [Output].self)
        let ordered = OrderedChunks<Output>(continuation)
        DispatchQueue.global(qos: .userInitiated).async {
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (chunk * elements.count / chunks)..<((chunk + 1) * elements.count / chunks)
                ordered.deliver(chunk, elements[range].map(transform))
            }
            continuation.finish()
        }
        return stream
    }
}

/// Passes a parallel map's chunks on in chunk order, holding back those that finish early.
private final class OrderedChunks<Output: Sendable>: @unchecked Sendable {
    private let continuation: AsyncStream<[Output]>.Continuation
    // Guarded by `lock`.
    private var early: [Int: [Output]] = [:]
    private var next = 0
    private let lock = NSLock()

    init(_ continuation: AsyncStream<[Output]>.Continuation) { self.continuation = continuation }

    func deliver(_ chunk: Int, _ outputs: [Output]) {
        lock.withLock {
            early[chunk] = outputs
            while let ready = early.removeValue(forKey: next) {
                continuation.yield(ready)
                next += 1
            }
        }
    }
}
