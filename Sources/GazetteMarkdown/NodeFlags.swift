/// The one byte of a `MarkdownDocument` node that says what cmark-gfm said about it beyond its kind:
/// a heading's level, a list's ordered and tight bits, whether a table row is the header row. Written
/// by `CmarkParser` and read by the renderer and the document's accessors through these names only.
struct NodeFlags: Equatable, Sendable {
    private(set) var rawValue: UInt8 = 0

    /// No flags (every other kind of node).
    static let none = NodeFlags()

    /// A list: numbered or not, tight (items without paragraphs) or loose.
    static func list(ordered: Bool, tight: Bool) -> NodeFlags {
        NodeFlags(rawValue: (ordered ? 1 : 0) | (tight ? 2 : 0))
    }

    /// A heading of `level` (1 to 6).
    static func heading(level: Int) -> NodeFlags { NodeFlags(rawValue: UInt8(clamping: level)) }

    /// A table row, the header row or a body row.
    static func tableRow(isHeader: Bool) -> NodeFlags { NodeFlags(rawValue: isHeader ? 1 : 0) }

    /// A list's: numbered.
    var isOrdered: Bool { rawValue & 1 != 0 }
    /// A list's: tight.
    var isTight: Bool { rawValue & 2 != 0 }
    /// A heading's level.
    var headingLevel: Int { Int(rawValue) }
    /// A table row's: the header row.
    var isHeaderRow: Bool { rawValue == 1 }
}
