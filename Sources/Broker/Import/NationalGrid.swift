import Foundation

/// A WGS84 latitude and longitude in decimal degrees.
public struct GeoCoordinate: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Conversion of Ordnance Survey National Grid references (OSGB36 Easting/Northing, as GIAS
/// publishes them) to latitude and longitude, following Ordnance Survey's *A guide to
/// coordinate systems in Great Britain*: the inverse transverse Mercator projection on the
/// Airy 1830 ellipsoid (Annex C), then a 7-parameter Helmert transformation from OSGB36 to
/// WGS84. Helmert is accurate to a few metres, which is ample for distances between schools.
public enum NationalGrid {
    /// Latitude and longitude on OSGB36 (Airy 1830), in degrees.
    public static func osgb36LatitudeLongitude(easting: Double, northing: Double) -> GeoCoordinate {
        let (a, e2) = (airy.a, airy.e2)
        let (f0, phi0, lambda0, e0, n0) = (projection.f0, projection.phi0, projection.lambda0, projection.e0, projection.n0)
        var phi = (northing - n0) / (a * f0) + phi0
        var m = meridionalArc(phi)
        while abs(northing - n0 - m) >= 0.00001 {
            phi += (northing - n0 - m) / (a * f0)
            m = meridionalArc(phi)
        }
        let sinPhi = sin(phi)
        let nu = a * f0 / (1 - e2 * sinPhi * sinPhi).squareRoot()
        let rho = a * f0 * (1 - e2) / pow(1 - e2 * sinPhi * sinPhi, 1.5)
        let eta2 = nu / rho - 1
        let t = tan(phi), t2 = t * t, t4 = t2 * t2, t6 = t4 * t2
        let sec = 1 / cos(phi)
        let vii = t / (2 * rho * nu)
        let viii = t / (24 * rho * pow(nu, 3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
        let ix = t / (720 * rho * pow(nu, 5)) * (61 + 90 * t2 + 45 * t4)
        let x = sec / nu
        let xi = sec / (6 * pow(nu, 3)) * (nu / rho + 2 * t2)
        let xii = sec / (120 * pow(nu, 5)) * (5 + 28 * t2 + 24 * t4)
        let xiia = sec / (5040 * pow(nu, 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
        let de = easting - e0
        let latitude = phi - vii * pow(de, 2) + viii * pow(de, 4) - ix * pow(de, 6)
        let longitude = lambda0 + x * de - xi * pow(de, 3) + xii * pow(de, 5) - xiia * pow(de, 7)
        return GeoCoordinate(latitude: latitude * 180 / .pi, longitude: longitude * 180 / .pi)
    }

    /// WGS84 latitude and longitude of a National Grid reference (metres).
    public static func wgs84(easting: Double, northing: Double) -> GeoCoordinate {
        let osgb = osgb36LatitudeLongitude(easting: easting, northing: northing)
        let cartesian = toCartesian(osgb, on: airy)
        return toGeodetic(helmertOSGB36ToWGS84(cartesian), on: grs80)
    }

    /// The National Grid's transverse Mercator projection: scale on the central meridian, true
    /// origin (49°N, 2°W) and false origin (E 400 km, N −100 km).
    static let projection = (f0: 0.9996012717, phi0: 49.0 * Double.pi / 180, lambda0: -2.0 * Double.pi / 180,
                             e0: 400_000.0, n0: -100_000.0)

    /// The developed meridional arc from the true origin's latitude to `phi` (OS guide, C1).
    static func meridionalArc(_ phi: Double) -> Double {
        let (a, b) = (airy.a, airy.b)
        let n = (a - b) / (a + b)
        let (n2, n3) = (n * n, n * n * n)
        let (f0, phi0) = (projection.f0, projection.phi0)
        let dPhi = phi - phi0, sPhi = phi + phi0
        return b * f0 * ((1 + n + 1.25 * n2 + 1.25 * n3) * dPhi
            - (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(dPhi) * cos(sPhi)
            + (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * dPhi) * cos(2 * sPhi)
            - 35.0 / 24 * n3 * sin(3 * dPhi) * cos(3 * sPhi))
    }

    struct Ellipsoid {
        let a: Double
        let b: Double
        var e2: Double { 1 - (b * b) / (a * a) }
    }

    static let airy = Ellipsoid(a: 6_377_563.396, b: 6_356_256.909)
    static let grs80 = Ellipsoid(a: 6_378_137.000, b: 6_356_752.3141)

    static func toCartesian(_ point: GeoCoordinate, on ellipsoid: Ellipsoid) -> SIMD3<Double> {
        let phi = point.latitude * .pi / 180, lambda = point.longitude * .pi / 180
        let nu = ellipsoid.a / (1 - ellipsoid.e2 * sin(phi) * sin(phi)).squareRoot()
        return SIMD3(nu * cos(phi) * cos(lambda), nu * cos(phi) * sin(lambda), (1 - ellipsoid.e2) * nu * sin(phi))
    }

    static func toGeodetic(_ point: SIMD3<Double>, on ellipsoid: Ellipsoid) -> GeoCoordinate {
        let p = (point.x * point.x + point.y * point.y).squareRoot()
        var phi = atan2(point.z, p * (1 - ellipsoid.e2))
        for _ in 0..<10 {
            let nu = ellipsoid.a / (1 - ellipsoid.e2 * sin(phi) * sin(phi)).squareRoot()
            phi = atan2(point.z + ellipsoid.e2 * nu * sin(phi), p)
        }
        return GeoCoordinate(latitude: phi * 180 / .pi, longitude: atan2(point.y, point.x) * 180 / .pi)
    }

    /// OSGB36 → WGS84, position-vector convention (OS guide, section 6.6).
    static func helmertOSGB36ToWGS84(_ p: SIMD3<Double>) -> SIMD3<Double> { helmert(p, direction: 1) }

    /// WGS84 → OSGB36: the same transformation with every parameter negated (OS guide, 6.6).
    static func helmertWGS84ToOSGB36(_ p: SIMD3<Double>) -> SIMD3<Double> { helmert(p, direction: -1) }

    private static func helmert(_ p: SIMD3<Double>, direction: Double) -> SIMD3<Double> {
        let translation = direction * SIMD3(446.448, -125.157, 542.060)
        let scale = 1 + direction * -20.4894e-6
        let arcsecond = direction * Double.pi / (180 * 3600)
        let (rx, ry, rz) = (0.1502 * arcsecond, 0.2470 * arcsecond, 0.8421 * arcsecond)
        return translation + SIMD3(
            scale * p.x - rz * p.y + ry * p.z,
            rz * p.x + scale * p.y - rx * p.z,
            -ry * p.x + rx * p.y + scale * p.z)
    }
}
