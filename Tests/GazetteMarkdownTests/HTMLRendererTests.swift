import Foundation
import GazetteHTML
import GazetteMarkdown
import GazetteTestSupport
import Testing

@Suite("cmark-gfm wrapper and HTML renderer")
struct HTMLRendererTests {
    let renderer = HTMLRenderer(tableLabel: "Table")

    func html(_ markdown: String) -> String {
        renderer.render(CmarkParser.parse(markdown))
    }

    @Test func tableWithAlignmentsHeaderAndBody() {
        let output = html("| Data | Kept |\n|:-----|-----:|\n| Name | 5 years |\n| *Leave* | 2 years |\n")
        #expect(
            output == """
                <div class="table-scroll" role="region" tabindex="0" aria-label="Table">
                <table>
                <thead>
                <tr>
                <th style="text-align: left">Data</th>
                <th style="text-align: right">Kept</th>
                </tr>
                </thead>
                <tbody>
                <tr>
                <td style="text-align: left">Name</td>
                <td style="text-align: right">5 years</td>
                </tr>
                <tr>
                <td style="text-align: left"><em>Leave</em></td>
                <td style="text-align: right">2 years</td>
                </tr>
                </tbody>
                </table>
                </div>

                """)
    }

    @Test func tableParsesIntoRowsAndCells() throws {
        let document = CmarkParser.parse("| a | b | c |\n|---|:-:|---|\n| 1 | 2 | 3 |\n")
        let table = try #require(document.children(MarkdownDocument.root).first)
        #expect(document.kind(table) == .table(alignments: [.none, .center, .none]))
        let rows = document.children(table)
        #expect(rows.count == 2)
        #expect(document.kind(rows[0]) == .tableRow(isHeader: true))
        #expect(document.kind(rows[1]) == .tableRow(isHeader: false))
        #expect(document.children(rows[1]).map(document.plainText) == ["1", "2", "3"])
        #expect(document.kind(document.children(rows[1])[0]) == .tableCell)
    }

    @Test func nestedOrderedListsThreeLevelsDeep() throws {
        let markdown = """
            1. First
               1. Second level
                  1. Third level
                  2. Third again
               2. Second again
            2. Last
            """
        let document = CmarkParser.parse(markdown)
        let list = try #require(document.children(MarkdownDocument.root).first)
        #expect(document.kind(list) == .list(ListStyle(ordered: true, start: 1, tight: true)))
        let second = try #require(document.children(document.children(list)[0]).last)
        let third = try #require(document.children(document.children(second)[0]).last)
        #expect(document.children(third).map(document.plainText) == ["Third level", "Third again"])
        #expect(document.parent(third) == document.children(second)[0])
        #expect(
            html(markdown) == """
                <ol>
                <li>First
                <ol>
                <li>Second level
                <ol>
                <li>Third level</li>
                <li>Third again</li>
                </ol>
                </li>
                <li>Second again</li>
                </ol>
                </li>
                <li>Last</li>
                </ol>

                """)
    }

    @Test func listStartNumberIsKept() {
        #expect(html("3. three\n4. four\n").hasPrefix("<ol start=\"3\">\n"))
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<style>body{}</style>", "&lt;style&gt;body{}&lt;/style&gt;"),
        ("<div onclick=\"steal()\">x</div>", "&lt;div onclick=&quot;steal()&quot;&gt;x&lt;/div&gt;"),
        ("<iframe src=\"https://evil.example\"></iframe>", "&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;"),
    ])
    func rawHTMLBlocksAreEscaped(input: String, escaped: String) {
        let output = html(input + "\n")
        #expect(output == "<p class=\"raw-html\">\(escaped)</p>\n")
        #expect(!output.contains("<script"))
        #expect(!output.contains("<style"))
        #expect(!output.contains("<div"))
        #expect(!output.contains("<iframe"))
    }

    @Test func rawInlineHTMLIsEscapedUnlessAllowed() {
        let output = html("Text <img src=x onerror=alert(1)> and <span style=\"x\">s</span> and H<sub>2</sub>O<br>\n")
        #expect(output.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(output.contains("&lt;span style=&quot;x&quot;&gt;s&lt;/span&gt;"))
        #expect(output.contains("H<sub>2</sub>O<br>"))
        #expect(!output.contains("<img"))
        #expect(!output.contains("<span"))
    }

    @Test(arguments: ["<sup>", "</sup>", "<br>", "<br/>", "<br />", "<SUB>"])
    func allowedInlineTags(tag: String) {
        #expect(HTMLRenderer.isAllowedInlineTag(tag))
    }

    @Test(arguments: ["<sup class=x>", "<script>", "<a href=x>", "<b onclick=y>", "<br x>", "<>", "<!-- c -->"])
    func rejectedInlineTags(tag: String) {
        #expect(!HTMLRenderer.isAllowedInlineTag(tag))
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x](vbscript:msgbox)", "[x](data:text/html;base64,AAAA)",
        "[x](file:///etc/passwd)", "<javascript:alert(1)>",
    ])
    func dangerousLinkSchemesLoseTheirURL(markdown: String) {
        let output = html(markdown + "\n")
        #expect(!output.contains("href"), "\(output)")
    }

    @Test func extensionsStrikethroughAndAutolink() {
        #expect(
            html("~~old~~ www.koraal.example\n") == "<p><del>old</del> <a href=\"http://www.koraal.example\">www.koraal.example</a></p>\n")
        #expect(html("Mail <privacy@koraal.example>\n").contains("<a href=\"mailto:privacy@koraal.example\">"))
    }

    @Test func textAndAttributesAreEscaped() {
        #expect(html("a < b & \"c\" > d\n") == "<p>a &lt; b &amp; &quot;c&quot; &gt; d</p>\n")
        #expect(
            html("[t](https://x.example/?a=1&b=\"2\" \"T&\\\"\")\n")
                .contains("<a href=\"https://x.example/?a=1&amp;b=%222%22\" title=\"T&amp;&quot;\">"))
    }

    /// The escaper scans eight bytes at a time: every length and position against a byte-by-byte one.
    @Test func escapingAtEveryPosition() {
        let pieces = ["a", "&", "<", ">", "\"", "'", "é", "%", "=", "?", "🙂", " "]
        for length in 0..<40 {
            for position in 0..<max(length, 1) {
                for special in ["&", "<", ">", "\"", "b"] {
                    var characters = (0..<length).map { pieces[($0 * 7 + length) % pieces.count] }
                    if position < length { characters[position] = special }
                    let text = characters.joined()
                    var out = HTMLBuffer()
                    HTMLEscaping.appendText(text, to: &out)
                    var expected = ""
                    for character in text {
                        switch character {
                        case "&": expected += "&amp;"
                        case "<": expected += "&lt;"
                        case ">": expected += "&gt;"
                        case "\"": expected += "&quot;"
                        default: expected.append(character)
                        }
                    }
                    #expect(out.string == expected, "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func anchorsOnHeadingsParagraphsAndItems() {
        var document = CmarkParser.parse("## Article 5\n\n5.1 text\n\n1. item\n")
        let blocks = document.children(MarkdownDocument.root)
        document.setAnchor(Anchor(id: "art-5", style: .heading, label: "Link to article 5"), on: blocks[0])
        document.setAnchor(Anchor(id: "clause-5-1", style: .clause(number: "5.1"), label: "Link to clause 5.1"), on: blocks[1])
        document.setAnchor(
            Anchor(id: "clause-5-2", style: .clause(number: "5.2"), label: "Link to clause 5.2"), on: document.children(blocks[2])[0])
        #expect(
            renderer.render(document) == """
                <h2 id="art-5">Article 5 <a class="anchor" href="#art-5" aria-label="Link to article 5">#</a></h2>
                <p id="clause-5-1" class="clause"><a class="clause-number" href="#clause-5-1" aria-label="Link to clause 5.1">5.1</a> 5.1 text</p>
                <ol class="clauses">
                <li id="clause-5-2" class="clause"><a class="clause-number" href="#clause-5-2" aria-label="Link to clause 5.2">5.2</a> item</li>
                </ol>

                """)
    }

    @Test func sourceLinesAreKept() {
        let document = CmarkParser.parse("# A\n\ntext\n\n- item\n")
        #expect(document.children(MarkdownDocument.root).map(document.line) == [1, 3, 5])
    }

    @Test func invalidUTF8IsReplacedNotTrusted() {
        let bytes: [UInt8] = Array("ok ".utf8) + [0xFF, 0xFE] + Array(" end\n".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(html(text) == "<p>ok \u{FFFD}\u{FFFD} end</p>\n")
    }

    /// Where no table, image or raw HTML is involved, the renderer writes what cmark-gfm's own CLI writes.
    @Test func matchesTheCmarkGFMCommandLine() throws {
        let cmark = try #require(TestSupport.which("cmark-gfm"), "cmark-gfm is not installed: run `make deps`")
        let samples = [
            "Hello *world* & **bold** `code` ~~gone~~\n",
            "1. one\n2. two\n   - a\n   - b\n\n     loose\n",
            "> quote\n>\n> - item\n\n---\n\n```swift\nlet x = 1 < 2\n```\n",
            "Line one  \nline two\nsoft\n\n3. three\n4. four\n",
            "www.example.com and https://x.example/a?b=c&d=e, [ref][r] and <mailto:a@b.example>\n\n[r]: https://r.example \"Title\"\n",
            "## Heading with `code`\n\n- [ ] not a task list\n- x\n\n1) paren\n",
            "Entities: &copy; &amp; &#35; \\* escaped\n\n    indented code\n",
        ]
        let scratch = ScratchFolder()
        for (index, sample) in samples.enumerated() {
            scratch.write("\(index).md", sample)
            let result = try runProgram(
                cmark, ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", scratch.path + "/\(index).md"])
            #expect(result.status == 0)
            // cmark writes void elements XHTML-style (<br />); Gazette writes HTML5 (<br>).
            let expected = result.output.replacingOccurrences(of: " />", with: ">")
            #expect(html(sample) == expected, "sample \(index)")
        }
    }
}

/// cmark-gfm's special-character table is process-wide; parsing on several threads once lost
/// autolinks at random (a site page differed between two builds). Every parse must find the links.
@Suite struct ConcurrentParsingTests {
    @Test func parsingOnManyThreadsKeepsEveryAutolink() {
        let markdown = "See https://legal.koraal-hr.example and www.koraal.example, or mail privacy@koraal.example.\n"
        let expected = HTMLRenderer().render(CmarkParser.parse(markdown))
        let lock = NSLock()
        nonisolated(unsafe) var mismatches = 0
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<300 {
                let html = HTMLRenderer().render(CmarkParser.parse(markdown))
                if html != expected { lock.withLock { mismatches += 1 } }
            }
        }
        #expect(expected.components(separatedBy: "<a href=").count == 4)
        #expect(mismatches == 0)
    }
}
