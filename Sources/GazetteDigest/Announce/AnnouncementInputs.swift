import Foundation
import GazetteCore
import GazetteMail
import GazetteSite

/// Everything `gazette announce` reads, loaded and checked once: the settings (`site:` and `digest:`
/// of `<content>/gazette.yml`), the DKIM keys, the policy documents, the templates and words, and the
/// HR export with its contacts. The preview keeps one to list the due and written announcements.
public struct AnnouncementInputs: Sendable {
    public let site: SiteSettings
    public let library: PolicyLibrary
    public let export: HRExport
    public let composer: AnnouncementComposer

    /// Where to read from; the defaults are the contract's.
    public struct Sources: Sendable {
        public var content: String
        public var data: String
        public var templates: String
        /// Settings; nil: `<content>/gazette.yml`.
        public var config: String?
        public var environment: [String: String]

        public init(
            content: String = "Content", data: String = "Content/data", templates: String = "Templates", config: String? = nil,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.content = content
            self.data = data
            self.templates = templates
            self.config = config
            self.environment = environment
        }

        public var configPath: String { config ?? content + "/gazette.yml" }
    }

    /// Steps: settings → DKIM keys, templates, words, documents, export (problems of all collected) →
    /// every row valid (an announcement is about a contract: no row is skipped) → every template and
    /// word tried in every language. Throws `InputError` with every problem; nothing is written then.
    public static func load(_ sources: Sources) throws(InputError) -> AnnouncementInputs {
        let file = try SettingsFile.load(sources.configPath)
        var problems = ProblemList()
        let site = problems.collect { () throws(InputError) in try SiteSettings(from: file) }
        let digest = problems.collect { () throws(InputError) in try DigestSettings(from: file) }
        try problems.check()
        let signer = problems.collect { () throws(InputError) in
            try DKIMSettings.signer(digest!.dkim, environment: sources.environment, settingsPath: sources.configPath)
        }
        let templates = problems.collect { () throws(InputError) in
            try TemplateSet.load(from: sources.templates, required: AnnouncementComposer.requiredTemplates)
        }
        let locales = problems.collect { () throws(InputError) in
            try LocaleCatalog.load(from: sources.templates + "/locales", languages: digest!.languages)
        }
        let library = PolicyLibrary(PolicyLoader.load(from: sources.content + "/policies", languages: site!.languages, problems: &problems))
        let export = problems.collect { () throws(InputError) in try HRExport.load(from: sources.data, languages: digest!.languages) }
        if let export { problems.add(contentsOf: export.invalidRows) }
        try problems.check()
        let composer = AnnouncementComposer(digest: digest!, site: site!, templates: templates!, locales: locales!, signer: signer!)
        try composer.check()
        return AnnouncementInputs(site: site!, library: library, export: export!, composer: composer)
    }

    /// The plan on `today` for announcements written under `output`.
    public func plan(on today: CivilDate, output: String) throws(InputError) -> AnnouncementPlan {
        try AnnouncementPlan.make(library: library, settings: site, export: export, today: today) { announcement in
            AnnouncementManifest.isComplete(announcement.name, in: output)
        }
    }
}
