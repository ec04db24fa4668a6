import Foundation

/// Where a coordinate came from.
public enum CoordinateSource: String, Hashable, Sendable {
    /// Published as WGS84 latitude/longitude.
    case latitudeLongitude = "lat-lon"
    /// Converted from OSGB36 Easting/Northing with ``NationalGrid/wgs84(easting:northing:)``.
    case nationalGrid = "national-grid"
}

/// One located school or postcode.
public struct CoordinateRecord: Hashable, Sendable {
    public var line: Int
    public var urn: Int?
    /// A postcode (or, in an outcode file, an outcode), as published.
    public var postcode: String?
    public var location: GeoCoordinate
    public var source: CoordinateSource
}

/// Reads coordinate files by header name: a key (`URN` and/or a postcode column such as
/// `POSTCODE`, `pcds`, `outcode`) and a location, either latitude/longitude (`LAT`/`LON`,
/// `latitude`/`longitude`) or OSGB36 Easting/Northing (`Easting`/`Northing`, ONSPD's
/// `oseast1m`/`osnrth1m`). Latitude/longitude wins when a row has both. Rows without a location
/// (blank, or ONSPD's 99.999999 "no grid reference") are skipped and counted.
public enum CoordinateReader {
    /// Opens a coordinates file for streaming.
    public static func open(_ url: URL, encoding: ImportTextEncoding = .automatic) throws
        -> ImportReader<CoordinateRecord> {
        try reader(CSVReader(contentsOf: url, encoding: encoding))
    }

    /// Reads coordinates from `csv`.
    /// - Throws: ``ImportError`` if the header has no key column or no location columns.
    public static func reader(_ csv: CSVReader) throws -> ImportReader<CoordinateRecord> {
        try ImportReader(csv: csv) { c in
            let urn = c.optional("URN")
            let postcode = c.optional(anyOf: ["POSTCODE", "pcds", "pcd", "pcd2", "pcd7", "pcd8", "outcode"])
            let latitude = c.optional(anyOf: ["LAT", "latitude"])
            let longitude = c.optional(anyOf: ["LON", "LONG", "longitude", "lng"])
            let easting = c.optional(anyOf: ["Easting", "oseast1m"])
            let northing = c.optional(anyOf: ["Northing", "osnrth1m"])
            var problems: [String] = []
            if urn == nil && postcode == nil { problems.append("a URN or postcode column") }
            if (latitude == nil || longitude == nil) && (easting == nil || northing == nil) {
                problems.append("latitude/longitude or Easting/Northing columns")
            }
            guard problems.isEmpty else {
                throw ImportError(file: csv.name, line: 1,
                                  reason: "missing required columns: \(problems.joined(separator: " and "))")
            }
            return { row in
                let key = (urn: try row.integer(urn), postcode: row.text(postcode))
                guard key.urn != nil || key.postcode != nil else {
                    throw row.error(urn ?? postcode, "row has neither a URN nor a postcode")
                }
                let location: (GeoCoordinate, CoordinateSource)
                if let lat = try row.double(latitude), let lon = try row.double(longitude), (-90..<90).contains(lat) {
                    guard (-180...180).contains(lon) else {
                        throw row.error(longitude, "longitude \(lon) is out of range")
                    }
                    location = (GeoCoordinate(latitude: lat, longitude: lon), .latitudeLongitude)
                } else if let east = try row.double(easting), let north = try row.double(northing) {
                    guard (0...800_000).contains(east), (0...1_400_000).contains(north) else {
                        throw row.error(easting, "grid reference \(east), \(north) is outside the National Grid")
                    }
                    location = (NationalGrid.wgs84(easting: east, northing: north), .nationalGrid)
                } else {
                    return nil
                }
                return CoordinateRecord(line: row.line, urn: key.urn, postcode: key.postcode,
                                        location: location.0, source: location.1)
            }
        }
    }
}
