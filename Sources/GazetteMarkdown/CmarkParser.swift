import CCmarkFields
import CCmarkGFM
import Foundation

/// Parses GitHub-flavoured Markdown with Debian's libcmark-gfm and the table, strikethrough, autolink
/// and tagfilter extensions. Every C call of the project is in this file: the C tree is copied into
/// a `MarkdownDocument` and freed before `parse` returns.
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

    /// Parses `markdown` into a document. The text is a Swift `String`, valid UTF-8 by construction
    /// (invalid bytes were replaced when it was read), so cmark-gfm does not validate it again.
    public static func parse(_ markdown: String) -> MarkdownDocument {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
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
        let length = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
            return buffer.count
        }
        guard let root = inlineLock.withLock({ cmark_parser_finish(parser) }) else {
            preconditionFailure("cmark-gfm returned no document")
        }
        defer { cmark_node_free(root) }
        var document = MarkdownDocument(capacity: length)
        copyTree(root, into: &document)
        return document
    }

    /// Copies the tree below `root` in document order, without recursion (cmark-gfm builds lists and
    /// block quotes thousands of levels deep; a recursive copy ran out of stack at 10,000).
    ///
    /// Below a list, block quote, emphasis, strikethrough, link or image nested deeper than
    /// `MarkdownDocument.nestingLimit`, only the leaves (text, code, breaks) are copied, straight into
    /// the node above it, and the document records the line (`overNestedLine`), which the site
    /// refuses. So no `MarkdownDocument` is much deeper than the limit, and walks over one may recurse.
    private static func copyTree(_ root: OpaquePointer, into document: inout MarkdownDocument) {
        // One frame per C node entered: the document node its children go below, the nesting so far
        // (nil once folding: past the limit), and the nearest line cmark gave (inline nodes have none).
        struct Frame {
            var node: OpaquePointer
            var parent: MarkdownDocument.Node
            var nesting: Int?
            var line: Int
        }
        _ = copyNode(root, tag: .document, parent: nil, into: &document)
        var stack = [Frame(node: root, parent: MarkdownDocument.root, nesting: 0, line: 1)]
        var next = cmark_node_first_child(root)
        while !stack.isEmpty {
            guard let node = next else {
                // Every child of the top frame is copied: go on with its next sibling.
                let done = stack.removeLast()
                next = stack.isEmpty ? nil : cmark_node_next(done.node)
                continue
            }
            let above = stack[stack.count - 1]
            let startLine = Int(cmark_node_get_start_line(node))
            let line = startLine > 0 ? startLine : above.line
            let tag = tag(of: node)
            let child = cmark_node_first_child(node)
            var parent = above.parent
            var nesting = above.nesting.map { MarkdownDocument.nests(tag) ? $0 + 1 : $0 }
            if let level = nesting, level > MarkdownDocument.nestingLimit {
                // Too deep: from here on only the text is kept, and the document says where.
                if document.overNestedLine == nil { document.overNestedLine = line }
                nesting = nil
            }
            if nesting != nil || child == nil {
                parent = copyNode(node, tag: tag, parent: above.parent, into: &document)
            }
            if let child {
                stack.append(Frame(node: node, parent: parent, nesting: nesting, line: line))
                next = child
            } else {
                next = cmark_node_next(node)
            }
        }
    }

    /// Copies one node (not its children) below `parent`; returns its index.
    private static func copyNode(
        _ node: OpaquePointer, tag: MarkdownDocument.Tag, parent: MarkdownDocument.Node?, into document: inout MarkdownDocument
    ) -> MarkdownDocument.Node {
        let index = document.appendNode(tag, parent: parent, line: Int(cmark_node_get_start_line(node)))
        switch tag {
        case .list:
            document.records[index].flags = .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, tight: cmark_node_get_list_tight(node) != 0)
            document.records[index].start = Int32(clamping: cmark_node_get_list_start(node))
        case .heading:
            document.records[index].flags = .heading(level: Int(cmark_node_get_heading_level(node)))
        case .codeBlock:
            document.records[index].literal = bytes(gazette_cmark_literal(pointer(node)), into: &document)
            document.records[index].extra = bytes(gazette_cmark_fence_info(pointer(node)), into: &document)
        case .htmlBlock, .text, .code, .htmlInline:
            document.records[index].literal = bytes(gazette_cmark_literal(pointer(node)), into: &document)
        case .link, .image:
            document.records[index].literal = bytes(gazette_cmark_url(pointer(node)), into: &document)
            document.records[index].extra = bytes(gazette_cmark_title(pointer(node)), into: &document)
        case .table:
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            let raw = cmark_gfm_extensions_get_table_alignments(node)
            let alignments = (0..<columns).map { column -> UInt8 in
                switch raw?[column] {
                case UInt8(ascii: "l"), UInt8(ascii: "c"), UInt8(ascii: "r"): raw![column]
                default: UInt8(ascii: " ")
                }
            }
            document.records[index].extra = alignments.withUnsafeBufferPointer { document.appendBytes($0) }
        case .tableRow:
            document.records[index].flags = .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        case .other:
            document.records[index].extra = bytes(cmark_node_get_type_string(node), into: &document)
        default:
            break
        }
        return index
    }

    private static func tag(of node: OpaquePointer) -> MarkdownDocument.Tag {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default:
            // The extensions' node types are numbered when they are registered: known by name.
            guard let name = cmark_node_get_type_string(node) else { return .other }
            if strcmp(name, "table") == 0 { return .table }
            if strcmp(name, "table_row") == 0 || strcmp(name, "table_header") == 0 { return .tableRow }
            if strcmp(name, "table_cell") == 0 { return .tableCell }
            if strcmp(name, "strikethrough") == 0 { return .strikethrough }
            return .other
        }
    }

    private static func pointer(_ node: OpaquePointer) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(node)
    }

    /// Copies a node's literal, URL or title, read in place, into the document's bytes.
    private static func bytes(_ field: gazette_cmark_bytes, into document: inout MarkdownDocument) -> MarkdownDocument.Span {
        guard let data = field.data, field.length > 0 else { return MarkdownDocument.Span() }
        return document.appendBytes(UnsafeBufferPointer(start: data, count: Int(field.length)))
    }

    /// Copies a C string (an extension's node type name) into the document's bytes.
    private static func bytes(_ pointer: UnsafePointer<CChar>?, into document: inout MarkdownDocument) -> MarkdownDocument.Span {
        guard let pointer else { return MarkdownDocument.Span() }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            document.appendBytes(UnsafeBufferPointer(start: start, count: strlen(pointer)))
        }
    }
}
