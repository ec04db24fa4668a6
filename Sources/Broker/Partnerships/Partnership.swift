import Foundation

/// A supporter engaged (or offered) to meet one or more needs of one school in one academic year.
public struct Partnership: Codable, Sendable, Equatable {
    /// One recorded move: who made it, when, and why.
    public struct Transition: Codable, Sendable, Equatable {
        /// `nil` for the creation.
        public var from: PartnershipStatus?
        public var to: PartnershipStatus
        public var actorID: Int64?
        public var reason: String
        public var at: Date
    }

    public var id: Int64
    public var supporterID: Int64
    public var supporterName: String
    /// The supported school.
    public var urn: Int
    public var academicYear: Int
    public var status: PartnershipStatus
    public var needIDs: [Int64]
    /// The match run whose proposal it came from, if any.
    public var matchRunID: Int64?
    /// Agreed objectives, in order.
    public var objectives: [String]
    public var daysCommitted: Double?
    /// Review dates (ISO 8601 `yyyy-mm-dd`), ascending.
    public var reviewDates: [String]
    /// What the partnership achieved; required at completion.
    public var impactNote: String?
    /// Completed with no effective-practice record yet: its school and supporter are invited to
    /// record what worked (`GET /practice/invitations`).
    public var practiceInvited: Bool
    /// Bumped by every change; the entity tag that `If-Match` is checked against.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// Every move, oldest first (the creation first).
    public var transitions: [Transition]

    /// The entity tag of this version (unquoted: the generated server percent-encodes quotes in
    /// headers; ``PreconditionFailed/matches(_:_:)`` accepts it quoted or not).
    public var entityTag: String { "p\(id)-v\(version)" }
}
