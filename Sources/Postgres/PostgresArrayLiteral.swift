/// An element type of a one-dimensional PostgreSQL array (`text[]`, `int4[]`, `int8[]`).
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The OID of the array type holding this element, e.g. `text[]`.
    static var arrayTypeOID: UInt32 { get }
    /// The element's text inside an array literal, before quoting.
    var arrayElementText: String { get }
}

extension String: PostgresArrayElement {
    public static var arrayTypeOID: UInt32 { PostgresType.textArray }
    public var arrayElementText: String { self }
}

extension Int: PostgresArrayElement {
    public static var arrayTypeOID: UInt32 { PostgresType.int8Array }
    public var arrayElementText: String { String(self) }
}

extension Int64: PostgresArrayElement {
    public static var arrayTypeOID: UInt32 { PostgresType.int8Array }
    public var arrayElementText: String { String(self) }
}

extension Int32: PostgresArrayElement {
    public static var arrayTypeOID: UInt32 { PostgresType.int4Array }
    public var arrayElementText: String { String(self) }
}

/// Reads and writes the text form of one-dimensional arrays: `{a,"b c",NULL}`.
enum PostgresArrayLiteral {
    /// Quotes every element, so commas, braces, quotes, backslashes, blanks and the word NULL
    /// survive unchanged.
    static func format(_ elements: [String]) -> String {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in element {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }

    /// Splits a literal into its elements; unquoted `NULL` is nil.
    static func parse(_ literal: String) throws(PostgresDecodeFailure) -> [String?] {
        let characters = Array(literal)
        guard characters.first == "{", characters.last == "}" else {
            throw PostgresDecodeFailure("'\(literal)' is not an array literal")
        }
        var elements: [String?] = []
        var index = 1
        let end = characters.count - 1
        if index == end { return [] }
        while index <= end {
            var element = ""
            var quoted = false
            if characters[index] == "\"" {
                quoted = true
                index += 1
                while index < end, characters[index] != "\"" {
                    if characters[index] == "\\" { index += 1 }
                    element.append(characters[index])
                    index += 1
                }
                index += 1  // closing quote
            } else {
                while index < end, characters[index] != "," {
                    if characters[index] == "{" {
                        throw PostgresDecodeFailure("multi-dimensional arrays are not supported")
                    }
                    element.append(characters[index])
                    index += 1
                }
            }
            elements.append(!quoted && element == "NULL" ? nil : element)
            guard index == end || characters[index] == "," else {
                throw PostgresDecodeFailure("malformed array literal")
            }
            index += 1
        }
        return elements
    }
}
