import Foundation
import GazetteCore
import GazetteSite

/// `gazette announce`: every version due on `--today` → one email per contact, as named steps.
///
/// load and check everything → plan (due, complete, later; the notice-period checks) → per due
/// announcement: lock it → the PDFs of its versions (the site's cache, rendered when missing) →
/// compose every contact's email in memory → write them into a staging folder with the manifest
/// last → swap the folder into place. A complete announcement is left alone, so a nightly run tells
/// each contact once.
public enum AnnouncementBatch {
    public struct Options: Sendable {
        public var sources: AnnouncementInputs.Sources
        public var output: String
        /// Pinned "today"; nil: the system clock in `site.time_zone`.
        public var today: CivilDate?
        /// The site's PDF cache (`Output/.cache/pdf`, next to `Output/site`).
        public var pdfCache: String

        public init(
            sources: AnnouncementInputs.Sources = .init(), output: String = "Output/mail/announcements", today: CivilDate? = nil,
            pdfCache: String = "Output/.cache/pdf"
        ) {
            self.sources = sources
            self.output = output
            self.today = today
            self.pdfCache = pdfCache
        }
    }

    /// What one run did, for the summary lines.
    public struct Report: Sendable, Equatable {
        public var today: CivilDate
        public var written: [Written] = []
        /// Announcements already complete (due or past): left alone.
        public var leftAlone: [String] = []
        /// Announcements to come: name and day.
        public var later: [Later] = []
        public var warnings: [String] = []

        public struct Written: Sendable, Equatable {
            public var name: String
            public var directory: String
            public var messages: Int
            /// Contacts with `notices` false.
            public var skipped: Int

            public init(name: String, directory: String, messages: Int, skipped: Int) {
                self.name = name
                self.directory = directory
                self.messages = messages
                self.skipped = skipped
            }
        }

        public struct Later: Sendable, Equatable {
            public var name: String
            public var announced: CivilDate

            public init(name: String, announced: CivilDate) {
                self.name = name
                self.announced = announced
            }
        }
    }

    public static func run(_ options: Options, progress: ProgressBar = .silent) throws -> Report {
        var timer = StepTimer("announce")
        let inputs = try AnnouncementInputs.load(options.sources)
        let today = options.today ?? Today.date(in: TimeZone(identifier: inputs.site.timeZone)!)
        let plan = try inputs.plan(on: today, output: options.output)
        timer.lap("load, check and plan")
        var report = Report(today: today, warnings: plan.warnings)
        report.leftAlone = plan.complete.filter { $0.announced <= today }.map(\.name)
        report.later = plan.later.map { Report.Later(name: $0.name, announced: $0.announced) }
        guard !plan.due.isEmpty else { return report }
        try AtomicOutput.makeDirectory(options.output)
        let pdfs = try VersionPDFs(settings: inputs.site, library: inputs.library, templates: options.sources.templates)
        for announcement in plan.due {
            let directory = options.output + "/" + announcement.name
            let lockPath = options.output + "/." + announcement.name + ".lock"
            guard let lock = try FileLock.take(lockPath, .exclusive, wait: false) else {
                throw RunFailure("another gazette announce is writing \(directory) (lock \(lockPath)): let it finish, then run again")
            }
            defer { lock.release() }
            // A run that finished it while this one was planning.
            if AnnouncementManifest.isComplete(announcement.name, in: options.output) {
                report.leftAlone.append(announcement.name)
                continue
            }
            try AtomicOutput.removeLeftovers(of: directory)
            let written = try write(announcement, inputs: inputs, pdfs: pdfs, cache: options.pdfCache, into: directory, progress: progress)
            report.written.append(written)
        }
        timer.lap("PDFs, compose and write")
        return report
    }

    /// Composes every contact's email of `announcement` (all before the first is written), then
    /// writes them and the manifest into a staging folder that replaces `directory` whole.
    static func write(
        _ announcement: Announcement, inputs: AnnouncementInputs, pdfs: VersionPDFs, cache: String, into directory: String,
        progress: ProgressBar
    ) throws -> Report.Written {
        let export = inputs.export
        let composer = inputs.composer
        // The PDF of each version a contact reads.
        var shown: [String: PolicyVersion] = [:]
        for contact in export.contacts where contact.notices {
            let version = announcement.release.version(for: AnnouncementComposer.language(of: contact, in: export)).version
            shown[version.path] = version
        }
        let files = try pdfs.pdfs(of: shown.keys.sorted().map { shown[$0]! }, cache: cache, progress: progress)
        var messages: [(path: String, bytes: [UInt8])] = []
        var entries: [AnnouncementManifest.Entry] = []
        for contact in export.contacts {
            let company = export.companies[contact.company].id
            guard contact.notices else {
                entries.append(.init(company: company, contact: contact.email, outcome: .notNotified))
                continue
            }
            let composed = try composer.compose(announcement, for: contact, in: export) { files[$0.path]! }
            let path = "\(company)/\(contact.number).eml"
            messages.append((path, composed.bytes))
            entries.append(
                .init(
                    company: company, contact: contact.email,
                    outcome: .written(path: path, messageID: "<" + composed.message.messageID + ">", language: composed.message.language)))
        }
        let without = export.companies.indices.filter { position in
            !export.contactsByCompany[position].contains { export.contacts[$0].notices }
        }.map { export.companies[$0].id }
        let manifest = AnnouncementManifest(
            name: announcement.name, slug: announcement.slug, effective: announcement.effective, announced: announcement.announced,
            objectionDeadline: announcement.objectionDeadline, entries: entries, companiesWithoutContacts: without)
        try AtomicOutput.replaceDirectory(directory) { staging in
            for message in messages {
                try AtomicOutput.makeDirectory(staging + "/" + (message.path as NSString).deletingLastPathComponent)
                try AtomicOutput.writeStaged(message.bytes, to: staging + "/" + message.path)
            }
            // Last: a manifest on disk means a complete announcement.
            try AtomicOutput.writeStaged(Array(manifest.json.utf8), to: staging + "/" + Manifest.fileName)
        }
        return Report.Written(
            name: announcement.name, directory: directory, messages: messages.count, skipped: entries.count - messages.count)
    }
}
