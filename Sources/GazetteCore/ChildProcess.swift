import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Running another program to completion and capturing what it writes: WeasyPrint for the PDFs, the
/// measured commands of the benchmark, the `gazette` binary and the checkers in the tests.
public enum ChildProcess {
    /// What a finished program returned and wrote.
    public struct Result: Sendable {
        /// The exit status, or the signal's number when `stoppedBySignal`.
        public var status: Int32
        public var output: String
        public var error: String
        /// The program was killed by a signal instead of exiting.
        public var stoppedBySignal = false
    }

    /// The first of `names` found as an executable on PATH, or nil (a tool that may not be installed).
    public static func find(_ names: String..., environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, the current environment plus `environment`, in `directory`
    /// (else the current one), with `input` on its standard input (else none), and waits for it.
    /// Both output streams are read at once, and `input` written meanwhile, so a program that fills
    /// one pipe cannot block; a program that exits without reading all of `input` is not an error here.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        input: String? = nil
    ) throws(RunFailure) -> Result {
        try run(executable, arguments, in: directory, environment: environment, inputBytes: input.map { Array($0.utf8) })
    }

    /// The same with `inputBytes` on standard input as they are (a message file handed to sendmail
    /// need not be valid UTF-8, and must arrive byte for byte).
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        inputBytes input: [UInt8]?
    ) throws(RunFailure) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        do {
            try launch(process)
        } catch {
            throw RunFailure("cannot run \(executable): \(error.localizedDescription)")
        }
        let group = DispatchGroup()
        if let input, let inputPipe {
            // On a thread of its own while the outputs are read: a program that writes as it reads
            // (cat) fills its output pipe long before it has read a large input.
            let writing = inputPipe.fileHandleForWriting
            group.enter()
            Thread.detachNewThread {
                write(input, to: writing.fileDescriptor)
                try? writing.close()
                group.leave()
            }
        }
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self), stoppedBySignal: process.terminationReason == .uncaughtSignal)
    }

    /// Starts `process` from a thread whose signal mask is empty. A program inherits the mask of the
    /// thread that starts it, and Foundation does not reset it: started from a thread of Swift's
    /// concurrency pool (which blocks most signals), a server would never see the SIGTERM that
    /// should stop it.
    public static func launch(_ process: Process) throws {
        let outcome = LaunchOutcome()
        let thread = Thread {
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            do {
                try process.run()
            } catch {
                outcome.error = error
            }
            outcome.done.signal()
        }
        thread.start()
        outcome.done.wait()
        if let error = outcome.error { throw error }
    }

    /// What the launching thread hands back.
    private final class LaunchOutcome: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var error: Error?
    }

    /// Writes `bytes` to the pipe `fd` until all are written or the program stops reading (EPIPE).
    /// SIGPIPE, which would end this whole process, is blocked on this thread only, and the one that
    /// the failed write raised is taken back before the thread unblocks it.
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        if AtomicOutput.writeAll(bytes, to: fd) == EPIPE {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &now)
        }
    }
}
