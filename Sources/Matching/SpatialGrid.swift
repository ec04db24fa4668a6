/// A uniform grid over points, bucketed by cells at least `radius` wide, answering
/// "which points lie within `radius` of here" from the 3 × 3 cells around a query
/// instead of scanning every point.
struct SpatialGrid<Payload> {
    private let cellSize: Double
    private var cells: [CellKey: [(location: Location, payload: Payload)]] = [:]

    private struct CellKey: Hashable {
        var x: Int
        var y: Int
    }

    init(radius: Double) {
        // A hair wider than the radius, so that rounding in the division can never push a
        // point within the radius two cells away.
        cellSize = max(radius, 1e-9) * (1 + 1e-9) + 1e-9
    }

    private func key(_ location: Location) -> CellKey {
        CellKey(
            x: Int((location.eastingKm / cellSize).rounded(.down)),
            y: Int((location.northingKm / cellSize).rounded(.down)))
    }

    mutating func insert(_ payload: Payload, at location: Location) {
        cells[key(location), default: []].append((location, payload))
    }

    /// Calls `body` with every point in the cells around `location` (a superset of those
    /// within the radius; the caller checks the exact distance), in insertion order per cell.
    func forEachNear(_ location: Location, _ body: (Location, Payload) -> Void) {
        let center = key(location)
        for dy in -1...1 {
            for dx in -1...1 {
                guard let bucket = cells[CellKey(x: center.x + dx, y: center.y + dy)] else { continue }
                for entry in bucket { body(entry.location, entry.payload) }
            }
        }
    }
}
