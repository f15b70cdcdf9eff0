import Foundation
import GazetteCore
import GazetteTestSupport

/// Postfix's `smtp-sink` on a free loopback port, with its own folder: every message it accepts is
/// dumped into a file of its own (`-d`), so a test can count what arrived by Message-ID. `options`
/// are smtp-sink's fault switches (`-r RCPT` soft-rejects every RCPT, `-Q .` answers the data with
/// 421, `-q .` drops the connection after the data, `-W cmd:delay` is slow, …; see `man smtp-sink`).
final class SMTPSink: Sendable {
    let folder: ScratchFolder
    let server: LocalServer
    var port: Int { server.port }
    var url: String { "smtp://127.0.0.1:\(port)" }
    var dumps: String { folder.path + "/dumps" }

    init(_ options: [String] = [], port: Int? = nil, folder: ScratchFolder = ScratchFolder("gazette-sink")) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder.path + "/dumps", withIntermediateDirectories: true)
        // smtp-sink drops root for `-u` (it must when started as root); the dumps folder is its.
        chmod(folder.path, 0o777)
        chmod(folder.path + "/dumps", 0o777)
        let port = port ?? LoopbackPort.free()
        let user = LocalServer.isRoot ? ["-u", "nobody"] : []
        server = try LocalServer(
            "smtp-sink", executable: "/usr/sbin/smtp-sink",
            arguments: user + ["-v", "-d", folder.path + "/dumps/m."] + options + ["127.0.0.1:\(port)", "256"], port: port,
            log: folder.path + "/sink-\(port).log")
    }

    func stop() { server.stop() }

    /// Every dumped message: its Message-ID (nil when it has none), and its text.
    func messages() -> [(messageID: String?, text: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dumps)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: dumps + "/" + name) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            return (Self.messageID(in: text), text)
        }
    }

    /// How many messages the sink has taken so far (its dump files, not read).
    func received() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: dumps)) ?? []).count
    }

    /// How many times each Message-ID arrived.
    func arrivals() -> [String: Int] {
        var counts: [String: Int] = [:]
        for message in messages() { if let id = message.messageID { counts[id, default: 0] += 1 } }
        return counts
    }

    /// SMTP sessions the sink saw (its `-v` log says "connect" once per session; the start-up probe is one).
    func sessions() -> Int {
        server.logText.split(separator: "\n").filter { $0.hasSuffix(": connect (AF_INET 127.0.0.1)") || $0.contains(": connect (AF_INET") }
            .count
    }

    static func messageID(in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line == "\r" { break }
            if line.lowercased().hasPrefix("message-id:") {
                return line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }
}
