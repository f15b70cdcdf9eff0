import Foundation
import GazetteCore
import GazetteMarkdown
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The comparison of two versions: words (`WordDiff`), blocks (`BlockAlignment`), and the changes page.
@Suite("Changes between versions")
struct DiffTests {
    // MARK: - Words

    @Test func tokensAreWordsSpacesAndMarks() {
        #expect(
            WordDiff.tokens("We keep  data, for 12\nmonths.") == [
                "We", " ", "keep", " ", "data", ",", " ", "for", " ", "12", " ", "months", ".",
            ])
        #expect(WordDiff.tokens("l’article d'un") == ["l’article", " ", "d'un"])
    }

    @Test(arguments: [
        (
            "We keep data for twelve months.", "We keep data for six months.",
            [WordDiff.Piece.same("We keep data for "), .deleted("twelve"), .inserted("six"), .same(" months.")]
        ),
        (
            "Invoices are sent monthly.", "Invoices are sent every quarter.",
            [.same("Invoices are sent "), .deleted("monthly"), .inserted("every quarter"), .same(".")]
        ),
        ("A B C", "A C", [.same("A "), .deleted("B "), .same("C")]),
        ("A C", "A B C", [.same("A "), .inserted("B "), .same("C")]),
        ("same text", "same text", [.same("same text")]),
        ("", "new", [.inserted("new")]),
        ("old", "", [.deleted("old")]),
        // A change that spans a space reads as one replacement.
        (
            "for twelve months only", "for six weeks only",
            [.same("for "), .deleted("twelve months"), .inserted("six weeks"), .same(" only")]
        ),
    ])
    func wordDifferences(old: String, new: String, expected: [WordDiff.Piece]) {
        #expect(WordDiff.diff(old, new) == expected)
    }

    /// Whatever the texts, the pieces rebuild both of them (same + deleted = old, same + inserted = new).
    @Test func piecesRebuildBothTexts() {
        var generator = SeededGenerator(seed: 42)
        let words = ["de", "klant", "gegevens", "bewaren", "jaar", "één", "twee", ",", "wij", "niet"]
        for _ in 0..<200 {
            let old = (0..<Int.random(in: 0...30, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(
                separator: " ")
            var newWords = old.split(separator: " ").map(String.init)
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                if !newWords.isEmpty, Bool.random(using: &generator) {
                    newWords.remove(at: Int.random(in: 0..<newWords.count, using: &generator))
                } else {
                    newWords.insert(words.randomElement(using: &generator)!, at: Int.random(in: 0...newWords.count, using: &generator))
                }
            }
            let new = newWords.joined(separator: " ")
            let pieces = WordDiff.diff(old, new)
            let rebuiltOld = pieces.map { piece -> String in
                switch piece {
                case .same(let text), .deleted(let text): text
                case .inserted: ""
                }
            }.joined()
            let rebuiltNew = pieces.map { piece -> String in
                switch piece {
                case .same(let text), .inserted(let text): text
                case .deleted: ""
                }
            }.joined()
            #expect(rebuiltOld == old)
            #expect(rebuiltNew == new)
            #expect(WordDiff.isUnchanged(pieces) == (old == new))
        }
    }

    @Test func aHugeRewrittenParagraphIsReportedAsReplacedNotComparedWordByWord() {
        let old = (0..<4_000).map { "old\($0)" }.joined(separator: " ")
        let new = (0..<4_000).map { "new\($0)" }.joined(separator: " ")
        #expect(WordDiff.diff(old, new) == [.deleted(old), .inserted(new)])
    }

    // MARK: - Blocks

    func blocks(_ markdown: String, language: String = "en") throws -> [DiffBlock] {
        let words = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: [language])[language]
        let version = PolicyVersion(
            slug: "t", language: language, effective: CivilDate(iso: "2026-01-01")!, title: "T", body: markdown, path: "t.md")
        return try RenderedPolicy.render(version, words: words).blocks
    }

    @Test func blocksFollowTheAnchors() throws {
        let blocks = try blocks(
            "Intro.\n\n## Article 1 – Use\n\n1.1 First clause.\n\n1. Item one;\n   1. nested.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(
            blocks == [
                DiffBlock(kind: .text, text: "Intro."),
                {
                    var heading = DiffBlock(kind: .heading(level: 2), id: "art-1", text: "Article 1 – Use")
                    heading.articleNumber = "1"
                    return heading
                }(),
                DiffBlock(kind: .text, id: "clause-1-1", number: "1.1", text: "First clause."),
                DiffBlock(kind: .text, id: "clause-1-1-1", number: "1.1.1", depth: 1, text: "Item one;"),
                DiffBlock(kind: .text, id: "clause-1-1-1-1", number: "1.1.1.1", depth: 2, text: "nested."),
                {
                    var row = DiffBlock(kind: .text, text: "a | b")
                    row.cells = ["a", "b"]
                    row.headers = []
                    return row
                }(),
                {
                    var row = DiffBlock(kind: .text, text: "1 | 2")
                    row.cells = ["1", "2"]
                    row.headers = ["a", "b"]
                    return row
                }(),
            ])
    }

    /// A new article 2 renumbers the articles after it: they stay matched with their old text (and
    /// count as unchanged), instead of article 2 being compared with the new article 2.
    @Test func anInsertedArticleDoesNotMakeTheNextOnesLookRewritten() throws {
        let old = try blocks(
            "## Article 1 – Use\n\n1.1 Use it well.\n\n## Article 2 – Liability\n\n2.1 Our liability is limited.\n\n2.2 Belgian law applies.\n"
        )
        let new = try blocks(
            "## Article 1 – Use\n\n1.1 Use it well.\n\n## Article 2 – Weekly digest\n\n2.1 We send a weekly email.\n\n"
                + "## Article 3 – Liability\n\n3.1 Our liability is limited to the fees.\n\n3.2 Belgian law applies.\n")
        let rows = BlockAlignment.rows(from: old, to: new)
        let summary = rows.map { row -> String in
            switch row {
            case .unchanged(let a, let b): "= \(a.id ?? "-")>\(b.id ?? "-")"
            case .changed(let a, let b, _): "~ \(a.id ?? "-")>\(b.id ?? "-")"
            case .inserted(let b): "+ \(b.id ?? "-")"
            case .deleted(let a): "- \(a.id ?? "-")"
            }
        }
        #expect(
            summary == [
                "= art-1>art-1", "= clause-1-1>clause-1-1", "+ art-2", "+ clause-2-1", "= art-2>art-3", "~ clause-2-1>clause-3-1",
                "= clause-2-2>clause-3-2",
            ])
        guard case .changed(_, _, let pieces) = rows[5] else {
            Issue.record("clause 3.1 should have changed")
            return
        }
        #expect(pieces == [.same("Our liability is limited"), .inserted(" to the fees"), .same(".")])
    }

    /// Where the words have changed a lot, the same anchor still pairs the two versions of a clause.
    @Test func aRewrittenClauseIsPairedByItsAnchor() throws {
        let old = try blocks("## Article 4 – Term\n\n4.1 The agreement runs for one year and renews tacitly.\n")
        let new = try blocks("## Article 4 – Term\n\n4.1 Either party may end the agreement at any time, with one month notice.\n")
        let rows = BlockAlignment.rows(from: old, to: new)
        #expect(rows.count == 2)
        guard case .changed(let a, let b, _) = rows[1] else {
            Issue.record("expected clause 4.1 changed: \(rows)")
            return
        }
        #expect(a.id == "clause-4-1" && b.id == "clause-4-1")
    }

    // MARK: - Real-sized documents

    func sampleBlocks(_ file: String) throws -> [DiffBlock] {
        let path = TestSupport.path("Content/policies/" + file)
        let fields = try FrontMatter.read(try TextFile.read(path), path: path)
        return try blocks(fields.body, language: String(file.split(separator: ".").dropLast().last!))
    }

    /// The sample privacy policy of 2027 against 2026 (about 3,000 words each): the changes the
    /// summary announces show inside their clauses, the rest is unchanged and matched by anchor.
    @Test func theSamplePrivacyPolicyChangesAreFoundInTheirClauses() throws {
        let old = try sampleBlocks("privacy/2026-02-01.en.md")
        let new = try sampleBlocks("privacy/2027-01-01.en.md")
        #expect(old.count > 100 && new.count > 100)
        let rows = BlockAlignment.rows(from: old, to: new)
        let counts = ChangesHTML.counts(rows)
        #expect(counts.changed >= 3 && counts.changed <= 10)
        #expect(counts.added >= 1 && counts.added <= 5)
        #expect(rows.filter(\.isUnchanged).count > 100)
        // "Security logs: 12 months" became 6 months, inside the same table row.
        #expect(
            rows.contains { row in
                if case .changed(_, _, let pieces) = row { return pieces.contains(.deleted("12")) && pieces.contains(.inserted("6")) }
                return false
            })
        // Every unchanged block keeps its anchor: alignment on clause ids where they match.
        for case .unchanged(let a, let b) in rows where a.id != nil && a.number == b.number {
            #expect(a.id == b.id)
        }
    }

    /// The changes page of that pair, as a reader gets it.
    @Test func theChangesPageShowsSummaryInsertionsDeletionsAndFoldsTheRest() throws {
        let fixture = SiteFixture(content: "Content", pdf: false)
        try fixture.build(today: "2026-11-22")
        let html = try #require(fixture.page("en/privacy/2027-01-01/changes/index.html"))
        #expect(html.contains("<h1>Changes to “Privacy Policy”</h1>"))
        #expect(html.contains("<p class=\"effective\">From the version of 1 February 2026 to the version of 1 January 2027</p>"))
        #expect(html.contains("<p class=\"summary\">Security logs are now kept for 6 months instead of 12;"))
        #expect(html.contains("<p class=\"diff-counts\">Changed: 5 · added: 1 · removed: 0</p>"))
        #expect(html.contains("<del>12</del><ins>6</ins> months"))
        // (An item without a number of its own names the clause it is in.)
        #expect(
            html.contains(
                "<p class=\"diff-block diff-added depth-2\"><span class=\"diff-number diff-parent\">in 5.3</span> <span class=\"diff-tag\">added</span> <ins>Tracewell Oy (Finland)"
            ))
        #expect(html.contains("<details class=\"diff-unchanged\">\n<summary>18 unchanged paragraphs</summary>\n"))
        // Changed clauses keep their ids; the heading of an article with a change stays visible.
        #expect(html.contains("<p class=\"diff-block diff-changed depth-1\" id=\"clause-8-4\"><span class=\"diff-number\">8.4</span> "))
        #expect(html.contains("<h2 class=\"diff-block diff-same\" id=\"art-8\">Article 8 – Security</h2>"))
        // An article without changes is folded with its heading.
        let folded = html.components(separatedBy: "<details").dropFirst().map { $0.components(separatedBy: "</details>")[0] }
        #expect(folded.contains { $0.contains("id=\"art-1\"") })
        #expect(SiteFixture.ids(in: html).count == Set(SiteFixture.ids(in: html)).count, "ids are unique")
        // Renumbered, unchanged clauses show both numbers (privacy 2026 added article 6).
        let renumbered = try #require(fixture.page("en/privacy/2026-02-01/changes/index.html"))
        #expect(renumbered.contains("<span class=\"diff-number\"><del>6.1</del> <ins>7.1</ins></span>"))
    }

    /// A 30 KB document against an edited copy, and against a wholly different one: finished without
    /// quadratic blow-up (gaps are bounded; word comparison is per block), and the result is right.
    @Test func largeDocumentsAreComparedBlockByBlock() throws {
        var generator = SeededGenerator(seed: 7)
        let vocabulary = ["the", "customer", "data", "service", "agreement", "shall", "within", "days", "notice", "party", "any", "fees"]
        func sentence() -> String {
            (0..<14).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: " ").capitalized + "."
        }
        var markdown = ""
        for article in 1...40 {
            markdown += "## Article \(article) – Part \(article)\n\n"
            for clause in 1...6 { markdown += "\(article).\(clause) \(sentence()) \(sentence())\n\n" }
        }
        #expect(markdown.utf8.count > 30_000)
        var edited = markdown.replacingOccurrences(of: "\n\n5.3 ", with: "\n\n5.3 Moreover, ")
        edited = edited.replacingOccurrences(
            of: "## Article 20 – Part 20\n\n", with: "## Article 20 – Part 20\n\n20.7 A new clause at the top.\n\n")
        let old = try blocks(markdown)
        let rows = BlockAlignment.rows(from: old, to: try blocks(edited))
        let counts = ChangesHTML.counts(rows)
        #expect(counts == ChangesHTML.Counts(changed: 1, added: 1, removed: 0))
        #expect(rows.filter(\.isUnchanged).count == old.count - 1)

        var other = ""
        for article in 1...40 {
            other += "## Section \(article)\n\n"
            for clause in 1...6 { other += "\(article).\(clause) \(sentence()) \(sentence())\n\n" }
        }
        let rewritten = BlockAlignment.rows(from: old, to: try blocks(other))
        #expect(rewritten.count >= old.count)
        #expect(
            ChangesHTML(words: .init(added: "added", removed: "removed", unchanged: { "\($0) unchanged" })).render(rewritten).count > 60_000
        )
    }
}
