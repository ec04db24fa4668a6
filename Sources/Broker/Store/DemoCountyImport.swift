import Foundation
import Postgres

extension DemoCounty.Files {
    /// Imports every file in dependency order (GIAS, then KS2 and KS4 of each year, Ofsted MI,
    /// coordinates), each in its own transaction, all or nothing per file.
    /// - Returns: the files' summaries, in that order.
    public func load(into pool: PostgresPool) async throws -> [ImportSummary] {
        var summaries = [try await ImportKind.gias.run(gias, into: pool, policy: .allOrNothing)]
        for year in DemoCounty.academicYears {
            summaries.append(try await ImportKind.ks2.run(ks2[year]!, academicYear: year, into: pool, policy: .allOrNothing))
            summaries.append(try await ImportKind.ks4.run(ks4[year]!, academicYear: year, into: pool, policy: .allOrNothing))
        }
        summaries.append(try await ImportKind.ofsted.run(ofsted, into: pool, policy: .allOrNothing))
        summaries.append(try await ImportKind.coordinates.run(coordinates, into: pool, policy: .allOrNothing))
        return summaries
    }
}
