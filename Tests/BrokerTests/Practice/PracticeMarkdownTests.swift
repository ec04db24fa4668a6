@testable import Broker
import PropertyBased
import Testing

@Suite("Practice Markdown")
struct PracticeMarkdownTests {
    @Test(
        "openers without closers render in linear time: a body of 100,000 `[` must not take the quadratic path",
        .timeLimit(.minutes(1)))
    func unmatchedOpeners() {
        for opener in ["[", "[](", "**", "`a", "_x", "[a]("] {
            let body = String(repeating: opener, count: 100_000 / opener.count)
            let html = PracticeMarkdown.html(body)
            #expect(html.count >= body.count / 2, "\(opener)")
        }
    }

    @Test("the supported subset renders: headings, paragraphs, lists, emphasis, code, safe links")
    func subset() {
        let html = PracticeMarkdown.html(
            """
            # What we did
            Reading *every* day, **no exceptions**, see [the plan](https://example.org/plan?a=1&b=2).

            - first
            - second `code`

            1. one
            2. two

            ```
            <b>kept as text</b>
            ```
            """)
        #expect(html.contains("<h1>What we did</h1>"))
        #expect(html.contains("<p>Reading <em>every</em> day, <strong>no exceptions</strong>, see "
            + "<a href=\"https://example.org/plan?a=1&amp;b=2\" rel=\"nofollow noopener\">the plan</a>.</p>"))
        #expect(html.contains("<ul>\n<li>first</li>\n<li>second <code>code</code></li>\n</ul>"))
        #expect(html.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"))
        #expect(html.contains("<pre><code>&lt;b&gt;kept as text&lt;/b&gt;</code></pre>"))
    }

    @Test("hostile input: raw HTML escaped, javascript: and data: links dropped, attributes cannot be injected")
    func hostile() {
        let html = PracticeMarkdown.html(
            """
            <script>alert(1)</script> <img src=x onerror=alert(1)>
            [click](javascript:alert(1)) [data](data:text/html,<b>x</b>) [JS](JavaScript:alert(2))
            [quote](https://example.org/" onmouseover="alert(1)) [tab](https://a.example/\tx)
            # <iframe src="https://evil.example">
            - *<svg onload=alert(1)>*
            """)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(!html.contains("href=\"data"))
        #expect(!html.contains("\" onmouseover"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("click"))
    }

    @Test("any text: every tag in the output is one the renderer writes")
    func onlyOwnTags() async {
        let allowed: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code", "em", "strong", "a"]
        let alphabet = Array("<>\"'&*_`[]()#-1. \njavascript:http://x/ onerror=")
        await propertyCheck(input: Gen.int(in: 0...300).array(of: 1...120)) { indices in
            let text = String(indices.map { alphabet[$0 % alphabet.count] })
            let html = PracticeMarkdown.html(text)
            var rest = Substring(html)
            while let open = rest.firstIndex(of: "<") {
                let tag = rest[rest.index(after: open)...].prefix { $0.isLetter || $0.isNumber || $0 == "/" }
                #expect(allowed.contains(String(tag.drop { $0 == "/" })), "unexpected tag in \(html)")
                rest = rest[rest.index(after: open)...]
            }
            #expect(!html.contains("href=\"j"))
        }
    }
}
