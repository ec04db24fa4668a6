import Analysis
import Foundation
import Postgres

/// A service of the traded offer, kept by administrators, for one area for improvement.
public struct TradedService: Sendable, Codable, Hashable {
    public var id: Int64
    public var area: AreaCode
    public var title: String
    public var description: String
    public var provider: String
    public var active: Bool
}

/// The traded offer: the catalogue of services by area, and the links from `secure` schools'
/// agreed areas for improvement to services.
public struct TradedOfferStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Adds a service to the catalogue.
    /// - Throws: ``TradedOfferError``, or a unique violation for a second service of the same title in the area.
    public func addService(area: AreaCode, title: String, description: String = "", provider: String = "")
        async throws -> TradedService
    {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw TradedOfferError.titleRequired }
        return try await pool.withTransaction { connection in
            guard try await !connection.query("SELECT 1 FROM areas WHERE code = \(area.rawValue)").isEmpty else {
                throw TradedOfferError.unknownArea(area)
            }
            return try Self.services(
                try await connection.query(
                    """
                    INSERT INTO traded_services (area_code, title, description, provider)
                    VALUES (\(area.rawValue), \(title), \(description), \(provider))
                    RETURNING id, area_code, title, description, provider, active
                    """))[0]
        }
    }

    /// The active services, of one area when given, by area and title.
    public func services(area: AreaCode? = nil) async throws -> [TradedService] {
        try await Self.services(
            pool.query(
                """
                SELECT id, area_code, title, description, provider, active FROM traded_services
                WHERE active AND (\(area?.rawValue)::text IS NULL OR area_code = \(area?.rawValue)::text)
                ORDER BY area_code, title, id
                """))
    }

    /// Links a school's agreed area for improvement in the year to a service of the same area.
    ///
    /// Only for a `secure` school whose level an adviser has agreed or set, and an area it has a
    /// need in that year (not withdrawn). Linking again changes nothing.
    /// - Throws: ``TradedOfferError`` naming the condition that failed.
    public func link(urn: Int, academicYear: Int, area: AreaCode, serviceID: Int64, by actor: String) async throws {
        let actor = actor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !actor.isEmpty else { throw TradedOfferError.actorRequired }
        try await pool.withTransaction { connection in
            let service = try await connection.query(
                "SELECT area_code, active FROM traded_services WHERE id = \(serviceID)")
            guard let row = service.first, try row.decode("active", as: Bool.self) else {
                throw TradedOfferError.unknownService(serviceID)
            }
            guard try row.decode("area_code", as: String.self) == area.rawValue else {
                throw TradedOfferError.serviceForAnotherArea(serviceID, area)
            }
            let status = try await SchoolLevelStatus.load(academicYear: academicYear, urn: urn, on: connection).first
            guard let status, status.decision != .pending, status.effectiveLevel == .secure else {
                throw TradedOfferError.notAgreedSecure(urn: urn, academicYear: academicYear)
            }
            let need = try await connection.query(
                """
                SELECT 1 FROM needs WHERE urn = \(urn)::integer AND academic_year = \(academicYear)::integer
                    AND area_code = \(area.rawValue) AND status <> 'withdrawn'
                """)
            guard !need.isEmpty else { throw TradedOfferError.noNeedInArea(urn: urn, academicYear: academicYear, area) }
            try await connection.query(
                """
                INSERT INTO traded_service_links (urn, academic_year, area_code, service_id, linked_by)
                VALUES (\(urn)::integer, \(academicYear)::integer, \(area.rawValue), \(serviceID), \(actor))
                ON CONFLICT DO NOTHING
                """)
        }
    }

    /// The services linked to the school's areas in the year, by area.
    public func linkedServices(urn: Int, academicYear: Int) async throws -> [TradedService] {
        try await Self.services(
            pool.query(
                """
                SELECT s.id, s.area_code, s.title, s.description, s.provider, s.active
                FROM traded_service_links l JOIN traded_services s ON s.id = l.service_id
                WHERE l.urn = \(urn)::integer AND l.academic_year = \(academicYear)::integer
                ORDER BY s.area_code, s.title
                """))
    }

    private static func services(_ rows: PostgresRows) throws -> [TradedService] {
        try rows.map { row in
            TradedService(
                id: try row.decode("id", as: Int64.self), area: AreaCode(rawValue: try row.decode("area_code", as: String.self)),
                title: try row.decode("title", as: String.self), description: try row.decode("description", as: String.self),
                provider: try row.decode("provider", as: String.self), active: try row.decode("active", as: Bool.self))
        }
    }
}

/// Why the traded offer refused a change.
public enum TradedOfferError: Error, Sendable, Equatable, CustomStringConvertible {
    case titleRequired
    case actorRequired
    case unknownArea(AreaCode)
    case unknownService(Int64)
    case serviceForAnotherArea(Int64, AreaCode)
    /// The traded offer is for `secure` schools whose level an adviser has agreed or set.
    case notAgreedSecure(urn: Int, academicYear: Int)
    case noNeedInArea(urn: Int, academicYear: Int, AreaCode)

    public var description: String {
        switch self {
        case .titleRequired: "a traded service needs a title"
        case .actorRequired: "a link to the traded offer must name who made it"
        case .unknownArea(let area): "\(area) is not an area of the taxonomy"
        case .unknownService(let id): "no active traded service has id \(id)"
        case .serviceForAnotherArea(let id, let area): "traded service \(id) is not for \(area)"
        case .notAgreedSecure(let urn, let year):
            "school \(urn) is not at an agreed secure level in \(year): the traded offer is for secure schools"
        case .noNeedInArea(let urn, let year, let area):
            "school \(urn) has no area for improvement \(area) in \(year)"
        }
    }
}
