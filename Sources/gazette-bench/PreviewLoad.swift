import Foundation
import GazetteCore
import GazetteMail

/// The preview server under load: `gazette preview` on the sample data, one email page requested by
/// `wrk` on two threads, latency percentiles as wrk measured them.
enum PreviewLoad {
    struct Latency {
        var p50: String
        var p99: String
        var requests: Int
        var peakKB: Int
    }

    static func measure(gazette: String, secret: String, seconds: Int, folder: String) throws -> Latency {
        let port = 28_000 + Int(getpid() % 1000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: gazette)
        // Without SpamAssassin: its one run of seconds of CPU, in the background, would fall inside
        // the measured requests on this two-core machine.
        server.arguments = ["preview", "--port", String(port), "--week", "2026-W53", "--no-spamassassin"]
        var environment = ProcessInfo.processInfo.environment
        environment["GAZETTE_SECRET"] = secret
        // The sample signs (digest.dkim): with throwaway keys of the run, RSA and Ed25519 as in
        // `make digest`, whatever the caller's GAZETTE_DKIM_KEYS.
        var keys: [String] = []
        for algorithm in DKIMAlgorithm.allCases {
            let path = folder + "/dkim-\(algorithm.keyType).pem"
            try Data(try DKIMKey.generate(algorithm).pkcs8PEM.utf8).write(to: URL(fileURLWithPath: path))
            keys.append(path)
        }
        environment["GAZETTE_DKIM_KEYS"] = keys.joined(separator: ":")
        server.environment = environment
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let url = "http://127.0.0.1:\(port)/emails/E1001"
        // Wait until it listens (the data loads once at start).
        guard LoopbackPort.waitUntilAccepting(port, tries: 300, every: 0.1) else {
            throw RunFailure("gazette preview did not answer on port \(port)")
        }
        guard let wrk = TestTools.which("wrk") else { throw RunFailure("wrk is not installed: run `make deps`") }
        // A short warm-up, then the measured run.
        _ = try Measured.run(wrk, ["-t2", "-c4", "-d2s", url])
        let result = try Measured.run(wrk, ["-t2", "-c4", "-d\(seconds)s", "--latency", url])
        guard result.status == 0 else { throw RunFailure("wrk failed: \(result.error)") }
        let peak = rss(of: server.processIdentifier)
        return Latency(
            p50: percentile("50%", in: result.output), p99: percentile("99%", in: result.output),
            requests: Measured.number(before: " requests in", in: result.output) ?? 0, peakKB: peak)
    }

    /// wrk's "Latency Distribution" line for `label`, in milliseconds ("50%    1.23ms" → "1.23").
    static func percentile(_ label: String, in text: String) -> String {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0] == label else { continue }
            let value = String(parts[1])
            if value.hasSuffix("us") { return String(format: "%.2f", (Double(value.dropLast(2)) ?? 0) / 1000) }
            if value.hasSuffix("ms") { return String(value.dropLast(2)) }
            if value.hasSuffix("s") { return String(format: "%.0f", (Double(value.dropLast(1)) ?? 0) * 1000) }
            return value
        }
        return "?"
    }

    /// The server's peak resident memory so far (VmHWM).
    static func rss(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }
}
