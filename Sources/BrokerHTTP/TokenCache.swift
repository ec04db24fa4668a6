import Broker
import Synchronization

/// Remembers recently authenticated tokens for a few seconds, so a busy client costs one token
/// lookup per interval rather than a database round trip per request. A revoked token therefore
/// stops working within ``lifetime``.
final class TokenCache: Sendable {
    static let lifetime: Duration = .seconds(5)
    /// Beyond this many live entries the cache starts afresh (bounded memory under token spraying;
    /// unknown tokens are never cached).
    static let capacity = 10_000

    private let entries = Mutex<[String: (user: User, until: ContinuousClock.Instant)]>([:])

    func user(for token: String) -> User? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.until > .now else {
                entries[token] = nil
                return nil
            }
            return entry.user
        }
    }

    func remember(_ user: User, for token: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (user, .now + Self.lifetime)
        }
    }
}
