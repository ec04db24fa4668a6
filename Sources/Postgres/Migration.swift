import Foundation

/// One forward-only schema change: `NNNN_name.sql`, applied once, in its own transaction.
public struct Migration: Sendable, Hashable {
    /// The number that orders migrations (`0001` → 1).
    public var version: Int
    /// The descriptive part of the file name.
    public var name: String
    /// The SQL script (trusted: shipped with the application).
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads every `NNNN_name.sql` in `directory`, ordered by number. Other files are ignored;
    /// two files with the same number are an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        var migrations: [Migration] = []
        for file in files where file.pathExtension == "sql" {
            let stem = file.deletingPathExtension().lastPathComponent
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError.badFileName(file.lastPathComponent)
            }
            let sql = try String(contentsOf: file, encoding: .utf8)
            migrations.append(
                Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(next.version)
        }
        return migrations
    }
}

/// Why migrating stopped.
public enum MigrationError: Error, Sendable, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateVersion(Int)
    /// An applied migration's file no longer matches what was applied.
    case checksumMismatch(version: Int, name: String, applied: String, current: String)
    /// The database has a migration this build does not know (it is newer than the code).
    case unknownAppliedVersion(Int)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "migration file '\(name)' is not named NNNN_name.sql"
        case .duplicateVersion(let version):
            "two migration files share the number \(version)"
        case .checksumMismatch(let version, let name, let applied, let current):
            "migration \(version) (\(name)) was edited after it was applied "
                + "(checksum \(applied.prefix(12)) applied, \(current.prefix(12)) now); "
                + "migrations are forward-only: restore the file and add a new migration instead"
        case .unknownAppliedVersion(let version):
            "the database has migration \(version), which this build does not know: it is newer than this code"
        }
    }
}
