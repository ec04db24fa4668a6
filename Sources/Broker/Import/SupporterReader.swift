import Foundation
import Matching

/// One supporter of a register file, as ``SupporterReader`` reads it.
public struct SupporterRecord: Hashable, Sendable {
    /// A specialism: an area for improvement and how strong the evidence is (0…1).
    public struct SpecialismEntry: Hashable, Sendable {
        public var area: String
        public var strength: Double

        public init(area: String, strength: Double) {
            self.area = area
            self.strength = strength
        }
    }

    /// A declared conflict of interest with a school.
    public struct ConflictEntry: Hashable, Sendable {
        public var urn: Int
        public var reason: String

        public init(urn: Int, reason: String) {
            self.urn = urn
            self.reason = reason
        }
    }

    public var line: Int
    /// The register's key: importing a file again updates the supporters it names.
    public var reference: String
    public var name: String
    public var kind: SupporterKind
    public var homeURN: Int?
    public var designations: [SupporterDesignation]
    public var phases: [Phase]
    public var capacity: Int
    public var availableFrom: CalendarDay?
    public var availableTo: CalendarDay?
    public var status: SupporterStatus
    /// Its own location; `nil` uses the home school's.
    public var location: GeoCoordinate?
    public var specialisms: [SpecialismEntry]
    /// Evidence text, stored with every specialism of the supporter.
    public var evidence: String
    public var conflicts: [ConflictEntry]
}

/// Reads a supporters register CSV by header name (the format is documented in the README):
/// `Reference`, `Name`, `Kind`, `Phases`, `Capacity` and `Specialisms` are required; `Home URN`,
/// `Designations`, `Available from`, `Available to` (`yyyy-mm-dd`), `Status` (default
/// `confirmed`), `Latitude`/`Longitude`, `Evidence` and `Conflicts of interest` are optional.
/// Lists are separated by `;`: specialisms as `area:strength`, conflicts as `URN` or
/// `URN:reason`.
public enum SupporterReader {
    /// Opens a register file for streaming; see ``reader(_:areas:schools:)``.
    public static func open(_ url: URL, areas: Set<String>, schools: Set<Int>) throws -> ImportReader<SupporterRecord> {
        try reader(CSVReader(contentsOf: url, encoding: .automatic), areas: areas, schools: schools)
    }

    /// Reads supporters from `csv`. Area codes must be among `areas` and URNs (home school,
    /// conflicts) among `schools`, so that a bad reference is reported at its line and column;
    /// a reference may appear only once in a file.
    public static func reader(_ csv: CSVReader, areas: Set<String>, schools: Set<Int>) throws
        -> ImportReader<SupporterRecord>
    {
        try ImportReader(csv: csv) { c in
            let reference = c.required("Reference")
            let name = c.required("Name")
            let kind = c.required("Kind")
            let phases = c.required("Phases")
            let capacity = c.required("Capacity")
            let specialisms = c.required("Specialisms")
            let homeURN = c.optional("Home URN", "URN")
            let designations = c.optional("Designations")
            let from = c.optional("Available from")
            let to = c.optional("Available to")
            let status = c.optional("Status")
            let latitude = c.optional("Latitude")
            let longitude = c.optional("Longitude")
            let evidence = c.optional("Evidence")
            let conflicts = c.optional("Conflicts of interest", "Conflicts")
            var firstLine: [String: Int] = [:]
            return { row in
                let key = try row.requiredText(reference)
                if let earlier = firstLine[key] {
                    throw row.error(reference, "reference \"\(key)\" repeats line \(earlier)")
                }
                firstLine[key] = row.line
                guard let supporterKind = try row.value(kind, vocabulary: vocabulary(SupporterKind.allCases), {
                    SupporterKind(rawValue: $0.lowercased().replacingOccurrences(of: " ", with: "_"))
                }) else { throw row.error(kind, "value is required") }
                let home = try row.integer(homeURN)
                if let home, !schools.contains(home) { throw row.error(homeURN, "no school has URN \(home)") }
                if home == nil, supporterKind == .school {
                    throw row.error(homeURN, "a supporter of kind school needs its home URN")
                }
                let location = try coordinate(row, latitude, longitude)
                let room = try row.requiredInteger(capacity)
                guard room >= 0 else { throw row.error(capacity, "capacity \(room) is negative") }
                let (start, end) = (try isoDate(row, from), try isoDate(row, to))
                if let start, let end, end < start {
                    throw row.error(to, "available to \(end) is before available from \(start)")
                }
                let served = try list(row, phases, vocabulary: vocabulary(Phase.allCases)) {
                    Phase(rawValue: $0.lowercased().replacingOccurrences(of: "-", with: "_"))
                }
                guard !served.isEmpty else { throw row.error(phases, "value is required") }
                return SupporterRecord(
                    line: row.line, reference: key, name: try row.requiredText(name), kind: supporterKind,
                    homeURN: home,
                    designations: try list(row, designations, vocabulary: vocabulary(SupporterDesignation.allCases)) {
                        SupporterDesignation(rawValue: $0.uppercased())
                    },
                    phases: served, capacity: room, availableFrom: start, availableTo: end,
                    status: try row.value(status, vocabulary: vocabulary(SupporterStatus.allCases)) {
                        SupporterStatus(rawValue: $0.lowercased())
                    } ?? .confirmed,
                    location: location,
                    specialisms: try specialismList(row, specialisms, areas: areas),
                    evidence: row.text(evidence) ?? "",
                    conflicts: try conflictList(row, conflicts, schools: schools))
            }
        }
    }

    private static func vocabulary<T: RawRepresentable<String>>(_ cases: [T]) -> String {
        "one of " + cases.map(\.rawValue).joined(separator: ", ")
    }

    /// The `;`-separated items of a column, each decoded; duplicates are an error.
    private static func list<T: Hashable>(
        _ row: ImportRow, _ column: ImportColumn?, vocabulary: @autoclosure () -> String, _ decode: (String) -> T?
    ) throws -> [T] {
        var values: [T] = []
        for item in items(row.text(column)) {
            guard let value = decode(item) else {
                throw row.error(column, "invalid value \"\(item)\" (expected \(vocabulary()))")
            }
            guard !values.contains(value) else { throw row.error(column, "\"\(item)\" is listed twice") }
            values.append(value)
        }
        return values
    }

    private static func items(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func isoDate(_ row: ImportRow, _ column: ImportColumn?) throws -> CalendarDay? {
        try row.value(column, vocabulary: "a date in the form yyyy-mm-dd") { CalendarDay(iso8601: $0) }
    }

    private static func coordinate(_ row: ImportRow, _ latitude: ImportColumn?, _ longitude: ImportColumn?) throws
        -> GeoCoordinate?
    {
        let (lat, lon) = (try row.double(latitude), try row.double(longitude))
        switch (lat, lon) {
        case (nil, nil): return nil
        case (let lat?, let lon?):
            guard (-90...90).contains(lat) else { throw row.error(latitude, "latitude \(lat) is out of range") }
            guard (-180...180).contains(lon) else { throw row.error(longitude, "longitude \(lon) is out of range") }
            return GeoCoordinate(latitude: lat, longitude: lon)
        case (nil, _): throw row.error(latitude, "a longitude needs a latitude")
        case (_, nil): throw row.error(longitude, "a latitude needs a longitude")
        }
    }

    /// `area:strength;area:strength`, each area known and listed once, strengths in 0…1.
    private static func specialismList(_ row: ImportRow, _ column: ImportColumn, areas: Set<String>) throws
        -> [SupporterRecord.SpecialismEntry]
    {
        var entries: [SupporterRecord.SpecialismEntry] = []
        for item in items(row.text(column)) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let strength = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw row.error(column, "invalid specialism \"\(item)\" (expected area:strength, such as ks2-maths:0.8)")
            }
            let area = parts[0].trimmingCharacters(in: .whitespaces)
            guard areas.contains(area) else { throw row.error(column, "unknown area \"\(area)\"") }
            guard (0...1).contains(strength) else {
                throw row.error(column, "strength \(strength) of \(area) is outside 0…1")
            }
            guard !entries.contains(where: { $0.area == area }) else {
                throw row.error(column, "\"\(area)\" is listed twice")
            }
            entries.append(.init(area: area, strength: strength))
        }
        return entries
    }

    /// `URN` or `URN:reason`, separated by `;`, each a known school listed once.
    private static func conflictList(_ row: ImportRow, _ column: ImportColumn?, schools: Set<Int>) throws
        -> [SupporterRecord.ConflictEntry]
    {
        var entries: [SupporterRecord.ConflictEntry] = []
        for item in items(row.text(column)) {
            let parts = item.split(separator: ":", maxSplits: 1)
            guard let urn = ValueParsing.integer(parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw row.error(column, "invalid conflict \"\(item)\" (expected URN or URN:reason)")
            }
            guard schools.contains(urn) else { throw row.error(column, "no school has URN \(urn)") }
            guard !entries.contains(where: { $0.urn == urn }) else {
                throw row.error(column, "URN \(urn) is listed twice")
            }
            entries.append(.init(urn: urn, reason: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        return entries
    }
}
