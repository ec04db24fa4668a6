import Foundation

/// An update's `If-Match` names a version that is no longer current (HTTP 412): someone else
/// changed the record since the client read it.
public struct PreconditionFailed: Error, Sendable, CustomStringConvertible {
    /// The entity tag of the current version.
    public var currentTag: String

    public init(currentTag: String) {
        self.currentTag = currentTag
    }

    /// Whether an `If-Match` value names `tag`; either may be quoted or not.
    public static func matches(_ ifMatch: String, _ tag: String) -> Bool {
        opaqueTag(ifMatch) == opaqueTag(tag)
    }

    /// An entity tag without its weak prefix, quotes and surrounding spaces: what two tags compare by.
    public static func opaqueTag(_ header: String) -> Substring {
        var value = Substring(header.trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
        return value
    }

    public var description: String { "the record has changed since it was read (it is now \(currentTag)); read it again" }
}
