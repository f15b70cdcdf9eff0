import Foundation
import GazetteCore

/// What every page of the site is made from, loaded and checked: settings, templates, words, the
/// documents, and every version rendered. `gazette site` loads it once per build; the preview
/// (`SitePreview`) again when a file changes, reusing the renderings of the files that did not.
struct SiteInputs: Sendable {
    var settings: SiteSettings
    var templates: TemplateSet
    var locales: LocaleCatalog
    var library: PolicyLibrary
    /// Per source path.
    var rendered: [String: RenderedPolicy]
    /// `warning:` problems of the inputs (stylesheets, templates, Markdown), not reasons to stop.
    var warnings: [InputProblem]

    /// Steps "load" and "render Markdown": every problem of every step is collected and thrown
    /// together. A version whose file reads as in `reusing` (same path, body and line) keeps that
    /// rendering (the words must be the same as then: the caller empties `reusing` when templates
    /// or locale files changed).
    static func load(
        content: String, templates templatesPath: String,
        substituteRenderer: (@Sendable (TemplateSet) throws -> any TemplateRenderer)? = nil, progress: ProgressBar = .silent,
        reusing previous: [String: RenderedPolicy] = [:], timer: inout StepTimer
    ) throws -> SiteInputs {
        // Step: load settings, templates and words.
        let settingsFile = try SettingsFile.load(content + "/gazette.yml")
        let settings = try SiteSettings(from: settingsFile)
        var problems = ProblemList()
        var templates = problems.collect { () throws(InputError) in
            try TemplateSet.load(from: templatesPath, required: SiteBuilder.requiredTemplates)
        }
        if let substituteRenderer, let loaded = templates { templates?.substitute = try substituteRenderer(loaded) }
        let locales = problems.collect { () throws(InputError) in
            try LocaleCatalog.load(from: templatesPath + "/locales", languages: settings.languages)
        }
        // The stylesheets are published as they are: a link among them could publish any file.
        for oddity in FileTree.listing(below: templatesPath + "/assets")?.oddities ?? [] {
            let path = templatesPath + "/assets/" + oddity.path
            let message = oddity.message(what: "stylesheet", suffix: "")
            if oddity.isError { problems.add(path, message) } else { problems.warn(path, message) }
        }
        // Step: load documents.
        let library = PolicyLibrary(PolicyLoader.load(from: content + "/policies", languages: settings.languages, problems: &problems))
        timer.lap("load")

        // Step: render Markdown (every version is checked, the published ones are kept).
        var rendered: [String: RenderedPolicy] = [:]
        if let locales {
            progress.start("render", total: library.versions.count)
            let versions = library.versions
            let results = Parallel.map(versions.count) { index -> Result<RenderedPolicy, InputError> in
                defer { progress.advance() }
                do throws(InputError) {
                    let version = versions[index]
                    // Only a document with several versions in a language has changes pages to compare for.
                    let compared = library.versions(of: version.slug, in: version.language).count > 1
                    if let earlier = previous[version.path], earlier.version.body == version.body,
                        earlier.version.bodyLine == version.bodyLine, earlier.version.language == version.language,
                        earlier.blocks.isEmpty != compared
                    {
                        return .success(earlier.with(version))
                    }
                    return .success(try RenderedPolicy.render(version, words: locales[version.language], forComparison: compared))
                } catch {
                    return .failure(error)
                }
            }
            progress.finish()
            for result in results {
                switch result {
                case .success(let policy):
                    rendered[policy.version.path] = policy
                    for warning in policy.warnings { problems.warn(warning.path, line: warning.line, warning.message) }
                case .failure(let error): problems.add(contentsOf: error.problems)
                }
            }
        }
        try problems.check()
        timer.lap("render Markdown")
        return SiteInputs(
            settings: settings, templates: templates!, locales: locales!, library: library, rendered: rendered,
            warnings: problems.warnings + templates!.warnings)
    }
}
