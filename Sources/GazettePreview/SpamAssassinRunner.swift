import Foundation
import GazetteCore

/// SpamAssassin's score and rules for a message, as Mailpit shows them: Debian's `spamassassin -L -t`
/// (local tests only: no network, no DNS lists), run in the background one message at a time, the
/// results kept by the message's bytes, so that an email page never waits for it (a run takes
/// seconds). SpamAssassin gets a home folder of its own (Bayes and auto-learning off), so it writes
/// nothing into the user's ~/.spamassassin and scores the same every time.
final class SpamAssassinRunner: Sendable {
    /// Where a message stands.
    enum State: Sendable, Equatable {
        /// SpamAssassin is not installed (or not usable); the reason.
        case unavailable(String)
        case pending
        case done(Report)
        case failed(String)

        var name: String {
            switch self {
            case .unavailable: return "unavailable"
            case .pending: return "pending"
            case .done: return "done"
            case .failed: return "failed"
            }
        }
    }

    /// The score, the threshold, and every rule hit with its points.
    struct Report: Sendable, Equatable, Encodable {
        var score: Double
        var required: Double
        var rules: [Rule]
    }

    struct Rule: Sendable, Equatable, Encodable {
        var points: Double
        var name: String
        var description: String
    }

    /// The `spamassassin` program; nil when it is not installed.
    let command: String?
    private let work = Locked(Work())

    private struct Work {
        /// By the message's bytes (exact: two messages never share a result).
        var results: [[UInt8]: State] = [:]
        /// Waiting messages, with when they were last asked for (the latest runs first: it is the
        /// page someone is looking at).
        var waiting: [[UInt8]: Int] = [:]
        var clock = 0
        var running = false
    }

    /// At most this many results are kept (with its message, some 20 KB each).
    static let keep = 300

    init(command: String?) {
        self.command = command
    }

    /// The state for `bytes`; asking starts a run when there is none yet.
    func state(for bytes: [UInt8]) -> State {
        guard let command else {
            return .unavailable("SpamAssassin is not installed here (Debian: apt-get install spamassassin; `make deps` installs it)")
        }
        let (state, start) = work.withLock { work -> (State, Bool) in
            if let result = work.results[bytes] { return (result, false) }
            work.clock += 1
            work.waiting[bytes] = work.clock
            let start = !work.running
            work.running = true
            return (.pending, start)
        }
        if start {
            Thread.detachNewThread { [self] in drain(command) }
        }
        return state
    }

    /// Runs the waiting messages, latest first, until none is left.
    private func drain(_ command: String) {
        while let bytes = work.withLock({ work -> [UInt8]? in
            guard let next = work.waiting.max(by: { $0.value < $1.value }) else {
                work.running = false
                return nil
            }
            work.waiting[next.key] = nil
            return next.key
        }) {
            let result = run(command, on: bytes)
            work.withLock { work in
                if work.results.count >= Self.keep { work.results = [:] }
                work.results[bytes] = result
            }
        }
    }

    private func run(_ command: String, on bytes: [UInt8]) -> State {
        // SpamAssassin's home: private to this process, removed when it exits.
        let home: String
        do {
            home = try ProcessScratch.folder("spamassassin")
        } catch {
            return .failed(error.message)
        }
        // A run that hangs is stopped after two minutes (coreutils' timeout), so the queue goes on.
        let arguments = ["-L", "-t", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0"]
        let timeout = ChildProcess.find("timeout")
        do {
            let result = try ChildProcess.run(
                timeout ?? command, (timeout == nil ? [] : ["120", command]) + arguments, environment: ["HOME": home],
                input: String(decoding: bytes, as: UTF8.self))
            if let report = Self.report(result.output) { return .done(report) }
            let reason = result.error.split(separator: "\n").first.map(String.init) ?? "no report in its output"
            return .failed("spamassassin exited with status \(result.status): \(reason)")
        } catch {
            return .failed("cannot run spamassassin: \(error)")
        }
    }

    /// The report `spamassassin -t` appends: `Content analysis details:   (-0.3 points, 5.0
    /// required)`, then after a line of dashes one line per rule (`pts rule name description`, the
    /// description sometimes wrapped onto indented lines).
    static func report(_ output: String) -> Report? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        guard let start = lines.lastIndex(where: { $0.hasPrefix("Content analysis details:") }),
            let match = lines[start].firstMatch(of: /\((-?[0-9.]+) points, (-?[0-9.]+) required\)/),
            let score = Double(match.output.1), let required = Double(match.output.2)
        else { return nil }
        var rules: [Rule] = []
        guard let dashes = lines[start...].firstIndex(where: { $0.hasPrefix("----") }) else {
            return Report(score: score, required: required, rules: [])
        }
        for line in lines[(dashes + 1)...] {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if let rule = line.firstMatch(of: /^\s*(-?[0-9]+\.[0-9]+)\s+([A-Z0-9_]+)\s+(.*)$/), let points = Double(rule.output.1) {
                rules.append(Rule(points: points, name: String(rule.output.2), description: String(rule.output.3)))
            } else if !rules.isEmpty {
                rules[rules.count - 1].description += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return Report(score: score, required: required, rules: rules)
    }
}
