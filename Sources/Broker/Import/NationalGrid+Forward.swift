import Foundation

/// A point on the Ordnance Survey National Grid, in metres.
public struct GridReference: Hashable, Sendable {
    public var easting: Double
    public var northing: Double

    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }
}

extension NationalGrid {
    /// The National Grid reference of a WGS84 latitude and longitude: a Helmert transformation to
    /// OSGB36, then the forward transverse Mercator projection on the Airy 1830 ellipsoid (OS
    /// guide, Annex C). The inverse of ``wgs84(easting:northing:)`` to well under a metre; the
    /// matcher measures distances between schools on this plane.
    public static func gridReference(_ point: GeoCoordinate) -> GridReference {
        let osgb = toGeodetic(helmertWGS84ToOSGB36(toCartesian(point, on: grs80)), on: airy)
        return gridReference(osgb36: osgb)
    }

    /// The National Grid reference of an OSGB36 latitude and longitude (OS guide, C1).
    public static func gridReference(osgb36 point: GeoCoordinate) -> GridReference {
        let (a, e2) = (airy.a, airy.e2)
        let (f0, lambda0, e0, n0) = (projection.f0, projection.lambda0, projection.e0, projection.n0)
        let phi = point.latitude * .pi / 180, lambda = point.longitude * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let nu = a * f0 / (1 - e2 * sinPhi * sinPhi).squareRoot()
        let rho = a * f0 * (1 - e2) / pow(1 - e2 * sinPhi * sinPhi, 1.5)
        let eta2 = nu / rho - 1
        let t2 = pow(tan(phi), 2), t4 = t2 * t2
        let i = meridionalArc(phi) + n0
        let ii = nu / 2 * sinPhi * cosPhi
        let iii = nu / 24 * sinPhi * pow(cosPhi, 3) * (5 - t2 + 9 * eta2)
        let iiia = nu / 720 * sinPhi * pow(cosPhi, 5) * (61 - 58 * t2 + t4)
        let iv = nu * cosPhi
        let v = nu / 6 * pow(cosPhi, 3) * (nu / rho - t2)
        let vi = nu / 120 * pow(cosPhi, 5) * (5 - 18 * t2 + t4 + 14 * eta2 - 58 * t2 * eta2)
        let dl = lambda - lambda0
        return GridReference(
            easting: e0 + iv * dl + v * pow(dl, 3) + vi * pow(dl, 5),
            northing: i + ii * pow(dl, 2) + iii * pow(dl, 4) + iiia * pow(dl, 6))
    }
}
