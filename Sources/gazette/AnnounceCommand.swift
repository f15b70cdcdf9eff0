import ArgumentParser
import Foundation
import GazetteCore
import GazetteDigest

/// `gazette announce`: policy versions due on --today → Output/mail/announcements/<slug>-<effective>/.
struct AnnounceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "announce",
        abstract: "Write the policy-change announcements (.eml) due today, one per customer contact.",
        discussion: """
            Every version with announced: on or before --today (and not yet in effect) of a document whose \
            notify: includes customers is written as one email per contact of contacts.csv (notices true), \
            into <output>/<slug>-<effective>/<company_id>/<n>.eml with manifest.json last; an announcement \
            already complete is left alone. The version's PDF (from the site's cache, rendered if missing) is \
            attached. Settings come from <content>/gazette.yml (site: and digest:; with digest.dkim every email \
            is DKIM-signed). A version announced with fewer than site.notice_days days of notice is bad input \
            (exit 2) unless its front matter says notice: short with a notice_reason. Deliver with \
            gazette send --mail <output>.
            """
    )

    @Option(help: ArgumentHelp("Folder with gazette.yml and policies/.", valueName: "folder"))
    var content = "Content"

    @Option(help: ArgumentHelp("Folder with the HR export (companies.csv, contacts.csv, ...).", valueName: "folder"))
    var data = "Content/data"

    @Option(help: ArgumentHelp("Folder with announce/*.mustache, site/*.mustache, assets/ and locales/.", valueName: "folder"))
    var templates = "Templates"

    @Option(help: ArgumentHelp("Folder the announcements are written to.", valueName: "folder"))
    var output = "Output/mail/announcements"

    @Option(help: ArgumentHelp("Announce as of this day (YYYY-MM-DD) instead of the system clock.", valueName: "date"))
    var today: CivilDate?

    @Option(help: ArgumentHelp("The site's PDF cache (gazette site keeps it next to its output).", valueName: "folder"))
    var pdfCache = "Output/.cache/pdf"

    func run() throws {
        let start = ContinuousClock.now
        let options = AnnouncementBatch.Options(
            sources: AnnouncementInputs.Sources(content: content, data: data, templates: templates), output: output, today: today,
            pdfCache: pdfCache)
        let report = try AnnouncementBatch.run(options, progress: .terminal())
        for line in report.warnings { Terminal.error(line) }
        for name in report.leftAlone { Terminal.output("announce \(name): already complete in \(output)/\(name), left alone") }
        let seconds = elapsed(since: start)
        for written in report.written {
            let skipped = written.skipped > 0 ? ", \(written.skipped) skipped (notices_off \(written.skipped))" : ""
            Terminal.output("announce \(written.name): \(written.messages) written\(skipped) in \(seconds) → \(written.directory)")
        }
        if report.written.isEmpty, report.leftAlone.isEmpty {
            let next = report.later.min { ($0.announced, $0.name) < ($1.announced, $1.name) }
            Terminal.output(
                "announce: nothing due on \(report.today)" + (next.map { " (next: \($0.name) on \($0.announced))" } ?? ""))
        }
    }
}
