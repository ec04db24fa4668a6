import Foundation

/// A record of effective practice: what a school or supporter did that worked, and the evidence.
public struct PracticeRecord: Codable, Sendable, Equatable {
    /// One measure of the school before and after, with the values the data holds (`nil` where
    /// the school has none for that year, or it was suppressed).
    public struct ImpactMeasure: Codable, Sendable, Equatable {
        public var measure: String
        public var beforeYear: Int
        public var afterYear: Int
        public var before: Double?
        public var after: Double?

        /// `after − before`, when both are known.
        public var change: Double? {
            guard let before, let after else { return nil }
            return after - before
        }
    }

    public var id: Int64
    public var title: String
    public var summary: String
    /// Markdown, as written.
    public var body: String
    /// `body` rendered by ``PracticeMarkdown`` (raw HTML escaped).
    public var bodyHTML: String
    public var areas: [String]
    public var phase: String
    /// The contributing school, or
    public var urn: Int?
    /// the contributing supporter.
    public var supporterID: Int64?
    /// The contributing school's name (the supporter's home school for a supporter).
    public var contributorName: String?
    /// The contributing school's district (the supporter's home school's).
    public var district: String?
    public var partnershipID: Int64?
    public var impact: [ImpactMeasure]
    /// ISO 8601 dates (`yyyy-mm-dd`).
    public var consentDate: String?
    public var reviewDate: String?
    /// See ``PracticeContent/subjectConsentDate``.
    public var subjectConsentDate: String?
    /// True when the impact figures are about a school other than the contributor that has not
    /// consented: their values are left out.
    public var impactWithheld: Bool
    public var status: PracticeStatus
    public var publishedAt: Date?
    public var createdBy: Int64?
    public var updatedBy: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped by every change; the entity tag `If-Match` is checked against.
    public var version: Int

    /// The entity tag of this version (unquoted, as ``Partnership/entityTag``).
    public var entityTag: String { "r\(id)-v\(version)" }
}

/// A record found by a search: the record without its body, ranked, with a snippet.
public struct PracticeSearchHit: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var summary: String
    public var areas: [String]
    public var phase: String
    public var urn: Int?
    public var supporterID: Int64?
    public var district: String?
    public var status: PracticeStatus
    public var publishedAt: Date?
    /// `ts_rank_cd` of the record for the query; `nil` without a query.
    public var rank: Double?
    /// The best fragments of summary and body, HTML-escaped, matched terms in `<mark>…</mark>`;
    /// `nil` without a query.
    public var snippetHTML: String?
}
