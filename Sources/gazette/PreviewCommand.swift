import ArgumentParser
import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazettePreview

/// `gazette preview`: the week's digests in a browser, and the one-click unsubscribe endpoint.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the week's digest emails for review in a browser, with one-click unsubscribe.",
        discussion: """
            Reads the same inputs as `gazette digest` and serves, on 127.0.0.1 unless --host says \
            otherwise: the week's employees with outcomes and filters, each email (HTML, text, \
            headers, source, standards and sender-rules checks, SpamAssassin's score when it is \
            installed, privacy panel), the policy-change announcements due (on --today, else today) and \
            written (under --announcements), each shown like an email, and /unsubscribe/<token> (RFC 8058), \
            which records opt-outs in <data>/optouts.csv. Edits to templates, locale files, CSV files \
            and the config show on the next request. The unsubscribe secret comes from --secret-file \
            or GAZETTE_SECRET (exit 2 without one). Stop it with Ctrl-C.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Address to listen on; anything but loopback makes the personal data reachable from elsewhere.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "port"))
    var port = 8025

    @OptionGroup var inputs: DigestInputFlags

    @Option(help: ArgumentHelp("Show this ISO week (YYYY-Www) first; the index can move to any week.", valueName: "week"))
    var week: ISOWeek?

    @Option(help: ArgumentHelp("Show the week the nightly digest would write on this day (YYYY-MM-DD).", valueName: "date"))
    var today: CivilDate?

    @Option(
        help: ArgumentHelp("Where gazette announce writes: the written announcements are listed beside the digests.", valueName: "folder"))
    var announcements = "Output/mail/announcements"

    @Option(help: ArgumentHelp("The site's PDF cache, for announcements due but not written yet.", valueName: "folder"))
    var pdfCache = "Output/.cache/pdf"

    @Flag(help: "Do not score the emails with SpamAssassin (it runs when installed).")
    var noSpamassassin = false

    func validate() throws {
        if week != nil, today != nil {
            throw ValidationError(
                "--week and --today cannot be combined: --week shows that week, --today the week the nightly digest would write")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port: use 0 to 65535") }
    }

    func run() async throws {
        // Without a secret no link can be signed or checked: refuse to start (exit 2), and say what a
        // server needs (the generic "nothing was written" means nothing for a server).
        do {
            _ = try UnsubscribeSecret.resolve(file: inputs.secretFile)
        } catch {
            Terminal.error(error.problems.map(\.description).joined(separator: "\n"))
            Terminal.error(
                "gazette preview: not started: it needs the unsubscribe secret that signs and checks the links "
                    + "(GAZETTE_SECRET, or --secret-file PATH; the same one as `gazette digest`)")
            throw CommandExit(code: 2)
        }
        var configuration = PreviewConfiguration(
            sources: inputs.sources,
            week: week, today: today, host: host, port: port)
        if noSpamassassin { configuration.spamAssassin = nil }
        configuration.announcements = announcements
        configuration.pdfCache = pdfCache
        let store = PreviewStore(configuration: configuration)
        // Problems do not stop the server (they show in the pages until fixed), but say so at once.
        if case .failure(let error) = await store.snapshot().problems {
            Terminal.error(error.problems.map(\.description).joined(separator: "\n"))
            Terminal.error(
                "preview: \(error.problems.count) input problem\(error.problems.count == 1 ? "" : "s"); the pages show them until they are fixed"
            )
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Terminal.error("preview: listening on \(host): the pages show personal data to anyone who can reach this address")
        }
        let application = PreviewServer.application(store) { url in
            Terminal.output("preview: \(url) (week \(await store.snapshot().defaultWeekDescription)); Ctrl-C stops it")
            Terminal.output("preview: the policy site at \(url)site/ (pages follow the files in \(store.site.contentFolder))")
        }
        do {
            try await application.runService()
        } catch {
            throw PreviewServer.startFailure(error, host: host, port: port)
        }
    }
}
