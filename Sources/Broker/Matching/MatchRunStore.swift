import Analysis
import Foundation
import Postgres

/// A stored match run (without its proposals); answers to its summary's fields directly.
@dynamicMemberLookup
public struct StoredMatchRun: Codable, Hashable, Sendable {
    public var id: Int
    public var summary: MatchRunSummary
    public var createdBy: String
    public var createdAt: Date

    public subscript<T>(dynamicMember field: KeyPath<MatchRunSummary, T>) -> T {
        summary[keyPath: field]
    }
}

/// Match runs in the database: written by ``MatchRunner``, read by anyone.
public struct MatchRunStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The run with `id`, if any.
    public func run(id: Int) async throws -> StoredMatchRun? {
        try await pool.query(Self.runs("WHERE id = \(id)")).first.map(Self.decodeRun)
    }

    /// The latest run of a year (of a mode, when given).
    public func latestRun(academicYear: Int, mode: MatchMode? = nil) async throws -> StoredMatchRun? {
        try await pool.query(Self.runs("""
            WHERE academic_year = \(academicYear)
              AND (CAST(\(mode?.rawValue) AS text) IS NULL OR mode = CAST(\(mode?.rawValue) AS match_mode))
            ORDER BY created_at DESC, id DESC LIMIT 1
            """)).first.map(Self.decodeRun)
    }

    /// One page of the runs (of a year, when given), latest first, after run `cursor`.
    public func runs(academicYear: Int?, limit: Int, after cursor: Int? = nil) async throws -> Page<StoredMatchRun> {
        let rows = try await pool.query(Self.runs("""
            WHERE (CAST(\(academicYear) AS integer) IS NULL OR academic_year = \(academicYear))
              AND (CAST(\(cursor) AS bigint) IS NULL OR id < \(cursor))
            ORDER BY id DESC LIMIT \(limit + 1)
            """))
        let items = try rows.prefix(limit).map(Self.decodeRun)
        return Page(items: items, nextCursor: rows.count > limit ? items.last.map { PageCursor($0.id).token } : nil)
    }

    /// A run's proposals, one per need, in need id order.
    public func proposals(runID: Int) async throws -> [MatchProposal] {
        try await pool.query(Self.proposals("WHERE proposal.run_id = \(runID) ORDER BY proposal.need_id"))
            .map(Self.decodeProposal)
    }

    /// One page of a run's proposals for needs of schools in `scope`, in need id order, after need `cursor`.
    public func proposals(runID: Int, scope: PrivateDataScope, limit: Int, after cursor: Int? = nil) async throws
        -> Page<MatchProposal>
    {
        var conditions = SQLConditions()
        conditions.require("proposal.run_id = \(conditions.parameter(runID))")
        scope.restrict(&conditions, urnColumn: "need.urn")
        if let cursor { conditions.require("proposal.need_id > \(conditions.parameter(cursor))") }
        let clause = conditions.whereClause + " ORDER BY proposal.need_id LIMIT \(conditions.parameter(limit + 1))"
        let rows = try await pool.query(Self.proposals(PostgresQuery(sql: clause, binds: conditions.binds)))
        let items = try rows.prefix(limit).map(Self.decodeProposal)
        return Page(items: items, nextCursor: rows.count > limit ? items.last.map { PageCursor($0.needID).token } : nil)
    }

    /// The proposals matching `condition` (a `WHERE …` clause with its parameters).
    private static func proposals(_ condition: PostgresQuery) -> PostgresQuery {
        PostgresQuery(sql: """
            SELECT proposal.need_id, need.urn, need.area_code, need.severity, proposal.supporter_id, proposal.weight,
                   proposal.distance_km, proposal.strength, proposal.decay, proposal.similarity, proposal.context,
                   proposal.quality, proposal.alternatives, CAST(proposal.unmatched_reason AS text) AS unmatched_reason,
                   proposal.unmatched_detail
            FROM match_proposals AS proposal JOIN needs AS need ON need.id = proposal.need_id
            """ + "\n" + condition.sql, binds: condition.binds)
    }

    private static func decodeProposal(_ row: PostgresRow) throws -> MatchProposal {
        var score: MatchScore?
        if let weight = try row.decode("weight", as: Int64?.self) {
            score = MatchScore(
                weight: weight, distanceKm: try row.decode("distance_km"), strength: try row.decode("strength"),
                decay: try row.decode("decay"), similarity: try row.decode("similarity"),
                context: try row.decode("context"), quality: try row.decode("quality"))
        }
        return MatchProposal(
            needID: try row.decode("need_id"), urn: try row.decode("urn"), area: try row.decode("area_code"),
            severity: try row.decode("severity"), supporterID: try row.decode("supporter_id", as: Int?.self),
            score: score, alternatives: try row.decode("alternatives", as: PostgresJSON<[MatchAlternative]>.self).value,
            unmatchedReason: try row.decode("unmatched_reason", as: String?.self).flatMap(UnmatchedReasonCode.init),
            unmatchedDetail: try row.decode("unmatched_detail", as: PostgresJSON<UnmatchedDetail>?.self)?.value)
    }

    /// A run's needs and matches by the effective level of the need's school when the run was
    /// made (`intensive` first, then schools without a level) and by area.
    public func tallies(runID: Int) async throws -> (byLevel: [LevelTally], byArea: [AreaTally]) {
        let rows = try await pool.query("""
            SELECT CAST(proposal.school_level AS text) AS level, need.area_code, count(*) AS needs,
                   count(proposal.supporter_id) AS matched
            FROM match_proposals AS proposal JOIN needs AS need ON need.id = proposal.need_id
            WHERE proposal.run_id = \(runID)
            GROUP BY GROUPING SETS ((proposal.school_level), (need.area_code))
            ORDER BY proposal.school_level DESC NULLS LAST, need.area_code
            """)
        var byLevel: [LevelTally] = []
        var byArea: [AreaTally] = []
        for row in rows {
            let (needs, matched) = (try row.decode("needs", as: Int.self), try row.decode("matched", as: Int.self))
            if let area = try row.decode("area_code", as: String?.self) {
                byArea.append(AreaTally(area: area, needs: needs, matched: matched))
            } else {
                let level = try row.decode("level", as: String?.self).flatMap(SupportLevel.init(rawValue:))
                byLevel.append(LevelTally(level: level, needs: needs, matched: matched))
            }
        }
        return (byLevel, byArea)
    }

    /// A run's capacity prices (optimal runs), in supporter id order.
    public func capacityPrices(runID: Int) async throws -> [SupporterCapacityPrice] {
        try await pool.query("""
            SELECT supporter_id, dual, marginal_gain, gain_by_area FROM match_capacity_prices
            WHERE run_id = \(runID) ORDER BY supporter_id
            """).map { row in
            SupporterCapacityPrice(
                supporterID: try row.decode("supporter_id"), dual: try row.decode("dual"),
                marginalGain: try row.decode("marginal_gain"),
                gainByArea: try row.decode("gain_by_area", as: PostgresJSON<[String: Int64]>.self).value)
        }
    }

    /// Writes a run, its proposals (`COPY`) and its capacity prices on `connection`, which the
    /// caller holds in a transaction; returns the run's id.
    static func insert(_ outcome: MatchRunOutcome, createdBy: String?, on connection: PostgresConnection) async throws
        -> Int
    {
        let id = try await connection.query("""
            INSERT INTO match_runs (academic_year, mode, parameters, inputs_fingerprint, objective, total_quality, needs,
                                    matched, supporters, candidate_edges, counts, timings, created_by)
            VALUES (\(outcome.academicYear), CAST(\(outcome.mode.rawValue) AS match_mode),
                    \(PostgresJSON(outcome.parameters)), \(outcome.inputsFingerprint), \(outcome.objective),
                    \(outcome.totalQuality), \(outcome.needs), \(outcome.matched), \(outcome.supporters),
                    \(outcome.candidateEdges), \(PostgresJSON(outcome.counts)), \(PostgresJSON(outcome.timings)),
                    coalesce(\(createdBy), CAST(current_user AS text)))
            RETURNING id
            """)[0].decode("id", as: Int.self)
        let run = String(id)
        try await connection.copyFrom("""
            COPY match_proposals (run_id, need_id, supporter_id, weight, distance_km, strength, decay, similarity, context,
                                  quality, alternatives, unmatched_reason, unmatched_detail, school_level) FROM STDIN
            """) { writer in
            for proposal in outcome.proposals {
                let score = proposal.score
                try await writer.append([
                    run, String(proposal.needID), proposal.supporterID.map(String.init), score.map { String($0.weight) },
                    score.map { "\($0.distanceKm)" }, score.map { "\($0.strength)" }, score.map { "\($0.decay)" },
                    score.map { "\($0.similarity)" }, score.map { "\($0.context)" }, score.map { "\($0.quality)" },
                    MatchJSON.alternatives(proposal.alternatives), proposal.unmatchedReason?.rawValue,
                    proposal.unmatchedDetail.map(MatchJSON.detail), outcome.schoolLevels[proposal.urn]?.rawValue,
                ])
            }
        }
        if !outcome.capacityPrices.isEmpty {
            try await connection.copyFrom(
                "COPY match_capacity_prices (run_id, supporter_id, dual, marginal_gain, gain_by_area) FROM STDIN"
            ) { writer in
                for price in outcome.capacityPrices {
                    try await writer.append([
                        run, String(price.supporterID), String(price.dual), String(price.marginalGain),
                        MatchJSON.counts(price.gainByArea),
                    ])
                }
            }
        }
        return id
    }

    /// Records how long storing took, once it has.
    static func recordTimings(_ timings: MatchRunTimings, runID: Int, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE match_runs SET timings = \(PostgresJSON(timings)) WHERE id = \(runID)")
    }

    /// The runs matching `condition` (a `WHERE …` clause with its parameters).
    private static func runs(_ condition: PostgresQuery) -> PostgresQuery {
        PostgresQuery(sql: """
            SELECT id, academic_year, CAST(mode AS text) AS mode, parameters, inputs_fingerprint, objective, total_quality,
                   needs, matched, supporters, candidate_edges, counts, timings, created_by, created_at
            FROM match_runs
            """ + "\n" + condition.sql, binds: condition.binds)
    }

    private static func decodeRun(_ row: PostgresRow) throws -> StoredMatchRun {
        let mode = try row.decode("mode", as: String.self)
        guard let mode = MatchMode(rawValue: mode) else {
            throw PostgresDecodingError(column: "mode", type: "MatchMode", reason: "unknown mode \(mode)")
        }
        let summary = MatchRunSummary(
            academicYear: try row.decode("academic_year"), mode: mode,
            parameters: try row.decode("parameters", as: PostgresJSON<MatchRunParameters>.self).value,
            inputsFingerprint: try row.decode("inputs_fingerprint"), objective: try row.decode("objective"),
            totalQuality: try row.decode("total_quality"), needs: try row.decode("needs"),
            matched: try row.decode("matched"), supporters: try row.decode("supporters"),
            candidateEdges: try row.decode("candidate_edges"),
            counts: try row.decode("counts", as: PostgresJSON<MatchRunCounts>.self).value,
            timings: try row.decode("timings", as: PostgresJSON<MatchRunTimings>.self).value)
        return StoredMatchRun(
            id: try row.decode("id"), summary: summary, createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"))
    }
}
