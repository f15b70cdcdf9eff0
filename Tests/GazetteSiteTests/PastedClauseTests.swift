import Foundation
import GazetteCore
import GazetteMarkdown
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// Clauses pasted on consecutive lines (as copied from Word or a PDF) are clauses of their own: their
/// own paragraph and anchor in the page, the comparison and the PDF; lines that only start with a
/// number stay text, and a number glued to a sentence is a warning.
@Suite struct PastedClauseTests {
    /// One document per language: article 4's clauses on consecutive lines, nested ones included, a
    /// line starting with a year, and a line with a number of another article.
    static func document(_ language: String) -> String {
        let (article, year, other) =
            switch language {
            case "nl": ("Artikel", "2026 was het eerste jaar van de dienst.", "6.1 hoort niet bij dit artikel.")
            case "fr": ("Article", "2026 était la première année du service.", "6.1 n’appartient pas à cet article.")
            default: ("Article", "2026 was the first year of the service.", "6.1 belongs to another article.")
            }
        return """
            ---
            title: "Pasted"
            effective: 2026-01-01
            ---
            ## \(article) 4 – Levering

            4.1 De leverancier levert binnen dertig dagen.
            4.2 Opgegeven termijnen zijn indicatief:
            4.2.1 bij overmacht schuiven zij op;
            4.2.2 bij een wijziging van de bestelling ook.
            \(year)
            4.3 De klant controleert de levering.
            \(other)
            4.4 Klachten worden schriftelijk gemeld.

            ## \(article) 5 – Betaling

            Vooraf:
            5.1 De klant betaalt binnen veertien dagen.
            5.3 is geen volgend nummer.

            """
    }

    static let words = try! LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: ["nl", "en", "fr"])

    @Test(arguments: ["nl", "en", "fr"])
    func consecutiveLinesThatContinueTheNumberingAreClauses(language: String) throws {
        let fixture = SiteFixture()
        fixture.write("policies/pasted/2026-01-01.\(language).md", Self.document(language))
        try fixture.build()
        let html = try #require(fixture.page("\(language)/pasted/index.html"))
        let body = String(
            html[html.range(of: "<div class=\"policy-body\">")!.upperBound..<html.range(of: "<section class=\"versions\"")!.lowerBound])
        #expect(
            SiteFixture.ids(in: body) == [
                "art-4", "clause-4-1", "clause-4-2", "clause-4-2-1", "clause-4-2-2", "clause-4-3", "clause-4-4", "art-5", "clause-5-1",
            ])
        // Each clause is a paragraph of its own, its number a link; the year and the other article's
        // number stay in the text of the clause before them.
        #expect(
            body.contains(
                "<p id=\"clause-4-2-1\" class=\"clause\"><a class=\"clause-number\" href=\"#clause-4-2-1\" aria-label=\""))
        #expect(body.contains("bij overmacht schuiven zij op;</p>"))
        let year = Self.document(language).split(separator: "\n").first { $0.hasPrefix("2026") }!
        #expect(body.contains("ook.\n\(year)</p>"))
        #expect(body.contains("De klant controleert de levering.\n6.1 "))
        #expect(body.contains("<p>Vooraf:</p>"))
        #expect(body.contains("binnen veertien dagen.\n5.3 is geen volgend nummer.</p>"))
    }

    @Test(arguments: ["nl", "en", "fr"])
    func theComparisonAlignsPastedClausesOneByOne(language: String) throws {
        let path = "pasted/2026-01-01.\(language).md"
        let rendered = try PolicyFile.render(Self.document(language), path: path, words: Self.words[language])
        let clauses = rendered.blocks.compactMap(\.id).filter { $0.hasPrefix("clause-4") }
        #expect(clauses == ["clause-4-1", "clause-4-2", "clause-4-2-1", "clause-4-2-2", "clause-4-3", "clause-4-4"])
        #expect(
            rendered.blocks.first { $0.id == "clause-4-3" }?.text == "De klant controleert de levering. 6.1 "
                + Self.document(language).split(separator: "\n").first { $0.hasPrefix("6.1") }!.dropFirst(4))
        #expect(rendered.warnings.isEmpty)
    }

    @Test func pastedClausesReachThePDFSource() throws {
        let fixture = SiteFixture()
        fixture.write("policies/pasted/2026-01-01.nl.md", Self.document("nl"))
        var settings = try SiteSettings(from: try SettingsFile.load(fixture.contentPath + "/gazette.yml"))
        // The fixture leaves PDFs off (no WeasyPrint run); the layout lists their sources only when on.
        settings.pdf = true
        let templates = try TemplateSet.load(from: TestSupport.path("Templates"), required: SiteBuilder.requiredTemplates)
        let locales = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: settings.languages)
        var problems = ProblemList()
        let library = PolicyLibrary(
            PolicyLoader.load(from: fixture.contentPath + "/policies", languages: settings.languages, problems: &problems))
        let version = try #require(library.versions.first { $0.slug == "pasted" })
        let rendered = try RenderedPolicy.render(version, words: locales["nl"])
        let layout = SiteLayout(
            settings: settings, templates: templates, locales: locales, library: library, today: CivilDate(iso: "2026-11-22")!)
        let job = try #require(try layout.pdfJobs(rendered: [version.path: rendered]).first)
        let html = job.html
        #expect(html.contains("id=\"clause-4-2-1\""))
        #expect(html.contains("id=\"clause-4-4\""))
    }

    @Test func aClauseNumberGluedToASentenceIsAWarningAndTheBuildGoesOn() throws {
        let fixture = SiteFixture()
        fixture.write(
            "policies/glued/2026-01-01.nl.md",
            "---\ntitle: \"Glued\"\neffective: 2026-01-01\n---\n## Artikel 2 – Beveiliging\n\n"
                + "2.1 Wij nemen maatregelen om uw gegevens\nte beveiligen.2.2. Indien u een lek meldt, reageren wij binnen een dag.\n\n"
                + "Zie artikel 2.1. Dat is geen nieuw lid; ook versie 1.2.3 niet.\n")
        let report = try fixture.build()
        let path = fixture.contentPath + "/policies/glued/2026-01-01.nl.md"
        #expect(
            report.warnings.filter { $0.contains("glued") } == [
                "warning: \(path):8: clause 2.2 seems to start inside clause 2.1: start it on its own line"
            ])
        #expect(fixture.page("nl/glued/index.html")?.contains("id=\"clause-2-1\"") == true)
    }

    @Test(arguments: [
        ([4, 1], 4, [4, 2], true), ([4, 2], 4, [4, 2, 1], true), ([4, 2, 1], 4, [4, 2, 2], true), ([4, 2, 1], 4, [4, 3], true),
        ([4, 2, 1], 4, [4, 2, 1, 1], true), ([4, 1], 4, [4, 3], false), ([4, 1], 4, [5, 1], false), ([4, 2], 4, [4, 1], false),
        ([4, 2, 1], 4, [4, 2, 3], false),
    ])
    func nextClauseNumbers(last: [Int], article: Int, candidate: [Int], continues: Bool) {
        #expect(Anchoring.continues(last, article: article, with: candidate) == continues)
    }

    @Test func withoutAClauseOnlyTheArticlesFirstContinues() {
        #expect(Anchoring.continues(nil, article: 4, with: [4, 1]))
        #expect(!Anchoring.continues(nil, article: 4, with: [4, 2]))
        #expect(!Anchoring.continues(nil, article: nil, with: [1, 1]))
    }

    @Test func splittingKeepsTheDocumentOrderAndTheLines() {
        var document = CmarkParser.parse("Intro.\n\n4.1 one\n4.2 two\n\nEnd.\n")
        let paragraph = document.children(MarkdownDocument.root)[1]
        let lineBreak = document.children(paragraph)[1]
        let split = document.splitParagraph(paragraph, at: lineBreak, line: 4)
        #expect(document.children(MarkdownDocument.root).map { document.plainText($0) } == ["Intro.", "4.1 one", "4.2 two", "End."])
        #expect(document.line(split) == 4)
        #expect(document.parent(document.firstChild(split)!) == split)
    }
}
