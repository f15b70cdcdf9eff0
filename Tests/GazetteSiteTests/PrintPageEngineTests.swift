import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The HTML each PDF is printed from comes out the same from the compiled renderer and swift-mustache.
@Suite struct PrintPageEngineTests {
    @Test func everyPrintPageMatchesSwiftMustache() throws {
        let settings = try SiteSettings(from: try SettingsFile.load(TestSupport.path("Content/gazette.yml")))
        let templates = try TemplateSet.load(from: TestSupport.path("Templates"), required: SiteBuilder.requiredTemplates)
        let locales = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: settings.languages)
        var problems = ProblemList()
        let library = PolicyLibrary(
            PolicyLoader.load(from: TestSupport.path("Content/policies"), languages: settings.languages, problems: &problems))
        var rendered: [String: RenderedPolicy] = [:]
        for version in library.versions { rendered[version.path] = try RenderedPolicy.render(version, words: locales[version.language]) }
        let today = CivilDate(iso: "2026-11-22")!
        let compiled = try SiteLayout(settings: settings, templates: templates, locales: locales, library: library, today: today).pdfJobs(
            rendered: rendered)
        let reference = try SiteLayout(
            settings: settings, templates: try templates.referenceRendering(), locales: locales, library: library, today: today
        ).pdfJobs(rendered: rendered)
        #expect(compiled.count == reference.count)
        #expect(compiled.count > 10)
        for (left, right) in zip(compiled, reference) {
            #expect(left.sitePath == right.sitePath)
            #expect(left.html == right.html, "\(left.sitePath)")
        }
    }
}
