import Foundation

/// A register entry: a school, hub or system leader who can support others (migration 0005).
public struct Supporter: Codable, Sendable, Equatable {
    /// An area a supporter is strong in, with the evidence for it.
    public struct Specialism: Codable, Sendable, Equatable {
        public var areaCode: String
        /// 0 (none) to 1 (outstanding, recent, verified).
        public var strength: Double
        public var evidence: String

        public init(areaCode: String, strength: Double, evidence: String = "") {
            self.areaCode = areaCode
            self.strength = strength
            self.evidence = evidence
        }
    }

    /// A school the supporter must never be paired with.
    public struct DeclaredConflict: Codable, Sendable, Equatable {
        public var urn: Int
        public var reason: String

        public init(urn: Int, reason: String = "") {
            self.urn = urn
            self.reason = reason
        }
    }

    public var id: Int64
    public var reference: String?
    public var name: String
    public var kind: SupporterKind
    public var homeURN: Int?
    /// The home school's LA, which decides which adviser manages the record.
    public var laCode: Int?
    public var designations: [SupporterDesignation]
    public var phases: [String]
    /// Concurrent engagements (one per need) it can take.
    public var capacity: Int
    /// Needs in its accepted and active partnerships.
    public var engagements: Int
    /// ISO 8601 dates.
    public var availableFrom: String?
    public var availableTo: String?
    public var status: SupporterStatus
    public var specialisms: [Specialism]
    /// Declared conflicts of interest; `nil` for users who may not see them.
    public var conflicts: [DeclaredConflict]?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The entity tag of this version (unquoted: the generated server percent-encodes quotes in
    /// headers; ``PreconditionFailed/matches(_:_:)`` accepts it quoted or not).
    public var entityTag: String { "s\(id)-v\(version)" }
}
