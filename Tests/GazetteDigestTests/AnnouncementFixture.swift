import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteTestSupport

/// A scratch copy of the sample's settings, some of its policy documents and its export, for
/// `gazette announce` runs; the PDFs go to one cache shared by the test process (WeasyPrint renders
/// each version once).
final class AnnouncementFixture: @unchecked Sendable {
    static let pdfCache = ScratchFolder(processScoped: "gazette-announce-pdf")
    /// Sample day: the privacy policy of 2027-01-01 is announced on 2026-11-20.
    static let announcedDay = CivilDate(iso: "2026-11-20")!

    let folder = ScratchFolder("gazette-announce")
    var content: String { folder.path + "/content" }
    var data: String { folder.path + "/data" }
    var output: String { folder.path + "/announcements" }
    var environment = testEnvironment

    init(documents: [String] = ["privacy", "ess-terms", "general-terms"]) {
        folder.copy(TestSupport.path("Content/gazette.yml"), to: "content/gazette.yml")
        for document in documents {
            folder.copy(TestSupport.path("Content/policies/" + document), to: "content/policies/" + document)
        }
        for file in HRExport.files {
            folder.copy(TestSupport.path("Content/data/" + file), to: "data/" + file)
        }
    }

    var sources: AnnouncementInputs.Sources {
        AnnouncementInputs.Sources(content: content, data: data, templates: TestSupport.path("Templates"), environment: environment)
    }

    func options(_ today: String, pdfCache: String = AnnouncementFixture.pdfCache.path) -> AnnouncementBatch.Options {
        AnnouncementBatch.Options(sources: sources, output: output, today: CivilDate(iso: today)!, pdfCache: pdfCache)
    }

    @discardableResult
    func run(_ today: String, pdfCache: String = AnnouncementFixture.pdfCache.path) throws -> AnnouncementBatch.Report {
        try AnnouncementBatch.run(options(today, pdfCache: pdfCache))
    }

    /// Every file under the output, by path relative to it.
    func files() -> [String: Data] { folder.snapshot("announcements") }

    /// The .eml files of announcement `name`, sorted.
    func emails(_ name: String = "privacy-2027-01-01") -> [String] {
        (FileTree.files(below: output + "/" + name) ?? []).filter { $0.hasSuffix(".eml") }.sorted().map { output + "/" + name + "/" + $0 }
    }

    /// Replaces `old` by `new` in a policy file (`privacy/2027-01-01.nl.md`).
    func edit(_ policy: String, _ old: String, _ new: String) {
        let relative = "content/policies/" + policy
        let text = folder.read(relative)!
        precondition(text.contains(old), "\(policy) has no \(old)")
        folder.write(relative, text.replacingOccurrences(of: old, with: new))
    }

    /// Problems of a run, relative to the fixture's folder.
    func problems(_ today: String) -> [String] {
        do {
            try run(today)
            return []
        } catch let error as InputError {
            return error.problems.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        } catch {
            return ["\(error)"]
        }
    }
}
