import Foundation
import FoundationXML
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The Atom feed of each language (RFC 4287), parsed as XML and checked for what Atom requires.
@Suite("Atom feed")
struct FeedTests {
    static let atom = "http://www.w3.org/2005/Atom"

    func feed(_ language: String, today: String = "2026-06-01") throws -> (XMLElement, String) {
        let fixture = SiteFixture(content: VersionTests.content)
        try fixture.build(today: today)
        let xml = try #require(fixture.page("\(language)/feed.xml"))
        let document = try XMLDocument(xmlString: xml)
        return (try #require(document.rootElement()), xml)
    }

    func children(_ element: XMLElement, _ name: String) -> [XMLElement] {
        (element.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
    }

    func text(_ element: XMLElement, _ name: String) -> String? { children(element, name).first?.stringValue }

    /// XMLElement.attribute(forName:) returns nil on Linux: read `attributes`.
    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    @Test func theFeedHasWhatAtomRequires() throws {
        let (feed, xml) = try feed("en")
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"))
        #expect(feed.localName == "feed" && feed.uri == Self.atom)
        #expect(text(feed, "id") == "https://legal.versions.example/en/feed.xml")
        #expect(text(feed, "title") == "Versions HR: changes to the documents")
        #expect(
            text(feed, "updated") == "2026-10-01T00:00:00Z",
            "the latest entry: nl privacy 2026-10-01, not announced, dated by its effective date")
        #expect(children(feed, "author").first.flatMap { text($0, "name") } == "Versions HR")
        let selfLink = children(feed, "link").first { attribute($0, "rel") == "self" }
        #expect(selfLink.flatMap { attribute($0, "href") } == "https://legal.versions.example/en/feed.xml")

        let entries = children(feed, "entry")
        // 3 English terms, 1 English privacy, and the 2 Dutch privacy versions English lacks.
        #expect(entries.count == 6)
        var ids: Set<String> = []
        for entry in entries {
            for required in ["id", "title", "updated", "summary"] {
                #expect(text(entry, required)?.isEmpty == false, "entry without \(required)")
            }
            #expect(children(entry, "link").contains { attribute($0, "rel") == "alternate" })
            #expect(ids.insert(text(entry, "id")!).inserted, "ids are unique")
            #expect(text(entry, "updated")!.range(of: #"^\d{4}-\d{2}-\d{2}T00:00:00Z$"#, options: .regularExpression) != nil)
        }
        // Newest first; a change links its changes page, a first version its own page.
        #expect(
            entries.map { text($0, "id")! } == [
                "https://legal.versions.example/nl/privacy/2026-10-01/", "https://legal.versions.example/en/terms/2026-09-01/",
                "https://legal.versions.example/nl/privacy/2026-03-01/", "https://legal.versions.example/en/terms/2026-01-01/",
                "https://legal.versions.example/en/privacy/2025-01-01/", "https://legal.versions.example/en/terms/2025-01-01/",
            ])
        let upcoming = entries[1]
        #expect(text(upcoming, "title") == "Terms: version of 1 September 2026")
        #expect(text(upcoming, "updated") == "2026-07-15T00:00:00Z", "announced: 2026-07-15")
        #expect(
            text(upcoming, "summary")
                == "Invoices are now sent quarterly; new article 3 on complaints. This version takes effect on 1 September 2026. It is not in force yet."
        )
        let alternate = children(upcoming, "link").first { attribute($0, "rel") == "alternate" }
        #expect(alternate.flatMap { attribute($0, "href") } == "https://legal.versions.example/en/terms/2026-09-01/changes/")
        #expect(children(upcoming, "category").first.flatMap { attribute($0, "term") } == "terms")
        let untranslated = entries[0]
        #expect(attribute(untranslated, "lang") == "nl")
        #expect(text(untranslated, "title") == "Privacy: versie van 1 oktober 2026")
        let first = entries[5]
        #expect(
            children(first, "link").first { attribute($0, "rel") == "alternate" }.flatMap { attribute($0, "href") }
                == "https://legal.versions.example/en/terms/2025-01-01/")
        #expect(text(first, "summary") == "First published version. Effective from 1 January 2025")
    }

    @Test func pagesLinkTheirLanguagesFeed() throws {
        let fixture = SiteFixture(content: VersionTests.content)
        try fixture.build(today: "2026-06-01")
        for page in ["nl/terms/index.html", "nl/terms/2026-01-01/index.html", "nl/index.html"] {
            let html = try #require(fixture.page(page))
            #expect(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\""), "\(page)")
            #expect(html.contains("feed.xml\" title=\"Versions HR: wijzigingen in de documenten\">"), "\(page)")
        }
        #expect(
            fixture.page("en/index.html")?.contains(
                "<a href=\"../en/feed.xml\" type=\"application/atom+xml\">Changes to these documents (Atom feed)</a>") == true)
    }

    /// Python's XML parser (a second, strict reader) accepts every feed, when python3 is there.
    @Test func pythonParsesTheFeeds() throws {
        guard let python = TestSupport.which("python3") else { return }
        let fixture = SiteFixture(content: "Content", pdf: false)
        try fixture.build(today: "2026-11-22")
        let script = """
            import sys, xml.etree.ElementTree as ET
            for path in sys.argv[1:]:
                root = ET.parse(path).getroot()
                assert root.tag == '{http://www.w3.org/2005/Atom}feed', root.tag
                entries = root.findall('{http://www.w3.org/2005/Atom}entry')
                assert entries, path
                print(len(entries))
            """
        let paths = ["nl", "en", "fr"].map { fixture.outputPath + "/\($0)/feed.xml" }
        let result = try runProgram(python, ["-c", script] + paths)
        #expect(result.status == 0, "\(result.error)")
        // nl and en: 8 versions each; fr: 3 French versions and the 5 Dutch ones not translated into French.
        #expect(result.output.split(separator: "\n").map { Int($0) ?? 0 } == [8, 8, 8])
    }
}
