import GazetteCore
import Testing

/// Running programs: standard input handed over while both outputs are read.
@Suite struct ChildProcessTests {
    static let large = String(repeating: "0123456789abcdef\n", count: 60_000)  // about 1 MB, far over a pipe's 64 KB

    /// cat writes as it reads: with the input written before the outputs were read, both sides waited
    /// for ever once the pipes were full.
    @Test func aLargeInputReachesAProgramThatWritesAsItReads() throws {
        let result = try ChildProcess.run("/bin/cat", [], input: Self.large)
        #expect(result.status == 0)
        #expect(result.output == Self.large)
    }

    /// A program that exits without reading its input used to end this process too (SIGPIPE).
    @Test func aProgramThatDoesNotReadItsInputJustExits() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "echo done; exit 3"], input: Self.large)
        #expect(result.status == 3)
        #expect(result.output == "done\n")
    }

    @Test func withoutInputTheProgramReadsEndOfFile() throws {
        let result = try ChildProcess.run("/bin/cat", [])
        #expect(result.status == 0)
        #expect(result.output == "")
    }
}
