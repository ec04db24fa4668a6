import Foundation

/// Keyset pagination: a page is the rows after the last one the client saw, in a total order
/// (ties broken by the key), so pages neither skip nor repeat rows when others are inserted.
/// The cursor is that last row's sort values, opaque to clients (base64url JSON).
public struct PageCursor<Position: Codable & Sendable>: Sendable {
    public var position: Position

    public init(_ position: Position) {
        self.position = position
    }

    /// The cursor's text for a `nextCursor` field.
    public var token: String {
        let data = (try? JSONEncoder().encode(position)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor a client sent back.
    /// - Throws: ``ValidationFailed`` on the `cursor` field when it is not one of ours.
    public init(token: String) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let position = try? JSONDecoder().decode(Position.self, from: data)
        else { throw ValidationFailed([FieldError("cursor", "is not a cursor this server issued")]) }
        self.position = position
    }
}

/// One page of a list and the cursor of the next page (`nil` on the last page).
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Page sizes the lists accept.
public enum PageSize {
    public static let `default` = 50
    public static let maximum = 200

    /// Checks a requested page size.
    /// - Throws: ``ValidationFailed`` on the `limit` field when outside 1…``maximum``.
    public static func validated(_ limit: Int?) throws -> Int {
        guard let limit else { return `default` }
        guard (1...maximum).contains(limit) else {
            throw ValidationFailed([FieldError("limit", "must be between 1 and \(maximum)")])
        }
        return limit
    }
}
