/// A node of a parsed GitHub-flavoured Markdown document: a plain Swift value, free of C memory.
///
/// The site walks and annotates this tree (ids, clause numbers) before `HTMLRenderer` writes it out.
public struct MarkdownNode: Sendable, Equatable {
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

    public var kind: Kind
    public var children: [MarkdownNode]
    /// The 1-based line in the Markdown source where the node starts (0 when cmark does not say).
    public var line: Int
    /// An id (and for clauses a visible, linked number) that the renderer writes on the element.
    public var anchor: Anchor?

    public init(_ kind: Kind, children: [MarkdownNode] = [], line: Int = 0, anchor: Anchor? = nil) {
        self.kind = kind
        self.children = children
        self.line = line
        self.anchor = anchor
    }

    /// The node's text without markup: text, code spans, and a space for each line break.
    public var plainText: String {
        var result = ""
        appendPlainText(to: &result)
        return result
    }

    private func appendPlainText(to result: inout String) {
        switch kind {
        case .text(let text), .code(let text): result += text
        case .softBreak, .lineBreak: result += " "
        default: for child in children { child.appendPlainText(to: &result) }
        }
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
