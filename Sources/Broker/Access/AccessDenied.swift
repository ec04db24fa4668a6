/// The user is known but its role or scope does not reach what it asked for (HTTP 403).
public struct AccessDenied: Error, Sendable, CustomStringConvertible {
    /// Why, in words safe to show the user.
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
