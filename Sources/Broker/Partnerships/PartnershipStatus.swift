/// Where a partnership stands in the brokerage workflow (issue 6):
/// `proposed → offered → accepted → active → completed`, or it ends `declined` (by the
/// supporter, from offered), `withdrawn` (by the school or an adviser, before active) or
/// `cancelled` (by an adviser, from accepted or active).
public enum PartnershipStatus: String, Codable, Sendable, CaseIterable {
    case proposed, offered, accepted, active, completed, declined, withdrawn, cancelled

    /// The statuses a partnership in this one may move to.
    public var allowedNext: [PartnershipStatus] {
        switch self {
        case .proposed: [.offered, .withdrawn]
        case .offered: [.accepted, .declined, .withdrawn]
        case .accepted: [.active, .withdrawn, .cancelled]
        case .active: [.completed, .cancelled]
        case .completed, .declined, .withdrawn, .cancelled: []
        }
    }

    /// Whether the partnership's needs count against its supporter's capacity (and are `met`).
    public var usesCapacity: Bool { self == .accepted || self == .active }

    /// Whether its needs are `met`: taken up by the supporter, or done.
    public var meetsNeeds: Bool { usesCapacity || self == .completed }

    /// Whether the partnership has ended without being completed (its needs are open again).
    public var endsUnmet: Bool { self == .declined || self == .withdrawn || self == .cancelled }

    /// Whether the partnership still holds its needs (no other partnership may take them).
    public var isLive: Bool { !allowedNext.isEmpty }
}

/// A move the workflow does not allow from where the partnership stands (HTTP 409 listing `allowed`).
public struct IllegalTransition: Error, Sendable, CustomStringConvertible {
    public var partnershipID: Int64
    public var from: PartnershipStatus
    public var to: PartnershipStatus
    /// The moves that are allowed from `from` (for this user).
    public var allowed: [PartnershipStatus]

    public init(partnershipID: Int64, from: PartnershipStatus, to: PartnershipStatus, allowed: [PartnershipStatus]) {
        self.partnershipID = partnershipID
        self.from = from
        self.to = to
        self.allowed = allowed
    }

    public var description: String {
        let options = allowed.isEmpty ? "none (it has ended)" : allowed.map(\.rawValue).joined(separator: ", ")
        return "partnership \(partnershipID) is \(from.rawValue) and cannot become \(to.rawValue); allowed: \(options)"
    }
}

/// Accepting would take a supporter past its capacity (HTTP 409): its accepted and active
/// engagements (needs) may never exceed it.
public struct CapacityExceeded: Error, Sendable, CustomStringConvertible {
    public var supporterID: Int64
    public var capacity: Int
    public var inUse: Int
    public var requested: Int

    public init(supporterID: Int64, capacity: Int, inUse: Int, requested: Int) {
        self.supporterID = supporterID
        self.capacity = capacity
        self.inUse = inUse
        self.requested = requested
    }

    public var description: String {
        "supporter \(supporterID) is at capacity: \(inUse) of \(capacity) engagements in use, \(requested) more requested"
    }
}
