/// A school as lists show it (public GIAS data).
public struct SchoolSummary: Codable, Sendable, Equatable {
    public var urn: Int
    public var name: String
    public var laCode: Int
    public var laName: String?
    public var phase: String?
    public var typeName: String?
    public var status: String?
    public var district: String?
    public var town: String?
    public var postcode: String?
    public var pupils: Int?
    public var trustReference: String?
    public var trustName: String?
}
