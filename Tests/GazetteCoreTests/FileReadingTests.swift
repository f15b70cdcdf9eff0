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
        #expect(throws: InputError(InputProblem(path: folder.path + "/latin1.md", line: 2, "the file is not valid UTF-8: save it as UTF-8"))) {
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
