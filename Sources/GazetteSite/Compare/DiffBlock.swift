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
        for child in document.children(MarkdownDocument.root) { collect(child, of: document, depth: 0, into: &result) }
        return result
    }

    /// (Recursive over lists and quotes: a `MarkdownDocument` keeps at most `nestingLimit` levels.)
    private static func collect(_ node: MarkdownDocument.Node, of document: MarkdownDocument, depth: Int, into result: inout [DiffBlock]) {
        let anchor = document.anchor(node)
        switch document.tag(node) {
        case .heading:
            result.append(
                DiffBlock(kind: .heading(level: document.headingLevel(node)!), id: anchor?.id, depth: 0, text: collapsed(document.plainText(node))))
        case .paragraph:
            result.append(
                DiffBlock(kind: .text, id: anchor?.id, number: number(of: anchor), depth: depth, text: collapsed(document.plainText(node))))
        case .list:
            for item in document.children(node) { collect(item, of: document, depth: depth + 1, into: &result) }
        case .item:
            // The item's own text is its paragraphs; nested lists and other blocks follow as blocks of their own.
            var text: [String] = []
            var rest: [MarkdownDocument.Node] = []
            for child in document.children(node) {
                if document.tag(child) == .paragraph, rest.isEmpty { text.append(document.plainText(child)) } else { rest.append(child) }
            }
            result.append(
                DiffBlock(kind: .text, id: anchor?.id, number: number(of: anchor), depth: depth,
                    text: collapsed(text.joined(separator: " "))))
            for child in rest { collect(child, of: document, depth: depth, into: &result) }
        case .blockQuote:
            for child in document.children(node) { collect(child, of: document, depth: depth + 1, into: &result) }
        case .table:
            for row in document.children(node) {
                let cells = document.children(row).map { collapsed(document.plainText($0)) }
                result.append(DiffBlock(kind: .text, depth: depth, text: cells.joined(separator: " | ")))
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
