import ArgumentParser
import Foundation
import GazetteCore
import GazetteDelivery
import GazetteDigest

/// `gazette send`: complete folders of messages → the mail server, each message once.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Hand complete folders of messages (a week of digests, an announcement) to the mail server, each message once.",
        discussion: """
            Without --week, every complete folder under <mail> (one with a manifest.json) that still has messages to \
            send; --week names one folder. The relay and the rest come from the delivery: section of <config>; the \
            ledger is <mail>/delivery.sqlite. Exit status: 0 every message is sent, suppressed, failed or uncertain \
            (failures are listed); 75 some are deferred and a later run retries them; 1 the relay cannot be reached or \
            the ledger cannot be written; 2 bad flags, settings or input (nothing is sent).
            """
    )

    @Option(help: ArgumentHelp("Folder of the complete folders of messages (weeks, announcements).", valueName: "folder"))
    var mail = "Output/mail"

    @Option(help: ArgumentHelp("Settings file with the delivery: section.", valueName: "file"))
    var config = "Content/gazette.yml"

    @Option(help: ArgumentHelp("Folder with the HR export, for the opt-outs recorded since the week was written.", valueName: "folder"))
    var data = "Content/data"

    @Option(help: ArgumentHelp("Send only this folder under --mail (a week, YYYY-Www).", valueName: "week"))
    var week: String?

    @Option(
        help: ArgumentHelp("Relay URL in place of delivery.relay (smtp://host:port, smtps://host:port, sendmail:/path).", valueName: "url"))
    var relay: String?

    @Option(help: ArgumentHelp("Send only the companies of shard K of N, with the ledger delivery.K-of-N.sqlite.", valueName: "K/N"))
    var shard: Shard?

    @Flag(help: "Print the number of messages in every state instead of sending.")
    var status = false

    @Flag(help: "With --status: as JSON.")
    var json = false

    func validate() throws {
        if json, !status { throw ValidationError("--json goes with --status") }
        if status, relay != nil { throw ValidationError("--relay does not go with --status: --status sends nothing") }
    }

    func run() async throws {
        let options = DeliveryRun.Options(mail: mail, config: config, data: data, folder: week, relay: relay, shard: shard)
        if status {
            let folders = try DeliveryStatus.folders(options)
            if json {
                Terminal.output(DeliveryStatus.json(folders))
            } else if folders.isEmpty {
                Terminal.output("send: no complete folders in \(mail)")
            } else {
                for line in DeliveryStatus.text(folders) { Terminal.output(line) }
            }
            return
        }
        let report = try await DeliveryRun.send(options, progress: .terminal())
        let part = shard.map { " (shard \($0))" } ?? ""
        if report.recovered > 0 {
            Terminal.error(
                "send: \(report.recovered) message\(report.recovered == 1 ? "" : "s") a stopped run was handing over when it was stopped: now uncertain, never sent again"
            )
        }
        for folder in report.expired {
            Terminal.error("send: removed the delivery records of \(folder) (older than delivery.retention_days)")
        }
        if report.folders.isEmpty { Terminal.output("send: nothing to send in \(mail)\(part)") }
        for folder in report.folders { Terminal.output(DeliveryReport.summary(of: folder, shard: part)) }
        for problem in report.problems {
            let recipient = problem.recipient.map { " to \($0)" } ?? ""
            Terminal.error("\(problem.state.rawValue): \(problem.folder)/\(problem.path)\(recipient): \(problem.reply)")
        }
        if report.problemCount > report.problems.count {
            Terminal.error(
                "… and \(report.problemCount - report.problems.count) more: gazette send --status, or the ledger (docs/delivery.md)")
        }
        if let unreachable = report.unreachable {
            Terminal.error("gazette: the relay could not be reached: \(unreachable)")
        } else if let stopped = report.stopped {
            Terminal.error("send: stopped early: \(stopped)")
        }
        let code = report.exitStatus
        if code != 0 { throw CommandExit(code: code) }
    }
}
