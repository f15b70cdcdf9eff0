import Foundation
import GazetteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at random moments of a sample-sized digest and of a site build: after each, a rerun
/// exits 0, writes exactly what a clean run writes, and leaves nothing temporary (no `.*.tmp`, no
/// `.new-`/`.old-` staging folder, no PDF work folder) in the mail, preview and site output.
@Suite("kill -9, then rerun")
struct KillTests {
    static let kills = 10

    /// The sample content and templates in a scratch folder laid out like the repository.
    static func workspace(_ label: String) -> ScratchFolder {
        let scratch = ScratchFolder(label)
        scratch.copy(TestSupport.path("Content"), to: "Content")
        scratch.copy(TestSupport.path("Templates"), to: "Templates")
        return scratch
    }

    /// Runs `gazette` to completion; its status.
    static func run(_ arguments: [String], in scratch: ScratchFolder, environment: [String: String]) throws -> ProgramResult {
        try runProgram(TestSupport.gazetteBinary, arguments, in: scratch.path, environment: environment)
    }

    /// Starts `gazette`, kills it with SIGKILL after `delay` seconds (if it is still running), waits
    /// for it; whether it was killed.
    static func kill(_ arguments: [String], after delay: Double, in scratch: ScratchFolder, environment: [String: String]) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.gazetteBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(delay * 1_000_000))
        let killed = process.isRunning && Glibc.kill(process.processIdentifier, SIGKILL) == 0
        process.waitUntilExit()
        return killed && process.terminationReason == .uncaughtSignal
    }

    /// Paths below `relative` whose name is a temporary file, a staging folder or a PDF work folder.
    static func temporaries(_ scratch: ScratchFolder, below relative: String) -> [String] {
        var found: [String] = []
        let root = scratch.path + "/" + relative
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        for case let path as String in enumerator {
            let name = (path as NSString).lastPathComponent
            if (name.hasPrefix(".") && (name.hasSuffix(".tmp") || name.contains(".new-") || name.contains(".old-")))
                || name.hasPrefix("work-")
            {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `kills` rounds of: `prepare`, start the run, kill it after a random delay up to `duration`,
    /// rerun it to the end; then the rerun must exit 0, leave nothing temporary below Output/ and
    /// `check` its output. At least a third of the runs must really be killed.
    static func killAndRerun(
        _ arguments: [String], in scratch: ScratchFolder, environment: [String: String], duration: Double,
        using generator: inout SeededGenerator, prepare: (inout SeededGenerator) throws -> Void = { _ in },
        check: (_ round: String) throws -> Void
    ) throws {
        var killed = 0
        for round in 0..<kills {
            try prepare(&generator)
            let delay = Double.random(in: 0.02...duration, using: &generator)
            if try kill(arguments, after: delay, in: scratch, environment: environment) { killed += 1 }
            let rerun = try run(arguments, in: scratch, environment: environment)
            let label = "round \(round), killed after \(delay) s"
            #expect(rerun.status == 0, "\(label): \(rerun.error)")
            #expect(temporaries(scratch, below: "Output") == [], "\(label)")
            try check(label)
        }
        #expect(killed >= kills / 3, "runs are killed before they finish (\(killed) of \(kills))")
    }

    @Test func aKilledDigestIsRepairedByTheRerun() throws {
        let scratch = Self.workspace("gazette-kill-digest")
        let environment = ["GAZETTE_SECRET": DigestCLITests.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]
        let arguments = ["digest", "--week", "2026-W53"]
        let clean = try Self.run(arguments, in: scratch, environment: environment)
        #expect(clean.status == 0, "\(clean.error)")
        // How long a rerun takes (the process included): the kills fall anywhere in one.
        let start = ContinuousClock.now
        #expect(try Self.run(arguments, in: scratch, environment: environment).status == 0)
        let duration = Self.seconds(since: start)
        #expect(scratch.exists("Output/preview/2026-W53/index.html"), "the sample writes the static preview")
        let mail = scratch.snapshot("Output/mail")
        let preview = scratch.snapshot("Output/preview")
        var generator = SeededGenerator(seed: 16)
        // Anywhere from the start to the end of a run: loading, the companies, the manifest, the preview.
        try Self.killAndRerun(arguments, in: scratch, environment: environment, duration: duration, using: &generator) { round in
            #expect(scratch.snapshot("Output/mail") == mail, "\(round)")
            #expect(scratch.snapshot("Output/preview") == preview, "\(round)")
        }
    }

    /// The site build with PDFs, through a stand-in for WeasyPrint (a script that takes a moment and
    /// writes the print HTML behind a PDF header: quick, deterministic, and like WeasyPrint it goes on
    /// writing after `gazette` is killed). Each killed build has some PDFs to render.
    @Test func aKilledSiteBuildIsRepairedByTheRerun() throws {
        let scratch = Self.workspace("gazette-kill-site")
        scratch.write(
            "bin/weasyprint",
            """
            #!/bin/sh
            # Stand-in for WeasyPrint in KillTests: weasyprint -q --base-url DIR/ INPUT.html OUTPUT.pdf
            if [ "$1" = "--version" ]; then echo "WeasyPrint version 0 (stand-in)"; exit 0; fi
            sleep 0.1
            { printf '%%PDF-1.4 stand-in\\n'; cat "$4"; } > "$5"

            """)
        #expect(chmod(scratch.path + "/bin/weasyprint", 0o755) == 0)
        let environment = ["PATH": scratch.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let arguments = ["site", "--today", "2026-11-22"]
        let clean = try Self.run(arguments, in: scratch, environment: environment)
        #expect(clean.status == 0, "\(clean.error)")
        let site = scratch.snapshot("Output/site")
        #expect(site.keys.contains { $0.hasSuffix(".pdf") })
        var generator = SeededGenerator(seed: 9)
        // A few cached PDFs gone: the build renders them (and is killed while it does, sometimes).
        func dropSomePDFs(_ generator: inout SeededGenerator) throws {
            let cached = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/Output/.cache/pdf").filter {
                $0.hasSuffix(".pdf")
            }.sorted()
            for name in cached.shuffled(using: &generator).prefix(3) {
                try FileManager.default.removeItem(atPath: scratch.path + "/Output/.cache/pdf/" + name)
            }
        }
        try dropSomePDFs(&generator)
        let start = ContinuousClock.now
        #expect(try Self.run(arguments, in: scratch, environment: environment).status == 0)
        let duration = Self.seconds(since: start)
        #expect(scratch.snapshot("Output/site") == site)
        try Self.killAndRerun(
            arguments, in: scratch, environment: environment, duration: duration, using: &generator, prepare: dropSomePDFs
        ) { round throws in
            #expect(scratch.snapshot("Output/site") == site, "\(round)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/Output").sorted() == [".cache", ".site.lock", "site"])
        }
    }
}
