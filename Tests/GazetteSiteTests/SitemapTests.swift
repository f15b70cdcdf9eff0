import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The sitemap is made from the same list of addresses as the pages (`SitePageKind`): a page the
/// layout makes cannot be missing from it.
@Suite struct SitemapTests {
    /// The `<loc>` addresses of a sitemap, relative to the base URL.
    static func locations(in sitemap: String, base: String) -> [String] {
        sitemap.components(separatedBy: "<loc>").dropFirst().map { String($0.prefix { $0 != "<" }.dropFirst(base.count + 1)) }
    }

    /// Every HTML file the sample site writes is in its sitemap, and every address there is a file.
    @Test func everyPageOfTheSampleSiteIsInTheSitemap() throws {
        let fixture = SiteFixture(content: "Content", pdf: false)
        try fixture.build(today: "2026-11-22")
        let sitemap = try #require(fixture.page("sitemap.xml"))
        let listed = Set(Self.locations(in: sitemap, base: "https://legal.koraal-hr.example"))
        let pages = Set(
            fixture.scratch.snapshot("Output/site").keys.filter { $0.hasSuffix(".html") }.map { String($0.dropLast("index.html".count)) })
        #expect(pages.count > 40)
        #expect(pages.subtracting(listed).sorted() == [], "pages missing from the sitemap")
        #expect(listed.subtracting(pages).sorted() == [], "sitemap addresses without a page")
    }

    /// Every kind of page the sitemap lists has pages in the sample, so the test above covers each;
    /// and every kind of file the layout makes is written where its address says.
    @Test func everyKindOfPageIsInTheSitemap() throws {
        let (layout, rendered) = try SiteFixture.sampleLayout()
        let settings = layout.settings
        let addresses = layout.addresses(published: layout.published(rendered: rendered))
        let sitemap = layout.sitemap(addresses)
        let listed = Self.locations(in: sitemap, base: settings.baseURL)
        for kind in SitePageKind.allCases where kind.isInSitemap {
            let ofKind = addresses.filter { $0.kind == kind }
            #expect(!ofKind.isEmpty, "the sample has no page of kind \(kind)")
            for address in ofKind { #expect(listed.contains(address.location), "\(kind) \(address.location) is not in the sitemap") }
        }
        // Exactly the listed kinds' addresses, in the order of the list.
        #expect(listed == addresses.filter(\.kind.isInSitemap).map(\.location))
        #expect(addresses.contains { $0.kind == .pdf } == settings.pdf)
        let pages = try layout.pages(rendered: rendered).map(\.path)
        for address in addresses where address.kind.isMadeByLayout { #expect(pages.contains(address.file), "\(address.file)") }
    }

    /// The preview finds a page by its address in the same list (`SiteLayout.page(at:)`): every
    /// address the layout makes is served, by its folder and by its file, with the bytes the build
    /// writes; a PDF (made by the build, not the preview) and a path not in the list are not.
    @Test func thePreviewServesEveryAddressOfTheList() throws {
        let (layout, rendered) = try SiteFixture.sampleLayout()
        let pages = Dictionary(uniqueKeysWithValues: try layout.pages(rendered: rendered).map { ($0.path, $0.bytes) })
        let addresses = layout.addresses(published: layout.published(rendered: rendered))
        for address in addresses where address.kind.isMadeByLayout {
            let served = try #require(try layout.page(at: address.file, rendered: rendered), "\(address.file)")
            #expect(served.bytes == pages[address.file], "\(address.file)")
            #expect(try layout.page(at: address.location, rendered: rendered)?.bytes == pages[address.file], "\(address.location)")
        }
        #expect(try layout.page(at: "sitemap.xml", rendered: rendered)?.bytes == pages["sitemap.xml"])
        let pdf = try #require(addresses.first { $0.kind == .pdf })
        #expect(try layout.page(at: pdf.file, rendered: rendered) == nil)
        #expect(try layout.page(at: "nl/no-such-document/", rendered: rendered) == nil)
    }
}
