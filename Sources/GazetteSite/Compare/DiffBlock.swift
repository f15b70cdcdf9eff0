import GazetteMarkdown

/// One unit of text two versions are compared by: a heading, a paragraph, a clause, a list item or a
/// table row, in document order, with the anchor the page gives it.
public struct DiffBlock: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case heading(level: Int)
        case text
    }

    public var kind: Kind
    /// The element's id on the version's page (`art-5`, `clause-5-2`, `definitions`), if it has one.
    public var id: String?
    /// The clause number shown before the text ("5.2"), if it is a clause.
    public var number: String?
    /// List depth (0 outside lists), for indentation.
    public var depth: Int
    /// The visible text, without markup, white space collapsed.
    public var text: String
    /// A heading's article number ("8" for `art-8`), so that a renumbered article shows "8 → 9".
    public var articleNumber: String?
    /// A table row's cells; `headers` are its table's column headers (empty for the header row itself).
    public var cells: [String]?
    public var headers: [String]?
    /// For a list item without a number of its own: the number of the clause it belongs to ("5.2").
    public var parentNumber: String?

    public init(kind: Kind, id: String? = nil, number: String? = nil, depth: Int = 0, text: String) {
        self.kind = kind
        self.id = id
        self.number = number
        self.depth = depth
        self.text = text
    }

    public var isHeading: Bool {
        if case .heading = kind { return true }
        return false
    }

    /// The text without numbers, so that a renumbered but otherwise equal block still matches.
    var matchKey: String {
        WordDiff.tokens(text).filter { !$0.allSatisfy(\.isNumber) }.joined()
    }

    /// The blocks of an annotated document (see `Anchoring`), in order.
    public static func blocks(of document: MarkdownDocument) -> [DiffBlock] {
        var result: [DiffBlock] = []
        // The clause the blocks belong to, for items that have no number of their own; a heading ends it.
        var clause: String?
        for child in document.children(MarkdownDocument.root) {
            let start = result.count
            collect(child, of: document, depth: 0, clause: clause, into: &result)
            if document.tag(child) == .heading {
                clause = nil
            } else if let number = result[start...].last(where: { $0.number != nil })?.number {
                clause = number
            }
        }
        return result
    }

    /// (Recursive over lists and quotes: a `MarkdownDocument` keeps at most `nestingLimit` levels.)
    private static func collect(
        _ node: MarkdownDocument.Node, of document: MarkdownDocument, depth: Int, clause: String?, into result: inout [DiffBlock]
    ) {
        let anchor = document.anchor(node)
        switch document.tag(node) {
        case .heading:
            var block = DiffBlock(
                kind: .heading(level: document.headingLevel(node)!), id: anchor?.id, depth: 0, text: collapsed(document.plainText(node)))
            if let id = anchor?.id, id.hasPrefix("art-") { block.articleNumber = String(id.dropFirst(4)) }
            result.append(block)
        case .paragraph:
            result.append(
                DiffBlock(kind: .text, id: anchor?.id, number: number(of: anchor), depth: depth, text: collapsed(document.plainText(node))))
        case .list:
            for item in document.children(node) { collect(item, of: document, depth: depth + 1, clause: clause, into: &result) }
        case .item:
            // The item's own text is its paragraphs; nested lists and other blocks follow as blocks of their own.
            var text: [String] = []
            var rest: [MarkdownDocument.Node] = []
            for child in document.children(node) {
                if document.tag(child) == .paragraph, rest.isEmpty { text.append(document.plainText(child)) } else { rest.append(child) }
            }
            var block = DiffBlock(
                kind: .text, id: anchor?.id, number: number(of: anchor), depth: depth, text: collapsed(text.joined(separator: " ")))
            if block.number == nil { block.parentNumber = clause }
            result.append(block)
            for child in rest { collect(child, of: document, depth: depth, clause: block.number ?? clause, into: &result) }
        case .blockQuote:
            for child in document.children(node) { collect(child, of: document, depth: depth + 1, clause: clause, into: &result) }
        case .table:
            var headers: [String] = []
            for row in document.children(node) {
                let cells = document.children(row).map { collapsed(document.plainText($0)) }
                var block = DiffBlock(kind: .text, depth: depth, text: cells.joined(separator: " | "))
                block.cells = cells
                if document.kind(row) == .tableRow(isHeader: true) {
                    headers = cells
                    block.headers = []
                } else {
                    block.headers = headers
                }
                result.append(block)
            }
        case .codeBlock, .htmlBlock:
            result.append(DiffBlock(kind: .text, depth: depth, text: collapsed(document.literal(node))))
        case .thematicBreak:
            break
        default:
            let text = collapsed(document.plainText(node))
            if !text.isEmpty { result.append(DiffBlock(kind: .text, depth: depth, text: text)) }
        }
    }

    private static func number(of anchor: Anchor?) -> String? {
        if case .clause(let number)? = anchor?.style { return number }
        return nil
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
