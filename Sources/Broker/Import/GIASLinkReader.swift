import Foundation

/// A link between two GIAS establishments: how history follows a school across URN changes
/// (an academy conversion closes one URN and opens another).
public struct GIASLink: Hashable, Sendable {
    public var urn: Int
    public var linkedURN: Int
    public var linkedName: String?
    /// As published: `Predecessor`, `Successor`, `Predecessor - amalgamated`, `Successor - merged`…
    public var linkType: String
    public var established: CalendarDay?

    /// Whether the linked establishment came before this one.
    public var isPredecessor: Bool { linkType.lowercased().hasPrefix("predecessor") }
    /// Whether the linked establishment came after this one.
    public var isSuccessor: Bool { linkType.lowercased().hasPrefix("successor") }
}

/// Reads the GIAS links extract (`links_edubasealldata…csv`: `URN`, `LinkURN`, `LinkName`,
/// `LinkType`, `LinkEstablishedDate`) by header name.
public enum GIASLinkReader {
    /// Opens a links extract for streaming.
    public static func open(_ url: URL, encoding: ImportTextEncoding = .automatic) throws -> ImportReader<GIASLink> {
        try reader(CSVReader(contentsOf: url, encoding: encoding))
    }

    /// Reads links from `csv`.
    public static func reader(_ csv: CSVReader) throws -> ImportReader<GIASLink> {
        try ImportReader(csv: csv) { c in
            let urn = c.required("URN")
            let linked = c.required("LinkURN")
            let type = c.required("LinkType")
            let name = c.optional("LinkName")
            let date = c.optional("LinkEstablishedDate")
            return { row in
                GIASLink(urn: try row.requiredInteger(urn), linkedURN: try row.requiredInteger(linked),
                         linkedName: row.text(name), linkType: try row.requiredText(type),
                         established: try row.date(date, separator: "-"))
            }
        }
    }
}
