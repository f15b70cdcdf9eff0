import Foundation
import GazetteMarkdown
import Testing

/// Markdown nested thousands of levels deep: cmark-gfm parses it, and a recursive copy or walk of the
/// tree ran out of stack (SIGSEGV at 10,000 levels of a list). The copy is a loop and keeps at most
/// `MarkdownDocument.nestingLimit` levels, saying where the source went deeper.
@Suite("Deep nesting")
struct DeepNestingTests {
    static let depth = 10_000

    /// Each kind of source nests `depth` levels, starting on line 3 (an argument of its own: the
    /// test's description would otherwise print the whole source).
    enum Source: String, CaseIterable, Sendable {
        case bulletList, orderedList, indentedList, blockQuote, emphasis, quotesAndLists

        var markdown: String {
            let depth = DeepNestingTests.depth
            let body: String
            switch self {
            case .bulletList: body = String(repeating: "- ", count: depth) + "deep\n"
            case .orderedList: body = String(repeating: "1. ", count: depth) + "deep\n"
            case .indentedList: body = (0..<2_000).map { String(repeating: " ", count: 2 * $0) + "- deep\n" }.joined()
            case .blockQuote: body = String(repeating: ">", count: depth) + " deep\n"
            case .emphasis: body = String(repeating: "*", count: depth) + "deep" + String(repeating: "*", count: depth) + "\n"
            case .quotesAndLists: body = String(repeating: "> - ", count: depth / 2) + "deep\n"
            }
            return "Intro\n\n" + body
        }
    }

    @Test(arguments: Source.allCases)
    func tooDeepIsFoldedAndItsLineKept(source: Source) throws {
        let document = CmarkParser.parse(source.markdown)
        // The 101st list of the indented one starts on line 103.
        #expect(document.overNestedLine == (source == .indentedList ? 3 + MarkdownDocument.nestingLimit : 3))
        // The text is all there, and every walk of the document finishes.
        #expect(document.plainText(MarkdownDocument.root).contains("deep"))
        let html = HTMLRenderer().render(document)
        #expect(html.contains("deep"))
        #expect(Self.nesting(of: document) <= MarkdownDocument.nestingLimit)
    }

    /// Up to the limit nothing changes: 100 nested lists render as 100 nested lists.
    @Test func atTheLimitTheTreeIsKept() throws {
        let limit = MarkdownDocument.nestingLimit
        for markdown in [String(repeating: "- ", count: limit) + "x\n", String(repeating: ">", count: limit) + " x\n"] {
            let document = CmarkParser.parse(markdown)
            #expect(document.overNestedLine == nil)
            #expect(Self.nesting(of: document) == limit)
            let html = HTMLRenderer().render(document)
            let opened = html.components(separatedBy: markdown.hasPrefix("-") ? "<ul>" : "<blockquote>").count - 1
            #expect(opened == limit)
        }
        let over = CmarkParser.parse(String(repeating: "- ", count: limit + 1) + "x\n")
        #expect(over.overNestedLine == 1)
        #expect(Self.nesting(of: over) == limit)
    }

    /// The deepest nesting in a document, counted without recursion (lists, quotes, emphasis, links).
    static func nesting(of document: MarkdownDocument) -> Int {
        var deepest = 0
        for node in 0..<document.nodeCount {
            var levels = 0
            var current: MarkdownDocument.Node? = node
            while let here = current {
                switch document.tag(here) {
                case .blockQuote, .list, .emphasis, .strong, .strikethrough, .link, .image: levels += 1
                default: break
                }
                current = document.parent(here)
            }
            deepest = max(deepest, levels)
        }
        return deepest
    }
}
