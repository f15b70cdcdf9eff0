import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// One build of an output folder at a time (two raced for the swap), and what a killed build left
/// next to it removed by the next one.
@Suite("Site lock and leftovers")
struct SiteLockTests {
    @Test func aSecondBuildOfTheSameOutputStopsAndSaysSo() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let published = fixture.scratch.snapshot("Output/site")
        let running = try #require(try FileLock.take(fixture.path("Output/.site.lock"), .exclusive, wait: false))
        fixture.write("policies/terms/2026-02-01.en.md", "---\ntitle: \"New\"\neffective: 2026-02-01\n---\nNew text.\n")
        #expect(
            throws: RunFailure(
                "another gazette site is building \(fixture.outputPath) (lock \(fixture.path("Output/.site.lock"))): let it finish, or stop it, then run again"
            )
        ) {
            try fixture.build()
        }
        #expect(fixture.scratch.snapshot("Output/site") == published)
        running.release()
        try fixture.build()
        #expect(fixture.page("en/terms/index.html")?.contains("New text.") == true)
        // Another output folder next to it has a lock of its own.
        try fixture.build(output: fixture.path("Output/other"))
        #expect(fixture.scratch.exists("Output/.other.lock"))
    }

    /// Staging folders of a build killed before or during the swap (`.site.new-…`, `.site.old-…`) are
    /// removed by the next build, which writes what a clean build writes.
    @Test func aBuildRemovesWhatAKilledBuildLeft() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let clean = fixture.scratch.snapshot("Output")
        fixture.scratch.write("Output/.site.new-4242-0A1B2C3D/en/index.html", "half")
        fixture.scratch.write("Output/.site.old-4242-0A1B2C3D/en/index.html", "old")
        fixture.scratch.write("Output/.other.new-4242-0A1B2C3D/index.html", "another output's")
        try fixture.build()
        #expect(!fixture.scratch.exists("Output/.site.new-4242-0A1B2C3D"))
        #expect(!fixture.scratch.exists("Output/.site.old-4242-0A1B2C3D"))
        #expect(fixture.scratch.exists("Output/.other.new-4242-0A1B2C3D"), "another output's staging folder is its own build's")
        try FileManager.default.removeItem(atPath: fixture.path("Output/.other.new-4242-0A1B2C3D"))
        #expect(fixture.scratch.snapshot("Output") == clean)
    }

    /// The PDF cache is locked while it is used; a killed build's work folder (where its WeasyPrint
    /// wrote) and temporary files are removed.
    @Test func thePDFCacheLosesAKilledBuildsWorkFolder() throws {
        let renderer = try #require(TestSupport.which("weasyprint"), "weasyprint is not installed: run `make deps`")
        let scratch = ScratchFolder("gazette-pdf-leftovers")
        let cache = scratch.path + "/cache"
        scratch.write("cache/work-4242/abc.html", "<p>half</p>")
        scratch.write("cache/work-4242/abc.pdf", "%PDF-half")
        scratch.write("cache/.abc.pdf.4242-99.tmp", "%PDF-half")
        scratch.write("assets/site.css", "p{}")
        let step = PDFStep(cacheDirectory: cache, assetsDirectory: scratch.path + "/assets", renderer: renderer)
        _ = try step.run([], progress: .silent)
        #expect(!scratch.exists("cache/work-4242"))
        #expect(!scratch.exists("cache/.abc.pdf.4242-99.tmp"))
        // While another build holds the cache, this one waits for it rather than touching it.
        let held = try #require(try FileLock.take(cache + "/.lock", .exclusive, wait: false))
        let done = Flag()
        let thread = Thread {
            _ = try? step.run([], progress: .silent)
            done.set()
        }
        thread.start()
        usleep(300_000)
        #expect(!done.isSet)
        held.release()
        for _ in 0..<100 where !done.isSet { usleep(50_000) }
        #expect(done.isSet)
    }

    final class Flag: Sendable {
        private let value = Locked(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }
}
