import Foundation
import GazetteCore
import GazetteMail

#if canImport(Glibc)
import Glibc
#endif

/// `gazette digest`: the HR export → one .eml per recipient and a manifest per week, as named steps.
///
/// load and check everything → choose the weeks (`--week`, or nightly: per company the week of
/// tomorrow, unless already complete) → per week: per company index the week once, then per employee
/// decide, compose and write at once (nothing is held beyond one company's index) → remove files of
/// an earlier run that no longer belong → write the manifest last.
public enum DigestBatch {
    public struct Options: Sendable {
        public var sources: DigestInputs.Sources
        public var output: String
        /// The week to write; nil for nightly mode.
        public var week: ISOWeek?
        /// Pinned "today" for nightly mode; nil takes the system clock in each company's time zone.
        public var today: CivilDate?
        /// Companies composed at once; nil: `Parallel.defaultWorkers` (every core, or GAZETTE_JOBS).
        public var jobs: Int?
        /// `--shard K/N`: only the companies of this shard; nil for all.
        public var shard: Shard?

        public init(
            sources: DigestInputs.Sources = .init(), output: String = "Output/mail", week: ISOWeek? = nil, today: CivilDate? = nil,
            jobs: Int? = nil, shard: Shard? = nil
        ) {
            self.sources = sources
            self.output = output
            self.week = week
            self.today = today
            self.jobs = jobs
            self.shard = shard
        }
    }

    /// What happened to one week, for the summary line.
    public struct WeekReport: Sendable, Equatable {
        public var week: ISOWeek
        public var directory: String
        /// False when nightly mode found the week complete and left it alone.
        public var generated: Bool
        public var written: Int
        /// Per reason, in the order of `SkipReason.allCases`, only reasons that occurred.
        public var skipped: [(reason: SkipReason, count: Int)]
        public var invalidRows: Int
        /// `warning: …` lines: a company whose onboarded, employed employees all went without an email.
        public var warnings: [String] = []
        /// The sender rules over the messages written (empty when nothing was).
        public var senderRules = SenderRulesTally()

        public static func == (lhs: WeekReport, rhs: WeekReport) -> Bool {
            lhs.week == rhs.week && lhs.directory == rhs.directory && lhs.generated == rhs.generated && lhs.written == rhs.written
                && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason) && lhs.skipped.map(\.count) == rhs.skipped.map(\.count)
                && lhs.invalidRows == rhs.invalidRows && lhs.warnings == rhs.warnings && lhs.senderRules == rhs.senderRules
        }
    }

    public static func run(_ options: Options, progress: ProgressBar = .silent) throws -> [WeekReport] {
        var timer = StepTimer("digest")
        let inputs = try DigestInputs.load(options.sources)
        timer.lap("load and check")
        var reports: [WeekReport] = []
        let jobs = options.jobs ?? Parallel.defaultWorkers
        let weeks = weeks(for: options, export: inputs.export)
        if !weeks.isEmpty { try AtomicOutput.makeDirectory(options.output) }  // where the week locks live
        for week in weeks {
            let directory = options.output + "/" + week.description
            let lock = try WeekLock(week, in: options.output, shard: options.shard) { () throws(RunFailure) in
                try removeLeftovers(of: directory)
            }
            defer { lock.release() }
            if let shard = options.shard {
                // This shard's own half-written part is its alone (the shard lock is exclusive).
                try AtomicOutput.removeLeftovers(of: directory + "/" + shard.partPath)
            }
            if options.week == nil {
                if Manifest.isComplete(week, in: directory) {
                    reports.append(WeekReport(week: week, directory: directory, generated: false, written: 0, skipped: [], invalidRows: 0))
                    continue
                }
                if let shard = options.shard, FileManager.default.fileExists(atPath: directory + "/" + shard.partPath) {
                    // This shard's part is written but the week has no manifest: either another shard is
                    // still running (it merges when it ends) or the merge failed; merge now if it can.
                    try completeWeek(week, from: inputs, in: directory, shard: shard, jobs: jobs)
                    reports.append(WeekReport(week: week, directory: directory, generated: false, written: 0, skipped: [], invalidRows: 0))
                    continue
                }
            }
            reports.append(try write(week, from: inputs, to: directory, jobs: jobs, shard: options.shard, progress: progress))
        }
        return reports
    }

    /// `--week`, or nightly: for each company the ISO week that contains tomorrow in its time zone.
    public static func weeks(for options: Options, export: HRExport, now: Date = Date()) -> [ISOWeek] {
        if let week = options.week { return [week] }
        var weeks: Set<ISOWeek> = []
        for company in export.companies {
            let today = options.today ?? Today.date(at: now, in: company.timeZone)
            weeks.insert(ISOWeek(containing: today.adding(days: 1)))
        }
        return weeks.sorted()
    }

    /// Writes every digest of `week` into `directory` and its manifest last.
    ///
    /// Companies are independent: each is planned, composed and written on its own, on every core,
    /// into a staging folder that is swapped in as a whole (`<company>/` appears complete or not at
    /// all, and no per-file rename is needed). The manifest lists employees in employees.csv order,
    /// however the companies were scheduled.
    public static func write(
        _ week: ISOWeek, from inputs: DigestInputs, to directory: String, jobs: Int = Parallel.defaultWorkers, shard: Shard? = nil,
        progress: ProgressBar = .silent
    ) throws -> WeekReport {
        let export = inputs.export
        var timer = StepTimer("digest \(week)")
        try AtomicOutput.makeDirectory(directory)
        // Until the new manifest is written, the week is not complete (an interrupted rerun stays incomplete).
        let manifestPath = directory + "/" + Manifest.fileName
        for path in [manifestPath] + (shard.map { [directory + "/" + $0.partPath] } ?? []) {
            if FileManager.default.fileExists(atPath: path), unlink(path) != 0 {
                throw RunFailure("cannot remove the previous \(path): \(String(cString: strerror(errno)))")
            }
        }
        if shard == nil, FileTree.isDirectory(directory + "/" + Manifest.shardFolder) {
            // Parts of an earlier sharded run are superseded by this whole run.
            try? FileManager.default.removeItem(atPath: directory + "/" + Manifest.shardFolder)
        }
        let owned = export.companies.indices.filter { shard?.owns(export.companies[$0].id) ?? true }
        progress.start("digest \(week)", total: owned.reduce(0) { $0 + export.employeesByCompany[$1].count })
        let companies = try Parallel.map(owned.count, workers: jobs) { index in
            try writeCompany(owned[index], of: week, from: inputs, to: directory, progress: progress)
        }
        progress.finish()
        timer.lap("plan, compose and write")
        var entries: [Manifest.Entry?] = Array(repeating: nil, count: export.employees.count)
        var written: Set<String> = []
        var warnings: [String] = []
        var senderRules = SenderRulesTally()
        for (index, result) in companies.enumerated() {
            for (position, entry) in result.entries { entries[position] = entry }
            written.formUnion(result.written)
            senderRules.add(result.senderRules)
            if let warning = silentCompanyWarning(export.companies[owned[index]], result, week: week) { warnings.append(warning) }
        }
        let part = Manifest(week: week, entries: entries.compactMap { $0 }, invalidRows: export.invalidRows)
        if shard == nil, let reason = Self.nobodyReached(part) {
            // Not marked complete: nightly mode writes the week again once the export is fixed.
            throw RunFailure(reason)
        }
        let ownedIDs = shard == nil ? nil : Set(owned.map { export.companies[$0].id })
        try removeStaleFiles(in: directory, keeping: written, companies: ownedIDs)
        timer.lap("remove stale files")
        // The digests reach the disk before the manifest that says they are complete.
        sync()
        timer.lap("sync")
        if let shard {
            // A shard writes its part; the shard that finds every part there merges them into the
            // week's manifest (two finishing at once write the same bytes).
            try AtomicOutput.makeDirectory(directory + "/" + Manifest.shardFolder)
            try AtomicOutput.write(part.json, to: directory + "/" + shard.partPath, durable: true)
            try completeWeek(week, from: inputs, in: directory, shard: shard, jobs: jobs)
        } else {
            try writeManifest(part, from: inputs, in: directory, jobs: jobs)
        }
        timer.lap("manifest and preview")

        var counts: [SkipReason: Int] = [:]
        for entry in part.entries {
            if case .skipped(let reason) = entry.outcome { counts[reason, default: 0] += 1 }
        }
        var report = WeekReport(
            week: week, directory: directory, generated: true, written: written.count,
            skipped: SkipReason.allCases.compactMap { reason in counts[reason].map { (reason, $0) } },
            invalidRows: export.invalidRows.count,
            senderRules: senderRules)
        report.warnings = warnings
        return report
    }

    /// A warning when `company` has employees who are onboarded and employed in the week but not one
    /// email was written for them (a missing or misspelled email column, everyone opted out): the run
    /// succeeds, and without this nobody would notice.
    static func silentCompanyWarning(_ company: Company, _ result: CompanyResult, week: ISOWeek) -> String? {
        guard result.written.isEmpty else { return nil }
        var counts: [SkipReason: Int] = [:]
        for (_, entry) in result.entries {
            guard case .skipped(let reason) = entry.outcome, reason != .inactive, reason != .notOnboarded else { continue }
            counts[reason, default: 0] += 1
        }
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let reasons = SkipReason.allCases.compactMap { reason in counts[reason].map { "\(reason.rawValue) \($0)" } }.joined(separator: ", ")
        // Nothing to report is a quiet week, not a broken export: the advice is about the others.
        let quiet = counts[.empty] ?? 0
        let advice =
            quiet == total
            ? "nothing to report for any of them this week"
            : quiet > 0
                ? "\(quiet) have nothing to report this week; check the others' email and opt-out columns"
                : "check their email and opt-out columns"
        return "warning: company \(FieldCheck.quoted(company.id)) (\(OneLine.escaped(company.name))): none of its \(total) onboarded "
            + "employee\(total == 1 ? "" : "s") employed in \(week) gets an email (\(reasons)): \(advice)"
    }

    /// Why nobody at all can get an email this week (nil when someone can): every employee was left
    /// out before their content was looked at: not employed, not onboarded, opted out, or without a
    /// usable address. Such a week is almost always a broken export (a missing `email` or
    /// `ess_onboarded` column), so it is not marked complete. A week where recipients merely have
    /// nothing to report (`empty`) is a real, complete week.
    static func nobodyReached(_ manifest: Manifest) -> String? {
        var counts: [SkipReason: Int] = [:]
        for entry in manifest.entries {
            switch entry.outcome {
            case .written: return nil
            case .skipped(.empty): return nil
            case .skipped(let reason): counts[reason, default: 0] += 1
            }
        }
        let reasons = SkipReason.allCases.compactMap { reason in counts[reason].map { "\(reason.rawValue) \($0)" } }.joined(separator: ", ")
        return "week \(manifest.week): nobody gets an email (\(manifest.entries.count) employees skipped"
            + (reasons.isEmpty ? "" : ": " + reasons) + "), so the week is not marked complete: check the export "
            + "(the email and ess_onboarded columns of employees.csv); the next run writes the week again"
    }

    /// Merges the manifest parts of every shard into the week's manifest, when every part is there.
    static func completeWeek(_ week: ISOWeek, from inputs: DigestInputs, in directory: String, shard: Shard, jobs: Int) throws {
        let parts = shard.allPartPaths.map { directory + "/" + $0 }
        guard let complete = mergedManifest(week, parts: parts, export: inputs.export) else { return }
        if let reason = nobodyReached(complete) {
            // As for a whole run: not complete. Without the parts, each shard writes its companies again.
            for part in parts { unlink(part) }
            throw RunFailure(reason)
        }
        try writeManifest(complete, from: inputs, in: directory, jobs: jobs)
    }

    /// Writes the week's manifest (the week is complete from then on), then its static preview.
    static func writeManifest(_ manifest: Manifest, from inputs: DigestInputs, in directory: String, jobs: Int) throws {
        try AtomicOutput.write(manifest.json, to: directory + "/" + Manifest.fileName, durable: true)
        // Preview (issue 4): the week as pages that open from disk, in Output/preview/<week>/.
        if inputs.settings.staticPreview { try StaticPreview.write(manifest, export: inputs.export, mailDirectory: directory, jobs: jobs) }
    }

    /// One company's outcome: a manifest entry per employee (by position) and the files written.
    struct CompanyResult: Sendable {
        var entries: [(position: Int, entry: Manifest.Entry)] = []
        var written: [String] = []
        var senderRules = SenderRulesTally()
    }

    /// Plans, composes and writes one company's digests of `week` into `<directory>/<company>/`.
    static func writeCompany(
        _ company: Int, of week: ISOWeek, from inputs: DigestInputs, to directory: String, progress: ProgressBar
    ) throws -> CompanyResult {
        let export = inputs.export
        let companyID = export.companies[company].id
        let companyWeek = CompanyWeek(export: export, company: company, week: week, cap: inputs.settings.listCap)
        var result = CompanyResult()
        var recipients: [(position: Int, view: DigestView)] = []
        for position in export.employeesByCompany[company] {
            let employee = export.employees[position]
            var reason = SkipReason.before(content: employee, in: week)
            if reason == nil {
                let view = DigestView(companyWeek, recipient: position)
                if view.isEmpty { reason = .empty } else { recipients.append((position, view)) }
            }
            if let reason {
                result.entries.append((position, Manifest.Entry(company: companyID, employee: employee.id, outcome: .skipped(reason))))
            }
        }
        progress.advance(by: result.entries.count)
        guard !recipients.isEmpty else { return result }
        let composer = try inputs.composer.company(companyWeek)
        try AtomicOutput.replaceDirectory(directory + "/" + companyID) { staging in
            for (position, view) in recipients {
                let employee = export.employees[position]
                let digest = try composer.compose(view)
                let bytes = digest.bytes()
                try AtomicOutput.writeStaged(bytes, to: staging + "/" + employee.id + ".eml")
                let path = companyID + "/" + employee.id + ".eml"
                // The providers' rules, on the bytes as written (the signatures checked with the run's keys).
                result.senderRules.add(SenderRules.check(bytes, signer: inputs.composer.signer), path: path)
                result.written.append(path)
                result.entries.append(
                    (
                        position,
                        Manifest.Entry(
                            company: companyID, employee: employee.id,
                            outcome: .written(path: path, messageID: "<" + digest.message.messageID + ">"))
                    ))
                progress.advance()
            }
        }
        return result
    }

    /// The week's manifest from the parts of every shard, entries in employees.csv order; nil while a
    /// part is missing (a shard has not finished).
    static func mergedManifest(_ week: ISOWeek, parts: [String], export: HRExport) -> Manifest? {
        var entries: [Manifest.Entry] = []
        var invalidRows: [InputProblem] = []
        for (index, path) in parts.enumerated() {
            guard let part = Manifest.read(path), part.week == week else { return nil }
            entries.append(contentsOf: part.entries)
            if index == 0 { invalidRows = part.invalidRows }
        }
        let position = { (entry: Manifest.Entry) in export.employeeIndex[entry.employee] ?? Int.max }
        entries.sort { position($0) < position($1) }
        return Manifest(week: week, entries: entries, invalidRows: invalidRows)
    }

    /// Removes what interrupted runs of the week left: temporary files and staging folders in the week's
    /// folder (a half-written manifest, a company's staging folder), in its shard parts' folder, and the
    /// static preview's staging folder. Only while no other run of the week can be running (see
    /// `WeekLock`); a rerun of a killed batch then leaves nothing of it behind.
    static func removeLeftovers(of directory: String) throws(RunFailure) {
        try AtomicOutput.removeLeftovers(in: directory)
        try AtomicOutput.removeLeftovers(in: directory + "/" + Manifest.shardFolder)
        try AtomicOutput.removeLeftovers(of: StaticPreview.directory(forMailDirectory: directory))
    }

    /// Removes .eml files that this run did not write (an employee who is skipped now, or no longer in
    /// the export), and what an interrupted run left behind (temporary files, staging folders). A
    /// shard (`companies` given) touches only its own companies' folders.
    static func removeStaleFiles(in directory: String, keeping written: Set<String>, companies owned: Set<String>? = nil) throws(RunFailure)
    {
        guard let companies = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for company in companies where FileTree.isDirectory(directory + "/" + company) && company != Manifest.shardFolder {
            if let owned, !owned.contains(where: { company == $0 || company.hasPrefix("." + $0 + ".") }) { continue }
            if company.hasPrefix("."), company.contains(".new-") || company.contains(".old-") {
                do {
                    try FileManager.default.removeItem(atPath: directory + "/" + company)
                } catch {
                    throw RunFailure("cannot remove \(directory)/\(company), left by an interrupted run: \(error.localizedDescription)")
                }
                continue
            }
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + company) else { continue }
            for file in files {
                let relative = company + "/" + file
                let stale = (file.hasSuffix(".eml") && !written.contains(relative)) || (file.hasPrefix(".") && file.hasSuffix(".tmp"))
                if stale, unlink(directory + "/" + relative) != 0 {
                    throw RunFailure("cannot remove the stale file \(directory)/\(relative): \(String(cString: strerror(errno)))")
                }
            }
        }
    }
}
