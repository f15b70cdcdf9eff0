import Foundation
import GazetteFuzz

// `gazette-fuzz`: the fuzz targets of GazetteFuzz as one program.
//
// Built by `make fuzz` with `-sanitize=fuzzer,address -DGAZETTE_LIBFUZZER`, it is a libFuzzer program:
// the target comes from GAZETTE_FUZZ_TARGET, the flags and corpus folders are libFuzzer's
// (docs/fuzzing.md). In an ordinary build it replays inputs instead:
// `gazette-fuzz <target> <file or folder>…` runs every file through the target, which is how a crash
// that libFuzzer found is looked at in a debugger.

#if GAZETTE_LIBFUZZER

/// libFuzzer's driver (`FuzzerInterface.h`): runs the fuzzing loop with libFuzzer's flags. Called from
/// this program's own `main` because SwiftPM links every executable with `main` defined as its Swift
/// entry point, which keeps libFuzzer's `main` out. (Pointers and integers only: the Swift calling
/// convention passes them as C does.)
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The target this process fuzzes (GAZETTE_FUZZ_TARGET), chosen before fuzzing starts.
nonisolated(unsafe) private var selected = FuzzTarget.csv

@main
struct FuzzMain {
    static func main() {
        let name = ProcessInfo.processInfo.environment["GAZETTE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("gazette-fuzz: set GAZETTE_FUZZ_TARGET to one of \(names)\n".utf8))
            exit(2)
        }
        selected = target
        // One thread: libFuzzer ties the coverage it sees to the input it runs, and a crash replays alike.
        setenv("GAZETTE_JOBS", "1", 1)
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
    }
}

/// One input (also the symbol libFuzzer's own, unused `main` refers to).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#else

/// Replays inputs through one target, without coverage: `gazette-fuzz <target> <file or folder>…`.
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first, let target = FuzzTarget(rawValue: first), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: gazette-fuzz <\(names)> <file or folder>...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let files = target.replay(path) else {
                FileHandle.standardError.write(Data("gazette-fuzz: cannot read \(path)\n".utf8))
                exit(1)
            }
            count += files.count
        }
        print("gazette-fuzz \(target.rawValue): \(count) inputs replayed, no failure")
    }
}

#endif
