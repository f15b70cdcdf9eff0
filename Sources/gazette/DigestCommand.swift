import ArgumentParser
import Foundation
import GazetteCore
import GazetteDigest

/// `gazette digest`: the HR export → Output/mail/<week>/.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Write the weekly digest emails (.eml) and a manifest per week.",
        discussion: """
            Reads the HR export (<data>/*.csv) and the digest: section of <config>, and writes \
            <output>/<week>/<company_id>/<employee_id>.eml and <output>/<week>/manifest.json (last). \
            Without --week (nightly mode), each company's week of tomorrow is written unless its manifest \
            is already complete. The unsubscribe secret comes from --secret-file or GAZETTE_SECRET. With \
            digest.dkim every email is DKIM-signed (keys from digest.dkim.keys or GAZETTE_DKIM_KEYS), and \
            after each week a line says how its emails fare against the mailbox providers' sender rules. \
            On bad input every problem is listed and nothing is written (exit 2), unless --skip-invalid.
            """
    )

    @OptionGroup var inputs: DigestInputFlags

    @Option(help: ArgumentHelp("Folder the weeks are written to.", valueName: "folder"))
    var output = "Output/mail"

    @Option(help: ArgumentHelp("Write this ISO week (YYYY-Www), complete or not.", valueName: "week"))
    var week: ISOWeek?

    @Option(help: ArgumentHelp("Nightly mode as of this day (YYYY-MM-DD) instead of the system clock.", valueName: "date"))
    var today: CivilDate?

    @Option(
        help: ArgumentHelp(
            "Write only shard K of N (K from 1 to N): the companies whose stable hash falls in it. The shard that finishes "
                + "last merges the parts into manifest.json.", valueName: "K/N"))
    var shard: Shard?

    func validate() throws {
        if week != nil, today != nil {
            throw ValidationError("--week and --today cannot be combined: --week writes that week, --today pins the nightly mode's day")
        }
    }

    func run() throws {
        let start = ContinuousClock.now
        let options = DigestBatch.Options(
            sources: inputs.sources,
            output: output, week: week, today: today, shard: shard)
        let reports = try DigestBatch.run(options, progress: .terminal())
        let seconds = elapsed(since: start)
        if reports.isEmpty { Terminal.output("digest: no companies in the export, nothing to write (\(seconds))") }
        let part = shard.map { " (shard \($0))" } ?? ""
        for report in reports {
            for line in report.warnings { Terminal.error(line) }
            guard report.generated else {
                Terminal.output("digest \(report.week): already complete in \(report.directory), left alone")
                continue
            }
            let skipped = report.skipped.reduce(0) { $0 + $1.count }
            let reasons = report.skipped.map { "\($0.reason.rawValue) \($0.count)" }.joined(separator: ", ")
            let rows = report.invalidRows == 1 ? "1 invalid row" : "\(report.invalidRows) invalid rows"
            Terminal.output(
                "digest \(report.week)\(part): \(report.written) written, \(skipped) skipped\(reasons.isEmpty ? "" : " (\(reasons))"), "
                    + "\(rows), in \(seconds) → \(report.directory)")
            if report.senderRules.checked > 0 { Terminal.output(Self.senderRulesLines(report, part: part)) }
        }
    }

    /// `sender rules 2026-W53: 50 of 52 messages pass every rule`, then per rule that some fail (or
    /// warn about) the count and the first example.
    static func senderRulesLines(_ report: DigestBatch.WeekReport, part: String) -> String {
        let tally = report.senderRules
        var lines = ["sender rules \(report.week)\(part): \(tally.passed) of \(tally.checked) messages pass every rule"]
        for rule in tally.rules {
            let counts = [rule.failed > 0 ? "\(rule.failed) fail" : nil, rule.warned > 0 ? "\(rule.warned) warn" : nil].compactMap { $0 }
            lines.append("  \(rule.id): \(counts.joined(separator: ", ")), e.g. \(rule.examplePath): \(rule.exampleDetail)")
        }
        return lines.joined(separator: "\n")
    }
}

extension Shard: ExpressibleByArgument {}

extension ISOWeek: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}
