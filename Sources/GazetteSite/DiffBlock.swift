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
    public static func blocks(of document: MarkdownNode) -> [DiffBlock] {
        var result: [DiffBlock] = []
        for child in document.children { collect(child, depth: 0, into: &result) }
        return result
    }

    private static func collect(_ node: MarkdownNode, depth: Int, into result: inout [DiffBlock]) {
        switch node.kind {
        case .heading(let level):
            result.append(DiffBlock(kind: .heading(level: level), id: node.anchor?.id, depth: 0, text: collapsed(node.plainText)))
        case .paragraph:
            result.append(
                DiffBlock(kind: .text, id: node.anchor?.id, number: number(of: node.anchor), depth: depth, text: collapsed(node.plainText)))
        case .list:
            for item in node.children { collect(item, depth: depth + 1, into: &result) }
        case .item:
            // The item's own text is its paragraphs; nested lists and other blocks follow as blocks of their own.
            var text: [String] = []
            var rest: [MarkdownNode] = []
            for child in node.children {
                if case .paragraph = child.kind, rest.isEmpty { text.append(child.plainText) } else { rest.append(child) }
            }
            result.append(
                DiffBlock(kind: .text, id: node.anchor?.id, number: number(of: node.anchor), depth: depth,
                    text: collapsed(text.joined(separator: " "))))
            for child in rest { collect(child, depth: depth, into: &result) }
        case .blockQuote:
            for child in node.children { collect(child, depth: depth + 1, into: &result) }
        case .table:
            for row in node.children {
                let cells = row.children.map { collapsed($0.plainText) }
                result.append(DiffBlock(kind: .text, depth: depth, text: cells.joined(separator: " | ")))
            }
        case .codeBlock(_, let code):
            result.append(DiffBlock(kind: .text, depth: depth, text: collapsed(code)))
        case .htmlBlock(let html):
            result.append(DiffBlock(kind: .text, depth: depth, text: collapsed(html)))
        case .thematicBreak:
            break
        default:
            let text = collapsed(node.plainText)
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
