/// Renders the Markdown of effective-practice records to HTML that is safe to put in a page: the
/// small subset records need (paragraphs, `#` headings, `-`/`*` and `1.` lists, fenced code,
/// `code`, **strong**, *emphasis*, and links to `http`, `https` and `mailto` only). Every other
/// character is text: raw HTML is escaped, never passed through, and a link to any other scheme
/// (`javascript:`, `data:`) is rendered as its label alone.
public enum PracticeMarkdown {
    /// The HTML of `markdown`.
    public static func html(_ markdown: String) -> String {
        var output = ""
        var paragraph: [Substring] = []
        var list: (ordered: Bool, items: [Substring])?
        var code: [Substring]?

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            output += "<p>" + inline(paragraph.joined(separator: "\n")) + "</p>\n"
            paragraph = []
        }
        func flushList() {
            guard let current = list else { return }
            let tag = current.ordered ? "ol" : "ul"
            output += "<\(tag)>\n" + current.items.map { "<li>" + inline(String($0)) + "</li>\n" }.joined() + "</\(tag)>\n"
            list = nil
        }

        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            let trimmed = line.trimmingSpaces
            if var lines = code {
                if trimmed.hasPrefix("```") {
                    output += "<pre><code>" + escape(lines.joined(separator: "\n")) + "</code></pre>\n"
                    code = nil
                } else {
                    lines.append(line)
                    code = lines
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph()
                flushList()
                code = []
            } else if trimmed.isEmpty {
                flushParagraph()
                flushList()
            } else if let (level, text) = heading(trimmed) {
                flushParagraph()
                flushList()
                output += "<h\(level)>" + inline(String(text)) + "</h\(level)>\n"
            } else if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if list?.ordered != ordered { flushList() }
                list = (ordered, (list?.items ?? []) + [text])
            } else {
                flushList()
                paragraph.append(trimmed)
            }
        }
        if let lines = code { output += "<pre><code>" + escape(lines.joined(separator: "\n")) + "</code></pre>\n" }
        flushParagraph()
        flushList()
        return output
    }

    /// HTML-escapes text for element content and quoted attribute values alike.
    public static func escape(_ text: some StringProtocol) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Whether a link target may be rendered: an absolute http, https or mailto URL without
    /// spaces or control characters.
    static func isSafeLink(_ url: String) -> Bool {
        let lowered = url.lowercased()
        guard ["http://", "https://", "mailto:"].contains(where: lowered.hasPrefix) else { return false }
        return !url.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// `# Title` to `######`: the level and the text.
    private static func heading(_ line: Substring) -> (Int, Substring)? {
        let level = line.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (level, rest.trimmingSpaces)
    }

    /// `- item`, `* item` or `1. item`: whether ordered, and the item's text.
    private static func listItem(_ line: Substring) -> (Bool, Substring)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, line.dropFirst(2).trimmingSpaces) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return (true, rest.dropFirst(2).trimmingSpaces)
    }

    /// Inline markup of one block's text, everything else escaped.
    static func inline(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        // For each marker, where it next occurs from every position, found in one backward pass:
        // scanning ahead from every unmatched opener instead would take quadratic time on a body
        // of thousands of `[` (the body is anyone's draft, rendered on every read).
        var nextOccurrence: [[Character]: [Int]] = [:]
        func closing(_ marker: [Character], from start: Int) -> Int? {
            let next = nextOccurrence[marker] ?? {
                var next = [Int](repeating: -1, count: characters.count + 1)
                var position = characters.count - marker.count
                while position >= 0 {
                    let matches = marker.indices.allSatisfy { characters[position + $0] == marker[$0] }
                    next[position] = matches ? position : next[position + 1]
                    position -= 1
                }
                nextOccurrence[marker] = next
                return next
            }()
            guard start < next.count, next[start] >= 0 else { return nil }
            return next[start]
        }
        while index < characters.count {
            let character = characters[index]
            if character == "`", let end = closing(["`"], from: index + 1) {
                output += "<code>" + escape(String(characters[index + 1..<end])) + "</code>"
                index = end + 1
            } else if character == "*", index + 1 < characters.count, characters[index + 1] == "*",
                let end = closing(["*", "*"], from: index + 2), end > index + 2
            {
                output += "<strong>" + inline(String(characters[index + 2..<end])) + "</strong>"
                index = end + 2
            } else if character == "*" || character == "_", index + 1 < characters.count, characters[index + 1] != " ",
                let end = closing([character], from: index + 1), end > index + 1
            {
                output += "<em>" + inline(String(characters[index + 1..<end])) + "</em>"
                index = end + 1
            } else if character == "[", let labelEnd = closing(["]", "("], from: index + 1),
                let urlEnd = closing([")"], from: labelEnd + 2)
            {
                let label = inline(String(characters[index + 1..<labelEnd]))
                let url = String(characters[labelEnd + 2..<urlEnd])
                output += isSafeLink(url) ? "<a href=\"\(escape(url))\" rel=\"nofollow noopener\">\(label)</a>" : label
                index = urlEnd + 1
            } else {
                output += escape(String(character))
                index += 1
            }
        }
        return output
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
