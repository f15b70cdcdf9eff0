import GazetteCore
import GazetteMarkdown
import GazetteTestSupport
import Testing

@testable import GazetteSite

@Suite("Article and clause anchors")
struct AnchorTests {
    static let clauseIDs = [
        "art-1", "clause-1-1", "clause-1-2", "clause-1-2-1", "clause-1-2-1-1", "clause-1-2-1-2", "clause-1-2-2",
        "art-2", "clause-2-1", "clause-2-2", "clause-2-2-1", "clause-2-2-2", "clause-2-3",
    ]

    @Test(arguments: [
        ("nl", "hoofdstuk-2-overige-bepalingen", "let-op"),
        ("en", "chapter-2-other-provisions", "note"),
        ("fr", "chapitre-2-autres-dispositions", "a-noter"),
    ])
    func nestedNumberingGetsTheContractIDsInEveryLanguage(language: String, chapter: String, note: String) throws {
        let fixture = SiteFixture()
        try fixture.build()
        let html = try #require(fixture.page("\(language)/terms/index.html"))
        let body = String(
            html[html.range(of: "<div class=\"policy-body\">")!.upperBound..<html.range(of: "<section class=\"versions\"")!.lowerBound])
        #expect(
            SiteFixture.ids(in: body)
                == Self.clauseIDs + [chapter, "art-3", "clause-3-1", "clause-3-2", note, "art-4", "clause-4-1"])
        // Each anchor has a visible link to itself.
        for id in SiteFixture.ids(in: body) {
            #expect(body.contains("href=\"#\(id)\""), "no link to #\(id)")
        }
        // The table of contents links every heading of levels 2 to 4.
        let toc = String(
            html[html.range(of: "<nav class=\"toc\"")!.lowerBound..<html.range(of: "</nav>\n<div class=\"policy-body\">")!.lowerBound])
        for id in ["art-1", "art-2", chapter, "art-3", note, "art-4"] {
            #expect(toc.contains("<a href=\"#\(id)\">"), "the table of contents misses #\(id)")
        }
    }

    @Test func clauseNumbersAreLinksThatShowTheFullNumber() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let html = try #require(fixture.page("nl/terms/index.html"))
        #expect(
            html.contains(
                "<li id=\"clause-1-2-1-1\" class=\"clause\"><a class=\"clause-number\" href=\"#clause-1-2-1-1\" aria-label=\"Link naar bepaling 1.2.1.1\">1.2.1.1</a> op een telefoon;</li>"
            ))
        #expect(
            html.contains(
                "<p id=\"clause-2-1\" class=\"clause\"><a class=\"clause-number\" href=\"#clause-2-1\" aria-label=\"Link naar bepaling 2.1\">2.1</a> De klant gebruikt de dienst zorgvuldig.</p>"
            ))
        #expect(
            html.contains(
                "<h2 id=\"art-1\">Artikel 1 – Definities <a class=\"anchor\" href=\"#art-1\" aria-label=\"Link naar artikel 1\">#</a></h2>")
        )
    }

    func anchoring() -> Anchoring {
        Anchoring(
            articleWords: ["Artikel", "Article", "Art."],
            labels: .init(article: { "a\($0)" }, clause: { "c\($0)" }, section: { "s\($0)" }))
    }

    @Test(arguments: [
        ("Artikel 5 – Aansprakelijkheid", 5), ("Article 5. Liability", 5), ("article 12: Final", 12), ("Art. 4 Slot", 4),
        ("Art.4 Slot", 4), ("5. Liability", 5), ("5.", 5), ("Artikel 7", 7), ("ARTICLE 3 — Term", 3),
    ])
    func articleHeadings(heading: String, number: Int) {
        #expect(anchoring().articleNumber(in: heading) == number)
    }

    @Test(arguments: [
        "5.2 Liability", "Articles of association", "Artikelen 5", "Article 5.2", "2026 in review", "Chapter 1: General", "5 Liability",
        "Article",
    ])
    func notArticleHeadings(heading: String) {
        #expect(anchoring().articleNumber(in: heading) == nil)
    }

    @Test(arguments: [
        ("5.2 De klant", [5, 2], "De klant"), ("5.2. De klant", [5, 2], "De klant"), ("10.3.1 Nested", [10, 3, 1], "Nested"),
        ("5.2\u{00A0}Non-breaking", [5, 2], "Non-breaking"),
    ])
    func clauseNumbersInText(text: String, numbers: [Int], rest: String) throws {
        let (found, remainder) = try #require(Anchoring.leadingClauseNumber(text))
        #expect(found == numbers)
        #expect(remainder == rest)
    }

    @Test(arguments: [
        "5 De klant", "5.2De klant", "Clause 5.2", "5.", "12345.1 too long", "1.12345 too long",
        // Found by the fuzzer: twenty digits overflowed the number (a crash, not a clause).
        "5.55555555555555555555 text", "55555555555555555555.1 text",
    ])
    func notClauseNumbers(text: String) {
        #expect(Anchoring.leadingClauseNumber(text) == nil)
    }

    @Test(arguments: [
        ("Définitions", "definitions"), ("Wie is verantwoordelijk?", "wie-is-verantwoordelijk"), ("  À noter  ", "a-noter"),
        ("Ça & ‘quotes’ — 2026", "ca-quotes-2026"), ("¿?", "section"), ("Ødegaard straße", "odegaard-strasse"),
        ("Łódź Æther", "lodz-aether"),
        ("  Mixed CASE -- 42 Items ", "mixed-case-42-items"), ("???", "section"), ("Z9_a", "z9-a"),
    ])
    func headingSlugs(text: String, slug: String) {
        #expect(Anchoring.slug(text) == slug)
    }

    @Test func duplicateHeadingTextGetsNumberedIDs() {
        let result = anchoring().anchor(CmarkParser.parse("## Scope\n\n## Scope\n\n## Scope-2\n\n## Main\n"))
        #expect(result.headings.map(\.id) == ["scope", "scope-2", "scope-2-2", "main-2"])
        #expect(result.problems.isEmpty)
    }

    @Test func aListRightAfterAClauseParagraphNumbersUnderIt() {
        let result = anchoring().anchor(
            CmarkParser.parse(
                "## Article 7\n\n7.3 The customer shall:\n\n1. pay;\n2. cooperate.\n\nText.\n\n1. a clause of article 7? no: 7.1\n"))
        let document = result.document
        let ids = document.children(MarkdownDocument.root)
            .flatMap { [document.anchor($0)?.id] + document.children($0).map { document.anchor($0)?.id } }.compactMap { $0 }
        #expect(ids == ["art-7", "clause-7-3", "clause-7-3-1", "clause-7-3-2", "clause-7-1"])
    }

    @Test func aNewChapterEndsTheArticle() {
        let result = anchoring().anchor(CmarkParser.parse("## Article 1\n\n1. one\n\n## Annex\n\n1. not a clause\n"))
        let listAfterAnnex = result.document.children(MarkdownDocument.root)[3]
        #expect(result.document.anchor(result.document.children(listAfterAnnex)[0]) == nil)
    }

    @Test func duplicateClauseNumbersAreContentProblems() {
        let result = anchoring().anchor(CmarkParser.parse("## Article 2\n\n1. one\n2. two\n\nText.\n\n1. again\n\n2.2 and again\n"))
        #expect(result.problems.map(\.line) == [8, 10])
        #expect(
            result.problems.map(\.message) == [
                "clause 2.1 appears twice (first at line 3): its link #clause-2-1 must be unique; renumber one of them",
                "clause 2.2 appears twice (first at line 4): its link #clause-2-2 must be unique; renumber one of them",
            ])
    }

    @Test func ordinaryParagraphsAndBulletsStayUnnumbered() {
        let result = anchoring().anchor(CmarkParser.parse("Intro 1.2 inside.\n\n## Article 3\n\n- bullet\n- list\n"))
        let document = result.document
        let blocks = document.children(MarkdownDocument.root)
        #expect(document.anchor(blocks[0]) == nil)
        #expect(document.children(blocks[2]).allSatisfy { document.anchor($0) == nil })
    }
}
