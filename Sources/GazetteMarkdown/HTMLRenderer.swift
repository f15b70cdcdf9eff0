import GazetteHTML

/// Writes a `MarkdownDocument` as HTML5.
///
/// The writer recurses over the tree: a document is never nested more than
/// `MarkdownDocument.nestingLimit` levels deep, so the depth of the recursion is bounded.
///
/// Raw HTML from Markdown is not trusted: only a short list of inline tags without attributes
/// (`<br>`, `<sup>`, …) is kept; every other tag, and every HTML block, is escaped and shows as text.
/// Links and images with a script-capable scheme (javascript:, vbscript:, data:, file:) lose their URL.
public struct HTMLRenderer: Sendable {
    /// Inline tags kept when written without attributes.
    public static let allowedInlineTags: Set<String> = [
        "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
        "small", "strong", "sub", "sup", "u", "var", "wbr",
    ]

    /// Accessible name of a wide table's scroll region.
    public var tableLabel: String

    public init(tableLabel: String = "Table") {
        self.tableLabel = tableLabel
    }

    /// The HTML of the whole document.
    public func render(_ document: MarkdownDocument) -> String {
        String(decoding: renderBytes(document), as: UTF8.self)
    }

    /// The HTML of the whole document as UTF-8 bytes.
    public func renderBytes(_ document: MarkdownDocument) -> [UInt8] {
        write(document, capacity: document.bytes.count + document.bytes.count / 2 + 4096) { writer in
            writer.render(MarkdownDocument.root, tight: false)
        }
    }

    /// Renders only the inline content of `node` (a heading's text, for a table of contents).
    public func renderInline(_ node: MarkdownDocument.Node, of document: MarkdownDocument) -> String {
        let bytes = write(document, capacity: 128) { writer in writer.renderChildren(node, tight: false) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(_ document: MarkdownDocument, capacity: Int, _ body: (inout Writer) -> Void) -> [UInt8] {
        document.records.withUnsafeBufferPointer { records in
            document.bytes.withUnsafeBufferPointer { bytes in
                var writer = Writer(
                    records: records, bytes: bytes, anchors: document.anchors, tableLabel: tableLabel,
                    out: HTMLBuffer(capacity: capacity))
                body(&writer)
                return writer.out.bytes
            }
        }
    }

    /// One rendering: the document's nodes and bytes, read in place, and the HTML written so far.
    private struct Writer {
        typealias Node = MarkdownDocument.Node
        let records: UnsafeBufferPointer<MarkdownDocument.Record>
        let bytes: UnsafeBufferPointer<UInt8>
        let anchors: [Anchor]
        let tableLabel: String
        var out: HTMLBuffer

        func literal(_ span: MarkdownDocument.Span) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.end)])
        }

        func string(_ span: MarkdownDocument.Span) -> String {
            String(decoding: literal(span), as: UTF8.self)
        }

        func anchor(_ node: Node) -> Anchor? {
            let index = records[node].anchor
            return index < 0 ? nil : anchors[Int(index)]
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { out.append($0) }
        }

        mutating func appendEscaped(_ span: MarkdownDocument.Span) {
            HTMLEscaping.appendText(literal(span), to: &out)
        }

        mutating func render(_ node: Node, tight: Bool) {
            let record = records[node]
            switch record.tag {
            case .document, .other, .tableRow, .tableCell:
                renderChildren(node, tight: tight)
            case .blockQuote:
                append("<blockquote>\n")
                renderChildren(node, tight: false)
                append("</blockquote>\n")
            case .list:
                let ordered = record.flags.isOrdered
                var isClauses = false
                var item = record.firstChild
                while item >= 0, !isClauses {
                    isClauses = records[Int(item)].anchor >= 0
                    item = records[Int(item)].nextSibling
                }
                append(ordered ? "<ol" : "<ul")
                if isClauses { append(" class=\"clauses\"") }
                if ordered, record.start != 1 {
                    append(" start=\"")
                    out += String(record.start)
                    append("\"")
                }
                append(">\n")
                item = record.firstChild
                while item >= 0 {
                    renderItem(Int(item), tight: record.flags.isTight)
                    item = records[Int(item)].nextSibling
                }
                append(ordered ? "</ol>\n" : "</ul>\n")
            case .item:
                renderItem(node, tight: tight)
            case .codeBlock:
                append("<pre><code")
                // The language is the info string's first word.
                let info = literal(record.extra)
                var first = 0
                while first < info.count, info[first] == 0x20 { first += 1 }
                var last = first
                while last < info.count, info[last] != 0x20 { last += 1 }
                if last > first {
                    append(" class=\"language-")
                    HTMLEscaping.appendText(UnsafeBufferPointer(rebasing: info[first..<last]), to: &out)
                    append("\"")
                }
                append(">")
                appendEscaped(record.literal)
                append("</code></pre>\n")
            case .htmlBlock:
                append("<p class=\"raw-html\">")
                var html = record.literal
                if html.end > html.start, bytes[Int(html.end) - 1] == 0x0A { html.end -= 1 }
                appendEscaped(html)
                append("</p>\n")
            case .paragraph:
                append("<p")
                let anchor = anchor(node)
                appendAnchorAttributes(anchor)
                append(">")
                appendClauseNumber(anchor)
                renderChildren(node, tight: tight)
                append("</p>\n")
            case .heading:
                let level = UInt8(ascii: "0") + UInt8(record.flags.headingLevel)
                append("<h")
                out.append(level)
                let anchor = anchor(node)
                if let anchor {
                    append(" id=\"")
                    HTMLEscaping.appendAttribute(anchor.id, to: &out)
                    append("\"")
                }
                append(">")
                renderChildren(node, tight: tight)
                if let anchor {
                    append(" <a class=\"anchor\" href=\"#")
                    HTMLEscaping.appendAttribute(anchor.id, to: &out)
                    append("\" aria-label=\"")
                    HTMLEscaping.appendAttribute(anchor.label, to: &out)
                    append("\">#</a>")
                }
                append("</h")
                out.append(level)
                append(">\n")
            case .thematicBreak:
                append("<hr>\n")
            case .text:
                appendEscaped(record.literal)
            case .softBreak:
                out.append(0x0A)
            case .lineBreak:
                append("<br>\n")
            case .code:
                append("<code>")
                appendEscaped(record.literal)
                append("</code>")
            case .htmlInline:
                let html = string(record.literal)
                if HTMLRenderer.isAllowedInlineTag(html) {
                    out += html.lowercased()
                } else {
                    appendEscaped(record.literal)
                }
            case .emphasis:
                append("<em>")
                renderChildren(node, tight: tight)
                append("</em>")
            case .strong:
                append("<strong>")
                renderChildren(node, tight: tight)
                append("</strong>")
            case .strikethrough:
                append("<del>")
                renderChildren(node, tight: tight)
                append("</del>")
            case .link:
                let destination = string(record.literal)
                guard URLSafety.isSafe(destination) else {
                    renderChildren(node, tight: tight)
                    return
                }
                append("<a href=\"")
                URLSafety.appendEscapedURL(destination, to: &out)
                append("\"")
                if !record.extra.isEmpty {
                    append(" title=\"")
                    appendEscaped(record.extra)
                    append("\"")
                }
                append(">")
                renderChildren(node, tight: tight)
                append("</a>")
            case .image:
                var alt: [UInt8] = []
                MarkdownDocument.appendPlainText(node, records: records, bytes: bytes, to: &alt)
                let source = string(record.literal)
                guard URLSafety.isSafe(source) else {
                    alt.withUnsafeBufferPointer { HTMLEscaping.appendText($0, to: &out) }
                    return
                }
                append("<img src=\"")
                URLSafety.appendEscapedURL(source, to: &out)
                append("\" alt=\"")
                alt.withUnsafeBufferPointer { HTMLEscaping.appendText($0, to: &out) }
                append("\"")
                if !record.extra.isEmpty {
                    append(" title=\"")
                    appendEscaped(record.extra)
                    append("\"")
                }
                append(">")
            case .table:
                append("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"")
                HTMLEscaping.appendAttribute(tableLabel, to: &out)
                append("\">\n<table>\n")
                var row = record.firstChild
                if row >= 0, records[Int(row)].flags.isHeaderRow {
                    append("<thead>\n")
                    while row >= 0, records[Int(row)].flags.isHeaderRow {
                        renderRow(Int(row), alignments: record.extra, header: true)
                        row = records[Int(row)].nextSibling
                    }
                    append("</thead>\n")
                }
                if row >= 0 {
                    append("<tbody>\n")
                    while row >= 0 {
                        renderRow(Int(row), alignments: record.extra, header: false)
                        row = records[Int(row)].nextSibling
                    }
                    append("</tbody>\n")
                }
                append("</table>\n</div>\n")
            }
        }

        mutating func renderItem(_ item: Node, tight: Bool) {
            append("<li")
            let anchor = anchor(item)
            appendAnchorAttributes(anchor)
            append(">")
            var child = records[item].firstChild
            if child < 0 || records[Int(child)].tag != .paragraph { appendClauseNumber(anchor) }
            var isFirst = true
            while child >= 0 {
                let next = records[Int(child)].nextSibling
                let isParagraph = records[Int(child)].tag == .paragraph
                if isParagraph, tight {
                    // Tight lists show their paragraphs without <p>.
                    if isFirst { appendClauseNumber(anchor) }
                    renderChildren(Int(child), tight: true)
                    if next >= 0 { out.append(0x0A) }
                } else if isParagraph, isFirst, anchor != nil {
                    // The clause number goes inside the first paragraph, on the text's first line.
                    append("\n<p>")
                    appendClauseNumber(anchor)
                    renderChildren(Int(child), tight: false)
                    append("</p>\n")
                } else {
                    if !out.hasSuffix(0x0A) { out.append(0x0A) }
                    render(Int(child), tight: false)
                }
                isFirst = false
                child = next
            }
            append("</li>\n")
        }

        mutating func renderRow(_ row: Node, alignments: MarkdownDocument.Span, header: Bool) {
            append("<tr>\n")
            var cell = records[row].firstChild
            var column = 0
            while cell >= 0 {
                append(header ? "<th" : "<td")
                let alignment = column < Int(alignments.end - alignments.start) ? bytes[Int(alignments.start) + column] : 0x20
                switch alignment {
                case UInt8(ascii: "l"): append(" style=\"text-align: left\"")
                case UInt8(ascii: "c"): append(" style=\"text-align: center\"")
                case UInt8(ascii: "r"): append(" style=\"text-align: right\"")
                default: break
                }
                append(">")
                renderChildren(Int(cell), tight: true)
                append(header ? "</th>\n" : "</td>\n")
                cell = records[Int(cell)].nextSibling
                column += 1
            }
            append("</tr>\n")
        }

        mutating func appendAnchorAttributes(_ anchor: Anchor?) {
            guard let anchor else { return }
            append(" id=\"")
            HTMLEscaping.appendAttribute(anchor.id, to: &out)
            append("\" class=\"clause\"")
        }

        mutating func appendClauseNumber(_ anchor: Anchor?) {
            guard let anchor, case .clause(let number) = anchor.style else { return }
            append("<a class=\"clause-number\" href=\"#")
            HTMLEscaping.appendAttribute(anchor.id, to: &out)
            append("\" aria-label=\"")
            HTMLEscaping.appendAttribute(anchor.label, to: &out)
            append("\">")
            HTMLEscaping.appendText(number, to: &out)
            append("</a> ")
        }

        mutating func renderChildren(_ node: Node, tight: Bool) {
            var child = records[node].firstChild
            while child >= 0 {
                render(Int(child), tight: tight)
                child = records[Int(child)].nextSibling
            }
        }
    }

    /// Whether raw inline HTML is one allowed tag with no attributes: `<sup>`, `</sup>`, `<br>`, `<br/>`.
    public static func isAllowedInlineTag(_ html: String) -> Bool {
        var body = Substring(html)
        guard body.hasPrefix("<"), body.hasSuffix(">") else { return false }
        body = body.dropFirst().dropLast()
        if body.hasPrefix("/") { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        let name = body.trimmingSuffix(while: { $0 == " " })
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return allowedInlineTags.contains(name.lowercased())
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
