import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The page of changes as a reader needs it: a changed table row as a row under its column headers,
/// a renumbered article on its heading, a changed list item with its clause's number.
@Suite struct ChangesPageTests {
    static let old = """
        ---
        title: "Tarieven"
        effective: 2026-01-01
        ---
        ## Artikel 1 – Prijzen

        | Dienst | Prijs per maand |
        | --- | --- |
        | Loonverwerking | 12 euro |
        | Verlofbeheer | 3 euro |

        ## Artikel 8 – Opzegging

        8.1 De klant kan opzeggen:

        - per brief;
        - per e-mail.

        """

    static let new = """
        ---
        title: "Tarieven"
        effective: 2026-06-01
        ---
        ## Artikel 1 – Prijzen

        | Dienst | Prijs per maand |
        | --- | --- |
        | Loonverwerking | 14 euro |
        | Verlofbeheer | 3 euro |

        ## Artikel 2 – Facturen

        2.1 Facturen worden maandelijks verstuurd.

        ## Artikel 9 – Opzegging

        9.1 De klant kan opzeggen:

        - per brief;
        - per e-mail of in de app.

        """

    static func changesPage() throws -> String {
        let fixture = SiteFixture()
        fixture.write("policies/fees/2026-01-01.nl.md", old)
        fixture.write("policies/fees/2026-06-01.nl.md", new)
        try fixture.build()
        return try #require(fixture.page("nl/fees/2026-06-01/changes/index.html"))
    }

    @Test func aChangedTableRowIsARowUnderItsHeaders() throws {
        let html = try Self.changesPage()
        #expect(
            html.contains(
                "<div class=\"diff-block diff-changed diff-row\"><table class=\"diff-table\"><thead><tr><th scope=\"col\">Dienst</th><th scope=\"col\">Prijs per maand</th></tr></thead><tbody><tr><td>Loonverwerking</td><td>"
            ))
        #expect(html.contains("<ins>14</ins>"))
        #expect(html.contains("<del>12</del>"))
        #expect(!html.contains("Loonverwerking | "))
    }

    @Test func aRenumberedArticleShowsOnItsHeading() throws {
        let html = try Self.changesPage()
        #expect(
            html.contains(
                "<h2 class=\"diff-block diff-renumbered\" id=\"art-9\">Artikel <span class=\"diff-number diff-renumbered\"><del>8</del> → <ins>9</ins></span> – Opzegging</h2>"
            ))
    }

    @Test func aChangedListItemShowsItsClauseNumber() throws {
        let html = try Self.changesPage()
        #expect(
            html.contains("<p class=\"diff-block diff-changed depth-1\"><span class=\"diff-number diff-parent\">in 9.1</span> per e-mail"))
    }

    @Test func blocksKnowTheirTableHeadersAndClauses() throws {
        let words = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: ["nl"])["nl"]
        let blocks = try PolicyFile.render(Self.new, path: "fees/2026-06-01.nl.md", words: words).blocks
        let row = try #require(blocks.first { $0.cells?.first == "Loonverwerking" })
        #expect(row.headers == ["Dienst", "Prijs per maand"])
        #expect(blocks.first { $0.cells?.first == "Dienst" }?.headers == [])
        #expect(blocks.first { $0.text == "per brief;" }?.parentNumber == "9.1")
        #expect(blocks.first { $0.id == "art-9" }?.articleNumber == "9")
    }
}
