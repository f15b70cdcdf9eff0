import Foundation
import GazetteCore

#if canImport(Glibc)
import Glibc
#endif

/// `gazette send` beside Postfix's own load generator, `smtp-source`: the same `smtp-sink` on
/// loopback (which takes every message and throws it away), the same number of connections, the
/// same message size (the week's average), one after the other in the same run. gazette send runs
/// with its ledger, from a fresh ledger each time, reading the week's files from disk.
enum SendLoad {
    struct Figures {
        var messages: Int
        var averageSize: Int
        var gazette: Measured.Result
        /// smtp-source opening a connection per message (its default).
        var source: Measured.Result
        /// smtp-source keeping its connections (`-d`), as gazette send does.
        var sourceKeeping: Measured.Result
    }

    static func measure(gazette: String, mail: String, week: String, connections: Int, repeats: Int, folder: String) throws -> Figures {
        guard let sink = TestTools.which("smtp-sink"), let source = TestTools.which("smtp-source") else {
            throw RunFailure("smtp-sink and smtp-source are not installed: run `make deps` (Debian package postfix)")
        }
        let files = FileTree.files(below: mail + "/" + week, withSuffix: ".eml") ?? []
        guard !files.isEmpty else { throw RunFailure("no messages in \(mail)/\(week)") }
        var total = 0
        for file in files {
            var info = stat()
            if stat(mail + "/" + week + "/" + file, &info) == 0 { total += Int(info.st_size) }
        }
        let average = total / files.count
        let port = LoopbackPort.free()
        let config = folder + "/send.yml"
        try AtomicOutput.write(
            """
            # Written by gazette-bench: gazette send into smtp-sink on loopback.
            delivery:
              relay: "smtp://127.0.0.1:\(port)"
              envelope_from: "bounces@bench.example"
              connections: \(connections)
              max_wait_seconds: 0
              hold_until_date: false

            """, to: config)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: sink)
        server.arguments = (getuid() == 0 ? ["-u", "nobody"] : []) + ["127.0.0.1:\(port)", "512"]
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try ChildProcess.launch(server)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        guard LoopbackPort.waitUntilAccepting(port, tries: 100, every: 0.05) else {
            throw RunFailure("smtp-sink did not start on port \(port)")
        }

        var sends: [Measured.Result] = []
        var sources: [Measured.Result] = []
        var keeping: [Measured.Result] = []
        let sourceArguments = [
            "-s", String(connections), "-m", String(files.count), "-l", String(average), "-f", "bounces@bench.example",
            "-t", "someone@bench.example",
        ]
        for _ in 0..<max(1, repeats) {
            // The week was just written: its gigabytes go to disk first, so that the write-back does
            // not fall on the first of the measured runs only (a nightly job sends a week written
            // earlier).
            sync()
            // A fresh ledger: every message is sent again.
            for name in ["delivery.sqlite", "delivery.sqlite-wal", "delivery.sqlite-shm"] { unlink(mail + "/" + name) }
            let send = try Measured.run(gazette, ["send", "--mail", mail, "--config", config, "--week", week])
            guard send.status == 0, Measured.number(before: " sent", in: send.output) == files.count else {
                throw RunFailure("gazette send did not send every message: \(send.output) \(send.error)")
            }
            sends.append(send)
            let plain = try Measured.run(source, sourceArguments + ["127.0.0.1:\(port)"])
            guard plain.status == 0 else { throw RunFailure("smtp-source failed: \(plain.error)") }
            sources.append(plain)
            let kept = try Measured.run(source, sourceArguments + ["-d", "127.0.0.1:\(port)"])
            guard kept.status == 0 else { throw RunFailure("smtp-source -d failed: \(kept.error)") }
            keeping.append(kept)
        }
        return Figures(
            messages: files.count, averageSize: average, gazette: Measured.median(sends), source: Measured.median(sources),
            sourceKeeping: Measured.median(keeping))
    }
}
