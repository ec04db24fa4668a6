import Foundation
import Postgres

/// The kinds of published file `schoolbroker import` loads.
public enum ImportKind: String, CaseIterable, Sendable {
    /// A GIAS establishment extract (public daily or all-establishment layout).
    case gias
    /// A GIAS links extract (predecessor and successor URNs).
    case giasLinks = "gias-links"
    /// KS2 and KS4 performance tables, the school census and absence; need an academic year.
    case ks2, ks4, census, absence
    /// Ofsted "latest inspections" management information (either layout).
    case ofsted
    /// School or postcode coordinates (latitude/longitude or Easting/Northing).
    case coordinates
    /// The supporters register (SchoolBroker's own CSV format; see ``SupporterReader``).
    case supporters

    /// Whether a file of this kind needs its academic year given (performance tables, census, absence).
    public var needsAcademicYear: Bool {
        [.ks2, .ks4, .census, .absence].contains(self)
    }

    /// Imports one file of this kind in one transaction.
    /// - Parameters:
    ///   - academicYear: the year in which the file's academic year ends; required by the kinds
    ///     that ``needsAcademicYear``.
    ///   - progress: told the bytes read so far, every few thousand records.
    /// - Throws: ``ImportError`` for a bad file, or a bad record under ``ImportPolicy/allOrNothing``
    ///   (nothing is written then); `PostgresError` from the database.
    public func run(_ url: URL, academicYear: Int? = nil, into pool: PostgresPool, policy: ImportPolicy,
                    progress: (Int) -> Void = { _ in }) async throws -> ImportSummary {
        func table(_ catalog: MeasureCatalog) async throws -> ImportSummary {
            guard let academicYear else {
                throw ImportError(file: url.path, reason: "a \(rawValue) import needs the academic year (--year)")
            }
            return try await MeasureImport.run(url, catalog: catalog, academicYear: academicYear, into: pool,
                                               policy: policy, progress: progress)
        }
        switch self {
        case .gias: return try await GIASImport.run(url, into: pool, policy: policy, progress: progress)
        case .giasLinks: return try await GIASLinkImport.run(url, into: pool, policy: policy, progress: progress)
        case .ks2: return try await table(.ks2)
        case .ks4: return try await table(.ks4)
        case .census: return try await table(.census)
        case .absence: return try await table(.absence)
        case .ofsted: return try await OfstedImport.run(url, into: pool, policy: policy, progress: progress)
        case .coordinates: return try await CoordinateImport.run(url, into: pool, policy: policy, progress: progress)
        case .supporters: return try await SupporterImport.run(url, into: pool, policy: policy, progress: progress)
        }
    }
}
