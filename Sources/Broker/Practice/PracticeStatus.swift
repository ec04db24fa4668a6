/// Where an effective-practice record stands: `draft → published → archived`; a draft may also
/// be archived without being published.
public enum PracticeStatus: String, Codable, Sendable, CaseIterable {
    case draft, published, archived

    /// The statuses a record in this one may move to.
    public var allowedNext: [PracticeStatus] {
        switch self {
        case .draft: [.published, .archived]
        case .published: [.archived]
        case .archived: []
        }
    }
}

/// A move the practice workflow does not allow from where the record stands (HTTP 409 listing `allowed`).
public struct IllegalPracticeTransition: Error, Sendable, CustomStringConvertible {
    public var recordID: Int64
    public var from: PracticeStatus
    public var to: PracticeStatus
    /// The moves allowed from `from` (for this user).
    public var allowed: [PracticeStatus]

    public init(recordID: Int64, from: PracticeStatus, to: PracticeStatus, allowed: [PracticeStatus]) {
        self.recordID = recordID
        self.from = from
        self.to = to
        self.allowed = allowed
    }

    public var description: String {
        let options = allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", ")
        return "practice record \(recordID) is \(from.rawValue) and cannot become \(to.rawValue); allowed: \(options)"
    }
}
