import Foundation
import Logging

/// One JSON object per line on standard error (for log collectors): time, level, label,
/// message, source and metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [
            "time": Date().formatted(.iso8601), "level": event.level.rawValue, "label": label,
            "message": event.message.description, "source": event.source,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = value.description
        }
        var line = (try? Self.encoder.encode(fields)) ?? Data()
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(line)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension ServeSettings {
    /// Sends every logger to standard error, as text or JSON, at the configured level.
    func bootstrapLogging() {
        let level = logLevel
        if jsonLogs {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
