import Foundation

/// The reject report of a `--skip-invalid` import: a CSV file with one row per rejected record
/// (`file`, `line`, `column`, `reason`), for fixing the source and importing again.
public enum RejectReport {
    /// Writes `rejects` to `url` (UTF-8), replacing any earlier report.
    public static func write(_ rejects: [ImportError], to url: URL) throws {
        let writer = try CSVWriter(url: url, encoding: .utf8)
        try writer.write(["file", "line", "column", "reason"])
        for reject in rejects {
            try writer.write([reject.file, reject.line.map(String.init) ?? "", reject.column ?? "", reject.reason])
        }
        try writer.close()
    }
}
