import Foundation
import GazetteTestSupport
import Testing

@testable import GazetteCore

@Suite("Atomic output")
struct AtomicOutputTests {
    @Test func writeReplacesAFileWholeAndLeavesNoTemporaryFile() throws {
        let scratch = ScratchFolder()
        try AtomicOutput.write("first", to: scratch.path + "/a.txt")
        try AtomicOutput.write("second", to: scratch.path + "/a.txt", durable: true)
        #expect(scratch.read("a.txt") == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["a.txt"])
    }

    @Test func writeIntoAMissingFolderFailsCleanly() {
        #expect(throws: RunFailure.self) { try AtomicOutput.write("x", to: "/nonexistent-folder/a.txt") }
    }

    @Test func replaceDirectorySwapsInTheNewFolder() throws {
        let scratch = ScratchFolder()
        scratch.write("out/site/old.html", "old")
        try AtomicOutput.replaceDirectory(scratch.path + "/out/site") { staging in
            try AtomicOutput.write("new", to: staging + "/new.html")
        }
        #expect(scratch.read("out/site/new.html") == "new")
        #expect(!scratch.exists("out/site/old.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out") == ["site"])
    }

    @Test func aFailedBuildLeavesThePublishedFolderAsItWas() throws {
        struct Boom: Error {}
        let scratch = ScratchFolder()
        scratch.write("out/site/index.html", "published")
        #expect(throws: Boom.self) {
            try AtomicOutput.replaceDirectory(scratch.path + "/out/site") { staging in
                try AtomicOutput.write("half", to: staging + "/index.html")
                throw Boom()
            }
        }
        #expect(scratch.read("out/site/index.html") == "published")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out") == ["site"])
    }

    @Test func replaceDirectoryCreatesAMissingTarget() throws {
        let scratch = ScratchFolder()
        try AtomicOutput.replaceDirectory(scratch.path + "/deep/out/site") { staging in
            try AtomicOutput.write("x", to: staging + "/x")
        }
        #expect(scratch.read("deep/out/site/x") == "x")
    }

    /// What an interrupted write or folder swap leaves (`.<name>.<pid>-<n>.tmp`, `.<name>.new-<pid>-<id>`,
    /// `.<name>.old-…`) is found by name and removed; nothing else is touched.
    @Test func leftoversOfInterruptedRunsAreRemovedAndNothingElse() throws {
        let scratch = ScratchFolder()
        let leftovers = [
            ".manifest.json.4242-123456.tmp", ".site.new-4242-0A1B2C3D", ".site.old-17-ABCDEF12", ".leie.new-9-12345678",
            ".co.uk.new-9-12345678/inside.eml",
        ]
        let kept = [
            "manifest.json", "site/index.html", ".site.lock", ".2026-W53.lock", ".site.new-x-12345678", ".notes.tmp",
            ".site.new-12-123", ".manifest.json.12.tmp", "site.new-1-12345678",
        ]
        for name in leftovers + kept { scratch.write("out/" + name, "x") }
        #expect(AtomicOutput.leftoverName(".manifest.json.4242-123456.tmp") == "manifest.json")
        #expect(AtomicOutput.leftoverName(".co.uk.new-9-12345678") == "co.uk")
        #expect(AtomicOutput.leftoverName(".site.lock") == nil)
        try AtomicOutput.removeLeftovers(of: scratch.path + "/out/site")
        #expect(!scratch.exists("out/.site.new-4242-0A1B2C3D") && !scratch.exists("out/.site.old-17-ABCDEF12"))
        #expect(scratch.exists("out/.leie.new-9-12345678"), "another target's staging folder is not touched")
        try AtomicOutput.removeLeftovers(in: scratch.path + "/out")
        let remaining = Set(scratch.snapshot("out").keys)
        #expect(remaining == Set(kept))
    }
}
