import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

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
}
