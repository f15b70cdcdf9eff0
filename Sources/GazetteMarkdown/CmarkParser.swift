import CCmarkGFM
import Foundation

/// Parses GitHub-flavoured Markdown with Debian's libcmark-gfm and the table, strikethrough, autolink
/// and tagfilter extensions. Every C call of the project is in this file: the C tree is copied into
/// `MarkdownNode` values and freed before `parse` returns.
public enum CmarkParser {
    /// The extensions attached to every parser.
    public static let extensions = ["table", "strikethrough", "autolink", "tagfilter"]

    /// cmark-gfm's extension registry is global and not thread-safe: fill it once.
    private static let registered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// cmark-gfm keeps the inline parser's special characters in a process-wide table that every
    /// parse fills with its extensions' characters before parsing inlines and empties after
    /// (`process_inlines`, in `cmark_parser_finish`): two threads finishing at once can lose
    /// autolinks. Finishing is therefore done one parser at a time; reading the blocks
    /// (`cmark_parser_feed`) and converting the tree run in parallel.
    private static let inlineLock = NSLock()

    /// Parses `markdown` into a document node. Invalid UTF-8 is replaced, never trusted.
    public static func parse(_ markdown: String) -> MarkdownNode {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else {
            preconditionFailure("cmark-gfm could not allocate a parser")
        }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = inlineLock.withLock({ cmark_parser_finish(parser) }) else {
            preconditionFailure("cmark-gfm returned no document")
        }
        defer { cmark_node_free(root) }
        return convert(root)
    }

    private static func convert(_ node: OpaquePointer) -> MarkdownNode {
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            children.append(convert(current))
            child = cmark_node_next(current)
        }
        let line = Int(cmark_node_get_start_line(node))
        return MarkdownNode(kind(of: node), children: children, line: line)
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ListStyle(
                    ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                    start: Int(cmark_node_get_list_start(node)),
                    tight: cmark_node_get_list_tight(node) != 0))
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), code: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            let name = string(cmark_node_get_type_string(node))
            switch name {
            case "table":
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                let raw = cmark_gfm_extensions_get_table_alignments(node)
                let alignments = (0..<columns).map { index -> TableAlignment in
                    switch raw?[index] {
                    case UInt8(ascii: "l"): return .left
                    case UInt8(ascii: "c"): return .center
                    case UInt8(ascii: "r"): return .right
                    default: return .none
                    }
                }
                return .table(alignments: alignments)
            case "table_row", "table_header":
                return .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .other(name)
            }
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
