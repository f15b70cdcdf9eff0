/// A parsed GitHub-flavoured Markdown document: cmark-gfm's tree copied into two flat arrays (the
/// nodes in document order, every literal in one byte buffer), free of C memory.
///
/// A node is its index (`MarkdownDocument.Node`); the document is the node `root`. Copying the tree
/// this way costs no allocation per node, and the site annotates nodes (ids, clause numbers) in place
/// before `HTMLRenderer` writes them out.
///
/// A document is never nested more than `nestingLimit` levels deep (see `overNestedLine`), so code
/// that walks one may recurse: the tree is at most about twice that deep.
public struct MarkdownDocument: Sendable {
    public typealias Node = Int

    /// The document node.
    public static let root: Node = 0

    /// The most lists, block quotes, emphasis, strikethrough, links and images nested in one another
    /// that a document keeps (each counts one level). Real documents use a handful; cmark-gfm parses
    /// 10,000, which no reader could follow and which overflowed the stack of recursive walks.
    public static let nestingLimit = 100

    /// Whether a node of this kind adds a level of nesting.
    static func nests(_ tag: Tag) -> Bool {
        switch tag {
        case .blockQuote, .list, .emphasis, .strong, .strikethrough, .link, .image: true
        default: false
        }
    }

    /// The first line (of the Markdown text) where the source nested deeper than `nestingLimit`; the
    /// deeper levels were folded into the one above. nil for a document within the limit.
    public internal(set) var overNestedLine: Int?

    /// What a node is, with what it carries.
    public enum Kind: Sendable, Equatable {
        case document
        case blockQuote
        case list(ListStyle)
        case item
        case codeBlock(info: String, code: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        case table(alignments: [TableAlignment])
        case tableRow(isHeader: Bool)
        case tableCell
        /// A node type this renderer does not know (footnotes are not enabled): its children are kept.
        case other(String)
    }

    /// A node's kind without what it carries: what walking the tree needs, at no cost.
    public enum Tag: UInt8, Sendable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough, link, image
        case table, tableRow, tableCell, other
    }

    /// A span of `bytes`.
    struct Span {
        var start: Int32 = 0
        var end: Int32 = 0
        var isEmpty: Bool { start == end }
    }

    /// One node. `literal`: the text of text, code, HTML and code blocks, the URL of links and images.
    /// `extra`: a link's or image's title, a code block's info string, a table's alignments (one byte
    /// per column: l, c, r or space), an unknown node's type name.
    struct Record {
        var tag: Tag
        /// Heading level; list: ordered, tight; table row: the header row.
        var flags = NodeFlags.none
        var parent: Int32 = -1
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var line: Int32 = 0
        /// A list's first number.
        var start: Int32 = 0
        var literal = Span()
        var extra = Span()
        /// Index in `anchors`, or -1.
        var anchor: Int32 = -1
    }

    var records: [Record] = []
    var bytes: [UInt8] = []
    var anchors: [Anchor] = []

    init(capacity: Int) {
        records.reserveCapacity(capacity / 16)
        bytes.reserveCapacity(capacity)
    }

    // MARK: Building

    mutating func appendNode(_ tag: Tag, parent: Node?, line: Int) -> Node {
        let index = records.count
        var record = Record(tag: tag, line: Int32(clamping: line))
        if let parent {
            record.parent = Int32(parent)
            let last = records[parent].lastChild
            if last < 0 { records[parent].firstChild = Int32(index) } else { records[Int(last)].nextSibling = Int32(index) }
            records[parent].lastChild = Int32(index)
        }
        records.append(record)
        return index
    }

    mutating func appendBytes(_ run: UnsafeBufferPointer<UInt8>) -> Span {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: run)
        return Span(start: start, end: Int32(bytes.count))
    }

    mutating func appendBytes(_ text: String) -> Span {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text.utf8)
        return Span(start: start, end: Int32(bytes.count))
    }

    // MARK: Reading

    /// The number of nodes, the document included.
    public var nodeCount: Int { records.count }

    public func tag(_ node: Node) -> Tag { records[node].tag }

    public func kind(_ node: Node) -> Kind {
        let record = records[node]
        switch record.tag {
        case .document: return .document
        case .blockQuote: return .blockQuote
        case .list: return .list(listStyle(node)!)
        case .item: return .item
        case .codeBlock: return .codeBlock(info: string(record.extra), code: string(record.literal))
        case .htmlBlock: return .htmlBlock(string(record.literal))
        case .paragraph: return .paragraph
        case .heading: return .heading(level: record.flags.headingLevel)
        case .thematicBreak: return .thematicBreak
        case .text: return .text(string(record.literal))
        case .softBreak: return .softBreak
        case .lineBreak: return .lineBreak
        case .code: return .code(string(record.literal))
        case .htmlInline: return .htmlInline(string(record.literal))
        case .emphasis: return .emphasis
        case .strong: return .strong
        case .strikethrough: return .strikethrough
        case .link: return .link(destination: string(record.literal), title: string(record.extra))
        case .image: return .image(source: string(record.literal), title: string(record.extra))
        case .table: return .table(alignments: tableAlignments(node))
        case .tableRow: return .tableRow(isHeader: record.flags.isHeaderRow)
        case .tableCell: return .tableCell
        case .other: return .other(string(record.extra))
        }
    }

    /// A heading's level (1–6), or nil for another node.
    public func headingLevel(_ node: Node) -> Int? {
        records[node].tag == .heading ? records[node].flags.headingLevel : nil
    }

    /// A list's numbering, or nil for another node.
    public func listStyle(_ node: Node) -> ListStyle? {
        let record = records[node]
        guard record.tag == .list else { return nil }
        return ListStyle(ordered: record.flags.isOrdered, start: Int(record.start), tight: record.flags.isTight)
    }

    func tableAlignments(_ node: Node) -> [TableAlignment] {
        let span = records[node].extra
        return bytes[Int(span.start)..<Int(span.end)].map { byte in
            switch byte {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
    }

    /// The 1-based line in the Markdown source where the node starts (0 when cmark does not say).
    public func line(_ node: Node) -> Int { Int(records[node].line) }

    /// The node that contains `node`, nil for the document.
    public func parent(_ node: Node) -> Node? {
        let parent = records[node].parent
        return parent < 0 ? nil : Int(parent)
    }

    public func firstChild(_ node: Node) -> Node? {
        let child = records[node].firstChild
        return child < 0 ? nil : Int(child)
    }

    public func nextSibling(_ node: Node) -> Node? {
        let next = records[node].nextSibling
        return next < 0 ? nil : Int(next)
    }

    /// The nodes directly below `node`, in order.
    public func children(_ node: Node) -> [Node] {
        var result: [Node] = []
        var child = records[node].firstChild
        while child >= 0 {
            result.append(Int(child))
            child = records[Int(child)].nextSibling
        }
        return result
    }

    /// The literal of a text, code or HTML node (a link's URL), as UTF-8 bytes.
    public func withLiteral<R>(_ node: Node, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let span = records[node].literal
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(span.start)..<Int(span.end)]))
        }
    }

    /// The literal of a text, code or HTML node (a link's URL).
    public func literal(_ node: Node) -> String { string(records[node].literal) }

    /// Drops the first `count` bytes of a node's literal ("5.2 The customer" → "The customer").
    public mutating func dropLiteralPrefix(of node: Node, count: Int) {
        let span = records[node].literal
        records[node].literal.start = min(span.end, span.start + Int32(count))
    }

    /// The node's text without markup: text, code spans, and a space for each line break.
    public func plainText(_ node: Node) -> String {
        var result: [UInt8] = []
        records.withUnsafeBufferPointer { records in
            bytes.withUnsafeBufferPointer { bytes in
                Self.appendPlainText(node, records: records, bytes: bytes, to: &result)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `plainText` into `result`, on the arrays read in place (the renderer's image alt text too).
    /// Nodes are stored in document order, so a node's descendants are the nodes after it up to the
    /// end of its subtree: one loop, no recursion.
    static func appendPlainText(
        _ node: Node, records: UnsafeBufferPointer<Record>, bytes: UnsafeBufferPointer<UInt8>, to result: inout [UInt8]
    ) {
        for index in node..<subtreeEnd(node, records: records) {
            let record = records[index]
            switch record.tag {
            case .text, .code: result.append(contentsOf: bytes[Int(record.literal.start)..<Int(record.literal.end)])
            case .softBreak, .lineBreak: result.append(0x20)
            default: break
            }
        }
    }

    /// The index after the last node of `node`'s subtree: its next sibling's, or that of the nearest
    /// ancestor that has one.
    static func subtreeEnd(_ node: Node, records: UnsafeBufferPointer<Record>) -> Int {
        var current = node
        while current >= 0 {
            let next = records[current].nextSibling
            if next >= 0 { return Int(next) }
            current = Int(records[current].parent)
        }
        return records.count
    }

    // MARK: Splitting

    /// Splits `paragraph` at one of its line breaks (a soft or hard break that is a direct child,
    /// between two other children): what follows the break becomes a new paragraph right after it,
    /// starting at `line`. Returns the new paragraph.
    ///
    /// The break's own record becomes the new paragraph: it already sits where the new paragraph
    /// starts in document order, so no node moves and every index stays valid.
    public mutating func splitParagraph(_ paragraph: Node, at lineBreak: Node, line: Int) -> Node {
        precondition(records[paragraph].tag == .paragraph && records[lineBreak].parent == Int32(paragraph))
        var previous = Int(records[paragraph].firstChild)
        while records[previous].nextSibling != Int32(lineBreak) { previous = Int(records[previous].nextSibling) }
        let following = records[lineBreak].nextSibling
        precondition(following >= 0, "a paragraph is not split at its last node")
        let parent = records[paragraph].parent
        var split = Record(tag: .paragraph, parent: parent, line: Int32(clamping: line))
        split.firstChild = following
        split.lastChild = records[paragraph].lastChild
        split.nextSibling = records[paragraph].nextSibling
        records[lineBreak] = split
        records[previous].nextSibling = -1
        records[paragraph].lastChild = Int32(previous)
        records[paragraph].nextSibling = Int32(lineBreak)
        if parent >= 0, records[Int(parent)].lastChild == Int32(paragraph) { records[Int(parent)].lastChild = Int32(lineBreak) }
        var child = following
        while child >= 0 {
            records[Int(child)].parent = Int32(lineBreak)
            child = records[Int(child)].nextSibling
        }
        return lineBreak
    }

    // MARK: Anchors

    /// The id (and for clauses the visible, linked number) the renderer writes on the node's element.
    public func anchor(_ node: Node) -> Anchor? {
        let index = records[node].anchor
        return index < 0 ? nil : anchors[Int(index)]
    }

    public func hasAnchor(_ node: Node) -> Bool { records[node].anchor >= 0 }

    public mutating func setAnchor(_ anchor: Anchor?, on node: Node) {
        guard let anchor else {
            records[node].anchor = -1
            return
        }
        let existing = records[node].anchor
        if existing >= 0 {
            anchors[Int(existing)] = anchor
        } else {
            records[node].anchor = Int32(anchors.count)
            anchors.append(anchor)
        }
    }

    func string(_ span: Span) -> String {
        String(decoding: bytes[Int(span.start)..<Int(span.end)], as: UTF8.self)
    }
}

/// How a list is numbered.
public struct ListStyle: Sendable, Equatable {
    public var ordered: Bool
    /// The number of the first item (ordered lists).
    public var start: Int
    /// Tight lists render their paragraphs without `<p>`.
    public var tight: Bool

    public init(ordered: Bool, start: Int = 1, tight: Bool = true) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
    }
}

public enum TableAlignment: Sendable, Equatable {
    case none, left, center, right
}

/// An anchor on a heading, paragraph or list item.
public struct Anchor: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        /// A heading: a small "#" link after the text.
        case heading
        /// A clause: its number, written before the text, is the link.
        case clause(number: String)
    }

    /// The element's `id` (`art-5`, `clause-5-2-1`); unique in its page.
    public var id: String
    public var style: Style
    /// The link's accessible name ("Link to clause 5.2").
    public var label: String

    public init(id: String, style: Style, label: String) {
        self.id = id
        self.style = style
        self.label = label
    }
}
