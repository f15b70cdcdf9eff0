import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The HTML each PDF is printed from comes out the same from the compiled renderer and swift-mustache.
@Suite struct PrintPageEngineTests {
    @Test func everyPrintPageMatchesSwiftMustache() throws {
        let (layout, rendered) = try SiteFixture.sampleLayout()
        let compiled = try layout.pdfJobs(rendered: rendered)
        let reference = try SiteLayout(
            settings: layout.settings, templates: try layout.templates.referenceRendering(), locales: layout.locales,
            library: layout.library,
            today: layout.today
        ).pdfJobs(rendered: rendered)
        #expect(compiled.count == reference.count)
        #expect(compiled.count > 10)
        for (left, right) in zip(compiled, reference) {
            #expect(left.sitePath == right.sitePath)
            #expect(left.html == right.html, "\(left.sitePath)")
        }
    }
}
