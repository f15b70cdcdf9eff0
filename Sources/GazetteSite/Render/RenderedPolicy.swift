import GazetteCore
import GazetteMarkdown

/// A policy version turned into HTML: its body with anchors and its table of contents.
final class RenderedPolicy: Sendable {
    let version: PolicyVersion
    /// The body's HTML, UTF-8.
    let bodyHTML: [UInt8]
    let toc: [TOCEntry]
    /// `toc` as the document template takes it, made once for the pages that show this version.
    let tocValue: TemplateValue
    /// The version's blocks (headings, clauses, items, rows) for comparing it with the version before
    /// or after it; empty for a document's only version (nothing to compare, nothing to keep).
    let blocks: [DiffBlock]
    /// What looks wrong in the source but does not stop the build (`warning:` lines), with file:line.
    let warnings: [InputProblem]

    /// (A class: every page of a document shares its versions, which a struct would copy field by field.)
    init(version: PolicyVersion, bodyHTML: [UInt8], toc: [TOCEntry], blocks: [DiffBlock], warnings: [InputProblem] = []) {
        self.version = version
        self.bodyHTML = bodyHTML
        self.toc = toc
        self.tocValue = ["entries": .list(toc.map(\.templateValue))]
        self.blocks = blocks
        self.warnings = warnings
    }

    /// The same rendering for `version` (same body, other front matter: a new title or summary).
    func with(_ version: PolicyVersion) -> RenderedPolicy {
        RenderedPolicy(version: version, bodyHTML: bodyHTML, toc: toc, blocks: blocks, warnings: warnings)
    }

    /// One heading in the table of contents, with the headings below it.
    struct TOCEntry: Sendable {
        var id: String
        var titleHTML: String
        var children: [TOCEntry]

        var templateValue: TemplateValue {
            [
                "id": .string(id), "title_html": .string(titleHTML), "has_children": .bool(!children.isEmpty),
                "entries": .list(children.map(\.templateValue)),
            ]
        }
    }

    /// Step "render Markdown": parses, anchors and renders one version; content problems come back
    /// as `InputProblem`s with the file's own line numbers.
    static func render(_ version: PolicyVersion, words: LocaleWords, forComparison: Bool = true) throws(InputError) -> RenderedPolicy {
        let articleWords = words.templateValue["site"]?["article_words"]?.strings ?? []
        // Each label is formatted once with a marker where the number goes, then filled in per anchor
        // (a long document has hundreds of clauses).
        let marker = "\u{0}"
        func label(_ key: String, _ placeholder: String) throws(InputError) -> (String) -> String {
            let pieces = try words.format(key, [placeholder: marker]).split(separator: marker, omittingEmptySubsequences: false)
                .map(String.init)
            return { value in
                var label = pieces[0]
                for piece in pieces.dropFirst() {
                    label += value
                    label += piece
                }
                return label
            }
        }
        let anchoring = Anchoring(
            articleWords: articleWords,
            labels: .init(
                article: try label("site.link_to_article", "number"),
                clause: try label("site.link_to_clause", "number"),
                section: try label("site.link_to_section", "title")),
            lineOffset: version.bodyLine - 1)
        let result = anchoring.anchor(CmarkParser.parse(version.body))
        var problems = result.problems.map { InputProblem(path: version.path, line: max($0.line, version.bodyLine), $0.message) }
        if version.body.allSatisfy(\.isWhitespace) {
            problems.append(InputProblem(path: version.path, line: version.bodyLine, "the document has no text below its front matter"))
        }
        guard problems.isEmpty else { throw InputError(Array(Set(problems))) }
        let renderer = HTMLRenderer(tableLabel: (try? words.text("site.table")) ?? "Table")
        let body = renderer.renderBytes(result.document)
        let toc = Self.nest(
            result.headings.map {
                ($0.level, TOCEntry(id: $0.id, titleHTML: renderer.renderInline($0.node, of: result.document), children: []))
            })
        return RenderedPolicy(
            version: version, bodyHTML: body, toc: toc, blocks: forComparison ? DiffBlock.blocks(of: result.document) : [],
            warnings: result.warnings.map { InputProblem(path: version.path, line: max($0.line, version.bodyLine), $0.message) })
    }

    /// Nests headings by level: an h3 after an h2 goes below it.
    static func nest(_ flat: [(level: Int, entry: TOCEntry)]) -> [TOCEntry] {
        var index = 0
        func entries(deeperThan level: Int) -> [TOCEntry] {
            var result: [TOCEntry] = []
            while index < flat.count, flat[index].level > level {
                let (entryLevel, entry) = flat[index]
                index += 1
                var nested = entry
                nested.children = entries(deeperThan: entryLevel)
                result.append(nested)
            }
            return result
        }
        var result: [TOCEntry] = []
        while index < flat.count { result += entries(deeperThan: flat[index].level - 1) }
        return result
    }
}
