import Foundation
import GazetteCore
import GazetteTestSupport

@testable import GazetteSite

/// A copy of the fixture content (Tests/GazetteSiteTests/Fixtures/content) in a scratch folder, built
/// with the repository's own templates.
final class SiteFixture {
    let scratch = ScratchFolder("gazette-site")

    /// `pdf`: nil keeps the content's setting; true or false sets `site.pdf`.
    init(content: String = "Tests/GazetteSiteTests/Fixtures/content", pdf: Bool? = nil) {
        scratch.copy(TestSupport.path(content), to: "Content")
        if let pdf { setPDF(pdf) }
    }

    /// Sets `site.pdf` in Content/gazette.yml.
    func setPDF(_ on: Bool) {
        let lines = scratch.read("Content/gazette.yml")!.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  pdf:") }
        let text = lines.joined(separator: "\n").replacingOccurrences(of: "site:\n", with: "site:\n  pdf: \(on)\n")
        scratch.write("Content/gazette.yml", text)
    }

    var contentPath: String { scratch.path + "/Content" }
    var outputPath: String { scratch.path + "/Output/site" }

    func path(_ relative: String) -> String { scratch.path + "/" + relative }

    @discardableResult
    func build(today: String = "2026-11-22", templates: String = TestSupport.path("Templates"), output: String? = nil) throws
        -> SiteBuilder.Report
    {
        try SiteBuilder.build(
            .init(content: contentPath, templates: templates, output: output ?? outputPath, today: CivilDate(iso: today)!))
    }

    /// Writes a file below Content/.
    func write(_ relative: String, _ text: String) { scratch.write("Content/" + relative, text) }

    func page(_ relative: String) -> String? { scratch.read("Output/site/" + relative) }

    /// The ids in a page, in document order.
    static func ids(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let range = rest.range(of: " id=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            result.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return result
    }

    /// The problems a build reports (fails the test when it succeeds).
    func problems(today: String = "2026-11-22") -> [InputProblem] {
        do {
            try build(today: today)
            return []
        } catch let error as InputError {
            return error.problems
        } catch {
            return [InputProblem(path: "unexpected", "\(error)")]
        }
    }
}

extension SiteFixture {
    /// The sample site's layout as of 2026-11-22, every version rendered.
    static func sampleLayout() throws -> (layout: SiteLayout, rendered: [String: RenderedPolicy]) {
        let settings = try SiteSettings(from: try SettingsFile.load(TestSupport.path("Content/gazette.yml")))
        let templates = try TemplateSet.load(from: TestSupport.path("Templates"), required: SiteBuilder.requiredTemplates)
        let locales = try LocaleCatalog.load(from: TestSupport.path("Templates/locales"), languages: settings.languages)
        var problems = ProblemList()
        let library = PolicyLibrary(
            PolicyLoader.load(from: TestSupport.path("Content/policies"), languages: settings.languages, problems: &problems))
        var rendered: [String: RenderedPolicy] = [:]
        for version in library.versions {
            let compared = library.versions(of: version.slug, in: version.language).count > 1
            rendered[version.path] = try RenderedPolicy.render(version, words: locales[version.language], forComparison: compared)
        }
        let layout = SiteLayout(
            settings: settings, templates: templates, locales: locales, library: library, today: CivilDate(iso: "2026-11-22")!)
        return (layout, rendered)
    }
}
