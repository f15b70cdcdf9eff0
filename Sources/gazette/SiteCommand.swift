import ArgumentParser
import Foundation
import GazetteCore
import GazetteSite

/// `gazette site`: Content/policies → Output/site.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Build the policy site from the Markdown documents.",
        discussion: """
            Reads <content>/gazette.yml and <content>/policies/<slug>/<name>.<lang>.md, and writes the \
            version of each document in force on --today to <output>/<lang>/<slug>/index.html, every \
            version to <output>/<lang>/<slug>/<effective>/ (with its PDF and what changed), an index \
            and an Atom feed per language, a root index and sitemap.xml. On any input problem nothing \
            is written and the published site stays as it was (exit 2).
            """
    )

    @Option(help: ArgumentHelp("Folder with gazette.yml and policies/.", valueName: "folder"))
    var content = "Content"

    @Option(help: ArgumentHelp("Folder with the Mustache templates, locales/ and assets/.", valueName: "folder"))
    var templates = "Templates"

    @Option(help: ArgumentHelp("Folder the site is written to (replaced as a whole).", valueName: "folder"))
    var output = "Output/site"

    @Option(help: ArgumentHelp("Build as of this day (YYYY-MM-DD); default: today in site.time_zone.", valueName: "date"))
    var today: CivilDate?

    func run() throws {
        let start = ContinuousClock.now
        let report = try SiteBuilder.build(
            .init(content: content, templates: templates, output: output, today: today), progress: .terminal())
        for key in report.notYetInForce {
            Terminal.error("note: \(key) has no version in force on \(report.today): its page announces the first version")
        }
        for line in report.warnings { Terminal.error(line) }
        let pdfs =
            report.pdfs == 0
            ? "" : ", \(report.pdfs) PDFs (\(report.pdfsRendered) rendered, \(report.pdfs - report.pdfsRendered) from cache)"
        Terminal.output(
            "site: \(report.pages) pages (\(report.documents) documents, \(report.languages) languages)\(pdfs) as of \(report.today) "
                + "written to \(report.output) in \(elapsed(since: start))")
    }
}
