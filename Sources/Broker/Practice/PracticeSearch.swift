import Foundation
import Postgres

/// A search of the practice library: full-text `query` (web-search syntax: words, "phrases",
/// `or`, `-not`) ranked title > summary > body, and filters. Without a query, newest first.
public struct PracticeSearch: Sendable, Equatable {
    public var query: String?
    /// Records for this area (code).
    public var area: String?
    public var phase: String?
    /// The contributing school's district (the supporter's home school's).
    public var district: String?
    /// Published on or after this day (`yyyy-mm-dd`).
    public var publishedSince: String?
    /// Only records whose review date is on or before this day (`yyyy-mm-dd`): those due for review.
    public var reviewDueBy: String?
    /// `published` unless asked; drafts and archived records only as far as the user may see them.
    public var status: PracticeStatus

    public init(query: String? = nil, area: String? = nil, phase: String? = nil, district: String? = nil,
                publishedSince: String? = nil, reviewDueBy: String? = nil, status: PracticeStatus = .published) {
        self.query = query
        self.area = area
        self.phase = phase
        self.district = district
        self.publishedSince = publishedSince
        self.reviewDueBy = reviewDueBy
        self.status = status
    }

    /// Where a page ended: its last hit's rank (with a query), sort time (microseconds since the
    /// Unix epoch) and id.
    public struct Position: Codable, Sendable, Equatable {
        public var rank: Double?
        public var at: Int64
        public var id: Int64

        /// The times a cursor may hold: 1970 to 2200, well inside PostgreSQL's range.
        static let times: ClosedRange<Int64> = 0...7_258_118_400_000_000
    }

    /// What `ts_headline` marks matches with (private-use characters, refused in records' text), replaced by
    /// `<mark>` once the snippet is escaped.
    static let startMarker: Character = "\u{E000}"
    static let stopMarker: Character = "\u{E001}"

    /// Field-level problems.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if let query, query.count > 500 { errors.append(FieldError("q", "must be at most 500 characters")) }
        if let phase, !PracticeContent.phases.contains(phase) {
            errors.append(FieldError("phase", "must be one of \(PracticeContent.phases.joined(separator: ", "))"))
        }
        if let publishedSince, CalendarDay(iso8601: publishedSince) == nil {
            errors.append(FieldError("since", "must be a date, yyyy-mm-dd"))
        }
        if let reviewDueBy, CalendarDay(iso8601: reviewDueBy) == nil {
            errors.append(FieldError("reviewDueBy", "must be a date, yyyy-mm-dd"))
        }
        return errors
    }

    /// The query text, `nil` when blank.
    var terms: String? {
        guard let query, !query.allSatisfy(\.isWhitespace) else { return nil }
        return query
    }
}

extension PracticeStore {
    /// One page of the records matching `search` that `user` may see: by rank (then recency)
    /// with a query, newest first without.
    /// - Throws: ``ValidationFailed`` (bad filters or cursor).
    public static func search(
        _ search: PracticeSearch, for user: User, limit: Int, after cursor: PracticeSearch.Position? = nil,
        in pool: PostgresPool
    ) async throws -> Page<PracticeSearchHit> {
        var errors = search.validationErrors()
        if let cursor, !PracticeSearch.Position.times.contains(cursor.at) {
            errors.append(FieldError("cursor", "is not a cursor this server issued"))
        }
        guard errors.isEmpty else { throw ValidationFailed(errors) }
        var conditions = SQLConditions()
        conditions.require("r.status = \(conditions.parameter(search.status.rawValue))::practice_status")
        restrict(&conditions, to: user, status: search.status)
        if let area = search.area { conditions.require("r.areas @> ARRAY[\(conditions.parameter(area))::text]") }
        // A record for any phase serves every phase.
        if let phase = search.phase { conditions.require("r.phase IN (\(conditions.parameter(phase)), 'any')") }
        if let district = search.district { conditions.require("cs.district = \(conditions.parameter(district))") }
        if let since = search.publishedSince.flatMap({ CalendarDay(iso8601: $0)?.iso8601 }) {
            conditions.require("r.published_at >= \(conditions.parameter(since))::date")
        }
        if let due = search.reviewDueBy.flatMap({ CalendarDay(iso8601: $0)?.iso8601 }) {
            conditions.require("r.review_date <= \(conditions.parameter(due))::date")
        }
        // The query written out where it is used (one bound parameter), so the planner sees a
        // constant it can search the GIN index with.
        let query = search.terms.map { "websearch_to_tsquery('english', \(conditions.parameter($0)))" }
        if let query { conditions.require("r.search @@ \(query)") }
        // Published records sort by publication (the partial index's order), others by last change.
        let sortColumn = search.status == .published ? "r.published_at" : "r.updated_at"
        // `ts_rank` (weights and frequency) rather than `ts_rank_cd` (cover density, which walks
        // every match's positions): half the cost on a common term's thousands of matches, and
        // title > summary > body all the same.
        let rank = query.map { "ts_rank(r.search, \($0))::float8" } ?? "NULL::float8"
        var cursorCondition = "true"
        if let cursor {
            let at = "'epoch'::timestamptz + \(conditions.parameter(Double(cursor.at)))::float8 * interval '1 microsecond'"
            let id = conditions.parameter(cursor.id)
            cursorCondition = query == nil
                ? "(sort_at, id) < (\(at), \(id))"
                : "(rank, sort_at, id) < (\(conditions.parameter(cursor.rank ?? 0)), \(at), \(id))"
        }
        let headline = query.map { query in
            let options = conditions.parameter(
                "StartSel=\(PracticeSearch.startMarker), StopSel=\(PracticeSearch.stopMarker), MaxWords=30, MinWords=12, "
                    + "MaxFragments=2, FragmentDelimiter=\" … \"")
            return "ts_headline('english', r.summary || E'\\n' || r.body, \(query), \(options))"
        }
        let sql = """
            WITH hits AS (
                SELECT r.id, \(rank) AS rank, \(sortColumn) AS sort_at
                FROM practice_records r LEFT JOIN supporters sup ON sup.id = r.supporter_id
                LEFT JOIN schools cs ON cs.urn = coalesce(r.urn, sup.home_urn)
                \(conditions.whereClause)
            ), page AS (
                SELECT * FROM hits WHERE \(cursorCondition)
                ORDER BY rank DESC NULLS LAST, sort_at DESC, id DESC LIMIT \(conditions.parameter(limit + 1))
            )
            SELECT r.id, r.title, r.summary, r.areas, r.phase, r.urn, r.supporter_id, cs.district,
                   r.status::text AS status, r.published_at, page.rank,
                   (extract(epoch FROM page.sort_at) * 1000000)::bigint AS sort_micros,
                   \(headline ?? "NULL::text") AS snippet
            FROM page JOIN practice_records r ON r.id = page.id LEFT JOIN supporters sup ON sup.id = r.supporter_id
            LEFT JOIN schools cs ON cs.urn = coalesce(r.urn, sup.home_urn)
            ORDER BY page.rank DESC NULLS LAST, page.sort_at DESC, page.id DESC
            """
        let rows = try await pool.query(conditions.query(sql))
        let hits = try rows.prefix(limit).map { row in
            PracticeSearchHit(
                id: try row.decode("id"), title: try row.decode("title"), summary: try row.decode("summary"),
                areas: try row.decode("areas"), phase: try row.decode("phase"), urn: try row.decode("urn"),
                supporterID: try row.decode("supporter_id"), district: try row.decode("district"),
                status: try status(row.decode("status")), publishedAt: try row.decode("published_at"),
                rank: try row.decode("rank"), snippetHTML: try row.decode("snippet", as: String?.self).map(snippetHTML))
        }
        var next: String?
        if rows.count > limit, let last = rows.prefix(limit).last {
            next = PageCursor(PracticeSearch.Position(
                rank: try last.decode("rank"), at: try last.decode("sort_micros"), id: try last.decode("id"))).token
        }
        return Page(items: hits, nextCursor: next)
    }

    /// Limits a search for drafts or archived records to those `user` may see (published ones
    /// everyone sees).
    private static func restrict(_ conditions: inout SQLConditions, to user: User, status: PracticeStatus) {
        guard status != .published, user.role != .admin else { return }
        var visible = ["r.created_by = \(conditions.parameter(user.id))"]
        switch user.role {
        case .adviser: visible.append("cs.la_code = \(conditions.parameter(user.laCode ?? -1))")
        case .headteacher: visible.append("r.urn = \(conditions.parameter(user.urn ?? -1))")
        case .supporter: visible.append("r.supporter_id = \(conditions.parameter(user.supporterID ?? -1))")
        case .admin, .group: break
        }
        conditions.require(visible.joined(separator: " OR "))
    }

    /// A `ts_headline` fragment as HTML: everything escaped, then the match markers made `<mark>`.
    static func snippetHTML(_ headline: String) -> String {
        PracticeMarkdown.escape(headline)
            .replacingOccurrences(of: String(PracticeSearch.startMarker), with: "<mark>")
            .replacingOccurrences(of: String(PracticeSearch.stopMarker), with: "</mark>")
    }
}
