import GazetteCore

/// One policy file read, checked and rendered as the site build does it (front matter, Markdown,
/// anchors, the blocks its changes are compared by), without the rest of the site: for tools that
/// look at one document, and the fuzzer.
public enum PolicyFile {
    /// What the site makes of one file.
    public struct Rendered: Sendable {
        public var version: PolicyVersion
        /// The body's HTML, UTF-8.
        public var bodyHTML: [UInt8]
        /// The headings of the table of contents, as HTML.
        public var contents: [String]
        /// The blocks a comparison with another version works on.
        public var blocks: [DiffBlock]
        /// Warnings the build would print for the file (`path:line: message`), not reasons to stop.
        public var warnings: [InputProblem] = []
    }

    /// Reads `text` as the file `path` (`<slug>/<name>.<lang>.md`, for messages) in `words`' language;
    /// throws every problem the site build would report for it.
    public static func render(_ text: String, path: String, words: LocaleWords) throws(InputError) -> Rendered {
        let fields = try FrontMatter.read(text, path: path)
        let version = PolicyVersion(
            slug: "document", language: words.language, effective: fields.effective, title: fields.title, summary: fields.summary,
            announced: fields.announced, announcedLine: fields.announcedLine, notify: fields.notify,
            shortNoticeReason: fields.shortNoticeReason, body: fields.body, bodyLine: fields.bodyLine, path: path,
            effectiveLine: fields.effectiveLine)
        let rendered = try RenderedPolicy.render(version, words: words)
        var contents: [String] = []
        var pending = rendered.toc
        while let entry = pending.popLast() {
            contents.append(entry.titleHTML)
            pending.append(contentsOf: entry.children)
        }
        return Rendered(
            version: version, bodyHTML: rendered.bodyHTML, contents: contents, blocks: rendered.blocks, warnings: rendered.warnings)
    }

    /// The changes page's body between two renderings (what `…/changes/` shows), as HTML.
    public static func changesHTML(from old: Rendered, to new: Rendered, words: LocaleWords) throws(InputError) -> String {
        ChangesHTML(words: try .init(words)).render(BlockAlignment.rows(from: old.blocks, to: new.blocks))
    }
}
