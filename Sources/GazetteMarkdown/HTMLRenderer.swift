/// Writes a `MarkdownNode` tree as HTML5.
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

    /// The HTML of `node` and everything below it.
    public func render(_ node: MarkdownNode) -> String {
        var output = HTMLBuffer(capacity: 32_768)
        render(node, into: &output, tight: false)
        return output.string
    }

    /// The HTML of `node` as UTF-8 bytes.
    public func renderBytes(_ node: MarkdownNode) -> [UInt8] {
        var output = HTMLBuffer(capacity: 32_768)
        render(node, into: &output, tight: false)
        return output.bytes
    }

    /// Renders only the inline content of `node` (a heading's text, for a table of contents).
    public func renderInline(_ node: MarkdownNode) -> String {
        var output = HTMLBuffer(capacity: 128)
        for child in node.children { render(child, into: &output, tight: false) }
        return output.string
    }

    private func render(_ node: MarkdownNode, into out: inout HTMLBuffer, tight: Bool) {
        switch node.kind {
        case .document, .other:
            renderChildren(node, into: &out, tight: tight)
        case .blockQuote:
            out += "<blockquote>\n"
            renderChildren(node, into: &out, tight: false)
            out += "</blockquote>\n"
        case .list(let style):
            let isClauses = node.children.contains { $0.anchor != nil }
            out += style.ordered ? "<ol" : "<ul"
            if isClauses { out += " class=\"clauses\"" }
            if style.ordered, style.start != 1 { out += " start=\"\(style.start)\"" }
            out += ">\n"
            for item in node.children { renderItem(item, into: &out, tight: style.tight) }
            out += style.ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            renderItem(node, into: &out, tight: tight)
        case .codeBlock(let info, let code):
            out += "<pre><code"
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            if !language.isEmpty { out += " class=\"language-"; HTMLEscaping.appendAttribute(language, to: &out); out += "\"" }
            out += ">"
            HTMLEscaping.appendText(code, to: &out)
            out += "</code></pre>\n"
        case .htmlBlock(let html):
            out += "<p class=\"raw-html\">"
            HTMLEscaping.appendText(html.hasSuffix("\n") ? String(html.dropLast()) : html, to: &out)
            out += "</p>\n"
        case .paragraph:
            out += "<p"
            appendAnchorAttributes(node.anchor, into: &out)
            out += ">"
            appendClauseNumber(node.anchor, into: &out)
            renderChildren(node, into: &out, tight: tight)
            out += "</p>\n"
        case .heading(let level):
            out += "<h\(level)"
            if let anchor = node.anchor {
                out += " id=\""
                HTMLEscaping.appendAttribute(anchor.id, to: &out)
                out += "\""
            }
            out += ">"
            renderChildren(node, into: &out, tight: tight)
            if let anchor = node.anchor {
                out += " <a class=\"anchor\" href=\"#"
                HTMLEscaping.appendAttribute(anchor.id, to: &out)
                out += "\" aria-label=\""
                HTMLEscaping.appendAttribute(anchor.label, to: &out)
                out += "\">#</a>"
            }
            out += "</h\(level)>\n"
        case .thematicBreak:
            out += "<hr>\n"
        case .text(let text):
            HTMLEscaping.appendText(text, to: &out)
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br>\n"
        case .code(let code):
            out += "<code>"
            HTMLEscaping.appendText(code, to: &out)
            out += "</code>"
        case .htmlInline(let html):
            if Self.isAllowedInlineTag(html) {
                out += html.lowercased()
            } else {
                HTMLEscaping.appendText(html, to: &out)
            }
        case .emphasis:
            wrap("em", node, into: &out, tight: tight)
        case .strong:
            wrap("strong", node, into: &out, tight: tight)
        case .strikethrough:
            wrap("del", node, into: &out, tight: tight)
        case .link(let destination, let title):
            guard URLSafety.isSafe(destination) else {
                renderChildren(node, into: &out, tight: tight)
                return
            }
            out += "<a href=\""
            URLSafety.appendEscapedURL(destination, to: &out)
            out += "\""
            if !title.isEmpty {
                out += " title=\""
                HTMLEscaping.appendAttribute(title, to: &out)
                out += "\""
            }
            out += ">"
            renderChildren(node, into: &out, tight: tight)
            out += "</a>"
        case .image(let source, let title):
            guard URLSafety.isSafe(source) else {
                HTMLEscaping.appendText(node.plainText, to: &out)
                return
            }
            out += "<img src=\""
            URLSafety.appendEscapedURL(source, to: &out)
            out += "\" alt=\""
            HTMLEscaping.appendAttribute(node.plainText, to: &out)
            out += "\""
            if !title.isEmpty {
                out += " title=\""
                HTMLEscaping.appendAttribute(title, to: &out)
                out += "\""
            }
            out += ">"
        case .table(let alignments):
            out += "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\""
            HTMLEscaping.appendAttribute(tableLabel, to: &out)
            out += "\">\n<table>\n"
            let header = node.children.prefix { if case .tableRow(true) = $0.kind { return true } else { return false } }
            let body = node.children.dropFirst(header.count)
            if !header.isEmpty {
                out += "<thead>\n"
                for row in header { renderRow(row, alignments: alignments, cell: "th", into: &out) }
                out += "</thead>\n"
            }
            if !body.isEmpty {
                out += "<tbody>\n"
                for row in body { renderRow(row, alignments: alignments, cell: "td", into: &out) }
                out += "</tbody>\n"
            }
            out += "</table>\n</div>\n"
        case .tableRow, .tableCell:
            renderChildren(node, into: &out, tight: tight)
        }
    }

    private func renderItem(_ item: MarkdownNode, into out: inout HTMLBuffer, tight: Bool) {
        out += "<li"
        appendAnchorAttributes(item.anchor, into: &out)
        out += ">"
        let children = item.children
        let startsWithParagraph = children.first.map { if case .paragraph = $0.kind { true } else { false } } ?? false
        if !startsWithParagraph { appendClauseNumber(item.anchor, into: &out) }
        for (index, child) in children.enumerated() {
            let isParagraph = if case .paragraph = child.kind { true } else { false }
            if isParagraph, tight {
                // Tight lists show their paragraphs without <p>.
                if index == 0 { appendClauseNumber(item.anchor, into: &out) }
                renderChildren(child, into: &out, tight: true)
                if index < children.count - 1 { out += "\n" }
            } else if isParagraph, index == 0, item.anchor != nil {
                // The clause number goes inside the first paragraph, on the text's first line.
                out += "\n<p>"
                appendClauseNumber(item.anchor, into: &out)
                renderChildren(child, into: &out, tight: false)
                out += "</p>\n"
            } else {
                if !out.hasSuffix(0x0A) { out += "\n" }
                render(child, into: &out, tight: false)
            }
        }
        out += "</li>\n"
    }

    private func renderRow(_ row: MarkdownNode, alignments: [TableAlignment], cell: String, into out: inout HTMLBuffer) {
        out += "<tr>\n"
        for (index, child) in row.children.enumerated() {
            out += "<\(cell)"
            switch index < alignments.count ? alignments[index] : .none {
            case .left: out += " style=\"text-align: left\""
            case .center: out += " style=\"text-align: center\""
            case .right: out += " style=\"text-align: right\""
            case .none: break
            }
            out += ">"
            renderChildren(child, into: &out, tight: true)
            out += "</\(cell)>\n"
        }
        out += "</tr>\n"
    }

    private func appendAnchorAttributes(_ anchor: Anchor?, into out: inout HTMLBuffer) {
        guard let anchor else { return }
        out += " id=\""
        HTMLEscaping.appendAttribute(anchor.id, to: &out)
        out += "\" class=\"clause\""
    }

    private func appendClauseNumber(_ anchor: Anchor?, into out: inout HTMLBuffer) {
        guard let anchor, case .clause(let number) = anchor.style else { return }
        out += "<a class=\"clause-number\" href=\"#"
        HTMLEscaping.appendAttribute(anchor.id, to: &out)
        out += "\" aria-label=\""
        HTMLEscaping.appendAttribute(anchor.label, to: &out)
        out += "\">"
        HTMLEscaping.appendText(number, to: &out)
        out += "</a> "
    }

    private func wrap(_ tag: String, _ node: MarkdownNode, into out: inout HTMLBuffer, tight: Bool) {
        out += "<\(tag)>"
        renderChildren(node, into: &out, tight: tight)
        out += "</\(tag)>"
    }

    private func renderChildren(_ node: MarkdownNode, into out: inout HTMLBuffer, tight: Bool) {
        for child in node.children { render(child, into: &out, tight: tight) }
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
