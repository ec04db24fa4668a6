/// One parameter value as sent to the server: its type OID (0 lets the server infer it), its bytes
/// in text or binary format, or NULL.
public struct PostgresBind: Sendable, Hashable {
    /// Wire format of ``bytes``.
    public enum Format: Int32, Sendable {
        case text = 0
        case binary = 1
    }

    public var typeOID: UInt32
    public var bytes: [UInt8]?
    public var format: Format

    public init(typeOID: UInt32, bytes: [UInt8]?, format: Format = .text) {
        self.typeOID = typeOID
        self.bytes = bytes
        self.format = format
    }

    /// A text-format value with the given type.
    public init(text: String, typeOID: UInt32) {
        self.init(typeOID: typeOID, bytes: Array(text.utf8))
    }

    /// SQL NULL of an unspecified type.
    public static let null = PostgresBind(typeOID: 0, bytes: nil)
}

/// Type OIDs of the built-in types this client binds and decodes.
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let int4Array: UInt32 = 1007
    public static let int8Array: UInt32 = 1016
    public static let textArray: UInt32 = 1009
    public static let date: UInt32 = 1082
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let numeric: UInt32 = 1700
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
}
