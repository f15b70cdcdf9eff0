import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

/// Reading files (whole, as bytes and as UTF-8 text) and listing folders.
@Suite struct FileReadingTests {
    @Test func wholeFilesOfAnySize() throws {
        let folder = ScratchFolder("gazette-file-bytes")
        folder.write("empty", "")
        #expect(FileBytes.read(folder.path + "/empty") == [])
        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(large).write(to: URL(fileURLWithPath: folder.path + "/large"))
        #expect(FileBytes.read(folder.path + "/large") == large)
        #expect(FileBytes.read(folder.path + "/missing") == nil)
        #expect(FileBytes.read(folder.path) == nil, "a folder is not a file")
    }

    @Test func textIsUTF8WithoutItsByteOrderMark() throws {
        let folder = ScratchFolder("gazette-text-file")
        folder.write("bom.md", "\u{FEFF}één\n")
        #expect(try TextFile.read(folder.path + "/bom.md") == "één\n")
        try Data([0x61, 0x0A, 0x62, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: folder.path + "/latin1.md"))
        #expect(
            throws: InputError(InputProblem(path: folder.path + "/latin1.md", line: 2, "the file is not valid UTF-8: save it as UTF-8"))
        ) {
            try TextFile.read(folder.path + "/latin1.md")
        }
        #expect(throws: InputError.self) { try TextFile.read(folder.path + "/missing.md") }
    }

    @Test func listingIsSortedSkipsHiddenAndFollowsNoLinks() throws {
        let folder = ScratchFolder("gazette-file-tree")
        folder.write("b/2.md", "x")
        folder.write("b/10.md", "x")
        folder.write("a.md", "x")
        folder.write(".hidden/x.md", "x")
        folder.write("b/.draft.md", "x")
        folder.write("c.txt", "x")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.md", withDestinationPath: folder.path + "/a.md")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/linked", withDestinationPath: folder.path + "/b")
        #expect(FileTree.files(below: folder.path, withSuffix: ".md") == ["a.md", "b/10.md", "b/2.md"])
        #expect(FileTree.files(below: folder.path) == ["a.md", "b/10.md", "b/2.md", "c.txt"])
        #expect(FileTree.files(below: folder.path + "/a.md") == nil)
        #expect(FileTree.isDirectory(folder.path + "/b"))
        #expect(!FileTree.isDirectory(folder.path + "/a.md"))
    }

    /// What is left out but looks meant to be read comes back as an oddity, sorted by path: hidden
    /// folders and hidden files with the suffix, links (with the suffix, to a folder, dangling), FIFOs
    /// with the suffix, folders named with the suffix. Other files are neither listed nor reported.
    @Test func listingReportsWhatItLeavesOut() throws {
        let folder = ScratchFolder("gazette-file-tree-oddities")
        folder.write("a.md", "x")
        folder.write(".hidden/x.md", "x")
        folder.write("b/.draft.md", "x")
        folder.write("b/.DS_Store", "x")
        folder.write("c.md/inside.md", "x")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.md", withDestinationPath: folder.path + "/a.md")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/linked", withDestinationPath: folder.path + "/b")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/dangling", withDestinationPath: folder.path + "/nothing")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/text-link", withDestinationPath: folder.path + "/a.md")
        #expect(mkfifo(folder.path + "/b/pipe.md", 0o644) == 0)
        #expect(mkfifo(folder.path + "/b/pipe.txt", 0o644) == 0)
        let listing = try #require(FileTree.listing(below: folder.path, withSuffix: ".md"))
        #expect(listing.files == ["a.md"])
        typealias Oddity = FileTree.Oddity
        #expect(
            listing.oddities == [
                Oddity(path: ".hidden", kind: .hidden),
                Oddity(path: "b/.draft.md", kind: .hidden),
                Oddity(path: "b/pipe.md", kind: .special),
                Oddity(path: "c.md", kind: .folderWithSuffix),
                Oddity(path: "dangling", kind: .symbolicLink(target: folder.path + "/nothing", dangling: true)),
                Oddity(path: "link.md", kind: .symbolicLink(target: folder.path + "/a.md", dangling: false)),
                Oddity(path: "linked", kind: .symbolicLink(target: folder.path + "/b", dangling: false)),
            ])
        #expect(listing.oddities.filter { !$0.isError }.map(\.path) == [".hidden", "b/.draft.md"])
    }

    /// Reading with a limit refuses a larger file before reading it; without following links, a link.
    @Test func readingWithALimitAndWithoutLinks() throws {
        let folder = ScratchFolder("gazette-file-limit")
        folder.write("ten", "0123456789")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: folder.path + "/ten")
        #expect(FileBytes.read(folder.path + "/ten", atMost: 10, followingLinks: false) == .success(Array("0123456789".utf8)))
        #expect(FileBytes.read(folder.path + "/ten", atMost: 9, followingLinks: false) == .failure(.tooLarge(size: 10)))
        #expect(FileBytes.read(folder.path + "/link", atMost: nil, followingLinks: false) == .failure(.unreadable))
        #expect(FileBytes.read(folder.path + "/link", atMost: nil, followingLinks: true) == .success(Array("0123456789".utf8)))
        #expect(
            throws: InputError(InputProblem(path: folder.path + "/ten", "the file is 10 bytes, more than the 9 bytes allowed: shorten it"))
        ) {
            try TextFile.read(folder.path + "/ten", limit: .init(bytes: 9, advice: "shorten it"))
        }
    }

    /// One problem, one line: control characters in a path or message are escaped.
    @Test func problemsStayOnOneLine() {
        #expect(InputProblem(path: "a\nb.md", line: 3, "x\ty").description == "a\\nb.md:3: x\\ty")
        #expect(InputProblem(path: "a\\b\r.md", "\u{1B}[31m").description == "a\\\\b\\r.md: \\u001b[31m")
        #expect(InputProblem(path: "plain\\path.md", "no \\ change").description == "plain\\path.md: no \\ change")
        #expect(RunFailure("cannot write a\nb").description == "cannot write a\\nb")
    }

    @Test func foldersAreMadeWithTheirParents() throws {
        let folder = ScratchFolder("gazette-make-directory")
        try AtomicOutput.makeDirectory(folder.path + "/x/y/z")
        try AtomicOutput.makeDirectory(folder.path + "/x/y/z")
        #expect(FileTree.isDirectory(folder.path + "/x/y/z"))
        folder.write("file", "x")
        #expect(throws: RunFailure.self) { try AtomicOutput.makeDirectory(folder.path + "/file") }
        #expect(throws: RunFailure.self) { try AtomicOutput.makeDirectory(folder.path + "/file/below") }
    }
}
