import Analysis
import Foundation
import Postgres

// The Analysis module's values as bound parameters and result columns. Analysis does no I/O
// and knows nothing of PostgreSQL, so the conformances live here.

extension SupportLevel: PostgresEncodable, PostgresDecodable {
    /// Sent untyped, so the server reads it as the `support_level` enum from context.
    public var postgresBind: PostgresBind { rawValue.postgresBind }

    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let level = SupportLevel(rawValue: text) else {
            throw PostgresDecodeFailure("'\(text)' is not a support level")
        }
        self = level
    }
}

extension CivilDate: PostgresEncodable, PostgresDecodable {
    /// Sent as a SQL `date`.
    public var postgresBind: PostgresBind { PostgresBind(text: description, typeOID: PostgresType.date) }

    /// Reads a `date` in ISO style (`2025-09-01`).
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw PostgresDecodeFailure("'\(text)' is not an ISO date")
        }
        self.init(year, month, day)
    }
}

extension CivilDate {
    /// The calendar date in UTC at `instant` (today, by default).
    public static func utc(_ instant: Date = Date()) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CivilDate(parts.year!, parts.month!, parts.day!)
    }
}
