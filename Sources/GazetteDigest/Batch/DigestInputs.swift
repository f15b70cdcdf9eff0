import Foundation
import GazetteCore
import GazetteMail
import GazetteSite

/// Everything a digest run reads, loaded and checked once: settings, secret, templates, words and the
/// HR export. The batch plans and writes weeks from it; the preview server keeps it and composes any
/// one recipient's digest on request.
public struct DigestInputs: Sendable {
    public let settings: DigestSettings
    public let composer: DigestComposer
    public let export: HRExport

    /// Where to read from; the defaults are the contract's.
    public struct Sources: Sendable {
        public var data: String
        public var config: String
        public var templates: String
        /// Takes precedence over `GAZETTE_SECRET`.
        public var secretFile: String?
        public var environment: [String: String]
        /// Go on without invalid rows (they are listed in the manifest) instead of stopping.
        public var skipInvalid: Bool
        /// The content folder whose policies/ the digest's notice of policy changes reads (with the
        /// `site:` section of `config`); nil, or a folder without policies/: no notices.
        public var content: String?
        /// Renders in place of the compiled renderer, given the loaded templates: for comparing
        /// renderers only (the tests and `gazette-bench renderers` use swift-mustache as the reference).
        public var substituteRenderer: (@Sendable (TemplateSet) throws -> any TemplateRenderer)?

        public init(
            data: String = "Content/data", config: String = "Content/gazette.yml", templates: String = "Templates",
            secretFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, skipInvalid: Bool = false,
            content: String? = nil
        ) {
            self.content = content
            self.data = data
            self.config = config
            self.templates = templates
            self.secretFile = secretFile
            self.environment = environment
            self.skipInvalid = skipInvalid
        }
    }

    /// Steps: read settings → secret, DKIM keys, templates and words, export (problems of all of them
    /// collected) → check the rows (unless skipping invalid ones) → try the templates in every
    /// language (and sign those trial digests with every key).
    /// Throws `InputError` with every problem found; nothing has been written then.
    public static func load(_ sources: Sources) throws(InputError) -> DigestInputs {
        let file = try SettingsFile.load(sources.config)
        let settings = try DigestSettings(from: file)
        var problems = ProblemList()
        let notices = problems.collect { () throws(InputError) in try policyNotices(sources, file: file) }
        let secret = problems.collect { () throws(InputError) in
            try UnsubscribeSecret.resolve(file: sources.secretFile, environment: sources.environment)
        }
        // The keys are read once here; every digest of the run signs with them.
        let signer = problems.collect { () throws(InputError) in
            try DKIMSettings.signer(settings.dkim, environment: sources.environment, settingsPath: sources.config)
        }
        var templates = problems.collect { () throws(InputError) in
            try TemplateSet.load(from: sources.templates, required: DigestComposer.requiredTemplates)
        }
        if let substituteRenderer = sources.substituteRenderer, let loaded = templates {
            do {
                templates?.substitute = try substituteRenderer(loaded)
            } catch {
                problems.add(sources.templates, "the substitute renderer cannot read the templates: \(error)")
            }
        }
        let locales = problems.collect { () throws(InputError) in
            try LocaleCatalog.load(from: sources.templates + "/locales", languages: settings.languages)
        }
        let export = problems.collect { () throws(InputError) in try HRExport.load(from: sources.data, languages: settings.languages) }
        if let export, !sources.skipInvalid { problems.add(contentsOf: export.invalidRows) }
        try problems.check()
        let composer = DigestComposer(
            settings: settings, templates: templates!, locales: locales!, secret: secret!, signer: signer!, policyNotices: notices!)
        try composer.check()
        return DigestInputs(settings: settings, composer: composer, export: export!)
    }

    /// The policy changes to tell employees of, from `<content>/policies` (nil when there is none).
    static func policyNotices(_ sources: Sources, file: SettingsFile) throws(InputError) -> PolicyNoticeSection? {
        guard let content = sources.content, FileTree.isDirectory(content + "/policies") else { return nil }
        let site = try SiteSettings(from: file)
        var problems = ProblemList()
        let library = PolicyLibrary(PolicyLoader.load(from: content + "/policies", languages: site.languages, problems: &problems))
        try problems.check()
        return PolicyNoticeSection(library: library, site: site)
    }
}
