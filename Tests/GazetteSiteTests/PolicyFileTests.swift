import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// One policy file checked and rendered on its own (what the fuzz targets run): the same body and
/// problems as in a site build.
@Suite struct PolicyFileTests {
    static let words = try! LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: ["en"])["en"]

    @Test func aFileRendersAsInTheSite() throws {
        let fixture = SiteFixture(content: VersionTests.content)
        try fixture.build(today: "2026-06-01")
        let path = TestSupport.path(VersionTests.content + "/policies/terms/2025-01-01.en.md")
        let rendered = try PolicyFile.render(try TextFile.read(path), path: path, words: Self.words)
        let page = try #require(fixture.page("en/terms/2025-01-01/index.html"))
        #expect(page.contains(String(decoding: rendered.bodyHTML, as: UTF8.self)))
        #expect(rendered.version.title == "Terms")
        #expect(!rendered.contents.isEmpty)
        let newer = TestSupport.path(VersionTests.content + "/policies/terms/2026-01-01.en.md")
        let next = try PolicyFile.render(try TextFile.read(newer), path: newer, words: Self.words)
        let changes = try PolicyFile.changesHTML(from: rendered, to: next, words: Self.words)
        #expect(changes.contains("<ins>") || changes.contains("<del>"))
    }

    @Test func problemsAreTheSiteBuildsOwn() {
        #expect(
            throws: InputError(
                InputProblem(
                    path: "x.en.md", line: 5,
                    "a level-1 heading (# …) in the body: the page title comes from front matter; use ## for articles"))
        ) {
            try PolicyFile.render("---\ntitle: T\neffective: 2026-01-01\n---\n# Again\n", path: "x.en.md", words: Self.words)
        }
    }
}
