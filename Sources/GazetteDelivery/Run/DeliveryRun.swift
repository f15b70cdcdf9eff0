import Foundation
import GazetteCore
import GazetteDigest
import NIOPosix

/// `gazette send`: complete folders of messages → a mail server, each message once.
///
/// Steps: read the settings (relay, credentials, TLS) → list the complete folders → lock the ledger
/// → open and check it → make what a killed run left `sending` uncertain → remove expired records →
/// read the manifests that changed (all checked before any is imported) → import → suppress
/// opted-out recipients → send what is due (passes: the first over every due message, then the
/// retries that come due within the waiting budget) → summary, metrics. Bad input stops the run
/// before anything is sent (exit 2).
public enum DeliveryRun {
    public struct Options: Sendable {
        public var mail: String
        public var config: String
        public var data: String
        /// `--week`: one folder under `mail` (a week, or an announcement's folder).
        public var folder: String?
        /// `--relay`, in place of `delivery.relay`.
        public var relay: String?
        public var shard: Shard?
        public var environment: [String: String]
        /// The time the ledger records; the system clock but in tests.
        public var clock: @Sendable () -> Date

        public init(
            mail: String = "Output/mail", config: String = "Content/gazette.yml", data: String = "Content/data", folder: String? = nil,
            relay: String? = nil, shard: Shard? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
            clock: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.mail = mail.hasSuffix("/") && mail.count > 1 ? String(mail.dropLast()) : mail
            self.config = config
            self.data = data
            self.folder = folder
            self.relay = relay
            self.shard = shard
            self.environment = environment
            self.clock = clock
        }
    }

    public static func send(_ options: Options, progress: ProgressBar = .silent) async throws -> DeliveryReport {
        let start = ContinuousClock.now
        var timer = StepTimer("send")
        let file = try SettingsFile.load(options.config)
        let settings = try DeliverySettings(from: file, relayOverride: options.relay)
        let credentials = try SMTPCredentials.resolve(settings, config: options.config, environment: options.environment)
        let transport = try DeliveryTransport.make(settings, credentials: credentials, config: options.config)
        let listed = try OutboxFolder.list(in: options.mail, only: options.folder)
        timer.lap("settings")

        let ledgerPath = Ledger.path(mail: options.mail, shard: options.shard)
        let lock = try lockLedger(ledgerPath)
        defer { lock.release() }
        let ledger = try Ledger(path: ledgerPath, syncEveryCommit: settings.syncEveryCommit)
        let now = options.clock()
        let recovered = try ledger.recoverInterrupted(now: now)
        let expired = try ledger.removeExpired(olderThan: settings.retentionDays, now: now)
        timer.lap("ledger")

        // Every changed manifest is read and checked before any is imported.
        var problems = ProblemList()
        var changed: [(folder: OutboxFolder, entries: [OutboxFolder.Entry])] = []
        var retired: [String] = []
        for folder in listed {
            let record = try ledger.folderRecord(folder.name)
            if record?.expired == true {
                retired.append(folder.name)
                continue
            }
            guard record?.manifest != folder.stamp.description else { continue }
            if let entries = problems.collect({ () throws(InputError) in try folder.entries() }) { changed.append((folder, entries)) }
        }
        try problems.check()
        var withdrawn = 0
        for item in changed {
            withdrawn += try ledger.importFolder(item.folder, entries: item.entries, shard: options.shard, now: now).withdrawn
        }
        timer.lap("import")

        // The folders taken: the one named, or every complete one with messages still to send.
        let counts = try ledger.counts()
        let chosen = listed.map(\.name).filter { name in
            guard !retired.contains(name) else { return false }
            if options.folder != nil { return true }
            let folderCounts = counts[name] ?? [:]
            return (folderCounts[.pending] ?? 0) + (folderCounts[.deferred] ?? 0) > 0
        }
        if try ledger.hasDigestMessagesToSend(in: chosen) {
            let optedOut = try OptOutList.load(from: options.data)
            _ = try ledger.suppress(optedOut, in: chosen, now: options.clock())
        }
        timer.lap("opt-outs")

        let tally = DeliveryTally()
        let outcome = try await deliver(
            chosen, ledger: ledger, transport: transport, settings: settings, tally: tally, mail: options.mail, clock: options.clock,
            progress: progress)
        timer.lap("send")

        let after = try ledger.counts()
        let held = try ledger.held(in: chosen, at: options.clock())
        try ledger.close()
        lock.release()
        let folders = chosen.map { name in
            DeliveryReport.Folder(
                name: name, counts: after[name] ?? [:], thisRun: tally.outcomes(of: name), seconds: tally.seconds(of: name),
                held: held[name]?.count ?? 0, heldUntil: held[name]?.until)
        }
        let problemCount = folders.reduce(0) { $0 + ($1.thisRun[.failed] ?? 0) + ($1.thisRun[.uncertain] ?? 0) }
        let report = DeliveryReport(
            folders: folders, problems: tally.problems, problemCount: problemCount, unreachable: outcome.unreachable,
            stopped: outcome.stopped, recovered: recovered, expired: expired, withdrawn: withdrawn, retired: retired)
        if let metrics = settings.metricsFile {
            let duration = ContinuousClock.now - start
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            try MetricsFile.write(
                MetricsFile.text(report, ledger: after, seconds: seconds, shard: options.shard),
                to: MetricsFile.path(metrics, shard: options.shard))
        }
        timer.lap("report")
        return report
    }

    /// Sends the due messages of `folders`: a first pass over all of them, then passes over the
    /// deferred ones as they come due, while the waiting budget (`max_wait_seconds`) lasts.
    private static func deliver(
        _ folders: [String], ledger: Ledger, transport: any Transport, settings: DeliverySettings, tally: DeliveryTally,
        mail: String, clock: @escaping @Sendable () -> Date, progress: ProgressBar
    ) async throws -> (unreachable: String?, stopped: String?) {
        let journal = LedgerJournal(ledger)
        let throttle = Throttle(rate: settings.rate, connections: settings.connections, budget: .seconds(settings.maxWaitSeconds))
        let policy = RetryPolicy(settings)
        var unreachable: String?
        var first = true
        do {
            while true {
                let due = try ledger.dueCount(in: folders, at: clock())
                if due > 0 {
                    progress.start(first ? "send" : "send (retries)", total: due)
                    let pass = DeliveryPass(
                        ledger: ledger, journal: journal, throttle: throttle, tally: tally, progress: progress, mail: mail,
                        folders: folders,
                        policy: policy, holdUntilDate: settings.holdUntilDate, clock: clock)
                    await transport.run(pass)
                    if let failure = pass.failure { throw failure }
                    if let reason = throttle.stopped {
                        pass.deferRemaining(reason)
                        // "Cannot be reached at all": only when the first pass never got through
                        // (a relay lost during the retries has been reached by this run).
                        if first { unreachable = pass.unreachable }
                    }
                    progress.finish()
                    try journal.sync()
                }
                first = false
                guard throttle.stopped == nil, let next = try ledger.nextRetry(in: folders) else { break }
                // Wait for the next retry if it comes due within what is left of the budget.
                let wait = Duration.milliseconds(max(0, Int64(next.timeIntervalSince(clock()) * 1000)))
                guard wait <= throttle.remainingBudget else { break }
                _ = throttle.spend(upTo: wait)
                try await Task.sleep(for: wait)
            }
            try journal.finish()
        } catch {
            try? journal.finish()
            progress.finish()
            throw error
        }
        return (unreachable, throttle.stopped)
    }

    /// One run per ledger at a time: an advisory lock next to it, `.delivery.sqlite.lock`.
    static func lockLedger(_ path: String) throws(RunFailure) -> FileLock {
        let directory = (path as NSString).deletingLastPathComponent
        let lockPath = directory + "/." + (path as NSString).lastPathComponent + ".lock"
        guard let lock = try FileLock.take(lockPath, .exclusive, wait: false) else {
            throw RunFailure("another gazette send is using the ledger \(path) (lock \(lockPath)): let it finish, then run again")
        }
        return lock
    }
}
