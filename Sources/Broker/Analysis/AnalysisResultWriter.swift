import Analysis
import Dispatch
import Foundation
import Postgres

/// Writes a run's per-school results, areas for improvement and strengths with `COPY`.
enum AnalysisResultWriter {
    /// Copies `results` into `analysis_results`, `analysis_areas` and `analysis_strengths` under
    /// `runID`, on `connection` (inside the caller's transaction).
    static func write(_ results: [SchoolAnalysis], runID: Int64, on connection: PostgresConnection) async throws {
        // Rendering the explanations to JSON is the costly part: spread it over the cores first.
        let rendered = try renderInParallel(results) { result, encoder in
            try Rows(result, runID: String(runID), encoder: encoder)
        }
        try await connection.copyFrom("COPY analysis_results (run_id, urn, level, reasons, warnings) FROM STDIN") {
            writer in
            for rows in rendered { try await writer.append(rows.result) }
        }
        try await connection.copyFrom(
            "COPY analysis_areas (run_id, urn, area_code, severity, findings) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.areas { try await writer.append(row) } }
        }
        try await connection.copyFrom(
            "COPY analysis_strengths (run_id, urn, area_code, strength, findings) FROM STDIN"
        ) { writer in
            for rows in rendered { for row in rows.strengths { try await writer.append(row) } }
        }
    }

    /// One school's rows of the three tables, in `COPY` text form.
    private struct Rows: Sendable {
        let result: [String?]
        let areas: [[String?]]
        let strengths: [[String?]]

        init(_ result: SchoolAnalysis, runID: String, encoder: JSONEncoder) throws {
            let urn = String(result.urn)
            func json(_ value: some Encodable) throws -> String {
                String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            self.result = [runID, urn, result.level.rawValue, try json(result.reasons), try json(result.warnings)]
            areas = try result.areasForImprovement.map {
                [runID, urn, $0.area.rawValue, String($0.severity), try json($0.findings)]
            }
            strengths = try result.strengths.map {
                [runID, urn, $0.area.rawValue, String($0.strength), try json($0.findings)]
            }
        }
    }

    /// `transform` applied to every element, in order, with the work split over the cores (each
    /// chunk with its own encoder).
    private static func renderInParallel<Element: Sendable, Output: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element, JSONEncoder) throws -> Output
    ) throws -> [Output] {
        let chunks = max(1, min(elements.count / 256, ProcessInfo.processInfo.activeProcessorCount * 4))
        let outputs = ChunkOutputs<Output>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let encoder = JSONEncoder()
            let range = (chunk * elements.count / chunks)..<((chunk + 1) * elements.count / chunks)
            outputs.set(chunk, Result { try elements[range].map { try transform($0, encoder) } })
        }
        return try outputs.joined()
    }
}

/// The per-chunk results of a parallel map, each slot written by exactly one chunk.
private final class ChunkOutputs<Output: Sendable>: @unchecked Sendable {
    private var slots: [Result<[Output], any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ chunk: Int, _ result: Result<[Output], any Error>) {
        lock.withLock { slots[chunk] = result }
    }

    /// The chunks' outputs in chunk order, or the first chunk's error.
    func joined() throws -> [Output] {
        try lock.withLock { try slots.flatMap { try $0!.get() } }
    }
}
