import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteSite

/// The policy-change announcements the preview lists beside the week's digests: those due on the
/// preview's day (composed on request, the PDFs from the site's cache, rendered when missing) and
/// those already written under `announcements` (read from disk, as `gazette send` would send them).
struct AnnouncementsPreview: Sendable {
    /// One announcement and where it stands.
    struct Item: Sendable {
        var announcement: Announcement
        /// True when its folder is complete on disk.
        var isWritten: Bool
    }

    let inputs: AnnouncementInputs
    let items: [Item]
    /// Where `gazette announce` writes (`Output/mail/announcements`).
    let directory: String
    let pdfCache: String
    let templates: String

    /// Nil when the content has no policies (nothing to announce); the inputs' problems otherwise.
    static func load(_ configuration: PreviewConfiguration) -> Result<AnnouncementsPreview, InputError>? {
        let sources = configuration.sources
        guard let content = sources.content, FileTree.isDirectory(content + "/policies") else { return nil }
        return Result { () throws(InputError) in
            let inputs = try AnnouncementInputs.load(
                AnnouncementInputs.Sources(
                    content: content, data: sources.data, templates: sources.templates, config: sources.config,
                    environment: sources.environment))
            let today = configuration.today ?? Today.date(in: TimeZone(identifier: inputs.site.timeZone)!)
            let plan = try inputs.plan(on: today, output: configuration.announcements)
            let items =
                plan.due.map { Item(announcement: $0, isWritten: false) } + plan.complete.map { Item(announcement: $0, isWritten: true) }
            return AnnouncementsPreview(
                inputs: inputs, items: items.sorted { $0.announcement.name < $1.announcement.name }, directory: configuration.announcements,
                pdfCache: configuration.pdfCache, templates: sources.templates)
        }
    }

    /// The contacts that receive `item` (notices true), in contacts.csv order.
    func recipients(of item: Item) -> [Contact] { inputs.export.contacts.filter(\.notices) }

    /// The .eml of `company`'s contact `number` of announcement `name`: the written file, or composed now.
    func email(_ name: String, company: String, number: Int) throws(PreviewFailure) -> (bytes: [UInt8], contact: Contact, item: Item) {
        guard let item = items.first(where: { $0.announcement.name == name }) else {
            throw .notFound("no announcement \"\(name)\" is due or written")
        }
        let export = inputs.export
        guard let position = export.companyIndex[company],
            let contact = export.contactsByCompany[position].map({ export.contacts[$0] }).first(where: { $0.number == number && $0.notices }
            )
        else { throw .notFound("announcement \(name) has no contact \(company)/\(number)") }
        if item.isWritten {
            let path = directory + "/" + name + "/" + company + "/\(number).eml"
            guard let data = FileManager.default.contents(atPath: path) else { throw .notFound("\(path) is not there") }
            return ([UInt8](data), contact, item)
        }
        do {
            let version = item.announcement.release.version(for: AnnouncementComposer.language(of: contact, in: export)).version
            let pdfs = try VersionPDFs(settings: inputs.site, library: inputs.library, templates: templates).pdfs(
                of: [version], cache: pdfCache)
            let composed = try inputs.composer.compose(item.announcement, for: contact, in: export) { pdfs[$0.path] ?? [] }
            return (composed.bytes, contact, item)
        } catch let error as InputError {
            throw .input(error)
        } catch let error as RunFailure {
            throw .run(error)
        } catch {
            throw .run(RunFailure("\(error)"))
        }
    }
}
