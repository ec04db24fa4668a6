import Foundation

/// A one-line progress display for an import, drawn on standard error only when it is a
/// terminal: the file's name and the share of its bytes read.
final class ImportProgress {
    private let file: String
    private let totalBytes: Int
    private let enabled: Bool
    private var shownPercent = -1

    init(file: String) {
        self.file = file
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
        self.totalBytes = max(size ?? 0, 1)
        self.enabled = isatty(STDERR_FILENO) == 1
    }

    /// Redraws the line when the percentage has moved.
    func update(bytesRead: Int) {
        guard enabled else { return }
        let percent = min(100, bytesRead * 100 / totalBytes)
        guard percent != shownPercent else { return }
        shownPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(file) [\(bar)] \(percent)%".utf8))
    }

    /// Clears the line before the summary is printed.
    func finish() {
        guard enabled, shownPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
