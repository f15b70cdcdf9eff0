import Foundation
import GazetteCore

#if canImport(Glibc)
import Glibc
#endif

/// A server program a test starts on a free loopback port and stops at the end whatever happens
/// (`stop()`, also from `deinit`): smtp-sink, Postfix's master. Its output goes to a log file in the
/// test's folder, shown when it fails to start.
///
/// Started with `posix_spawn` rather than Foundation's `Process`, so that the server gets an empty
/// signal mask (a test's thread blocks most signals, and a server that inherits that never sees the
/// SIGTERM that should stop it), its own process group (stopped as a whole: Postfix's daemons too),
/// and no descriptor of the test process but its log (a server that kept another test's output pipe
/// open would make that test wait for the pipe's end for ever).
final class LocalServer: Sendable {
    let name: String
    let port: Int
    let log: String
    private let pid: pid_t
    private let stopped = Locked(false)

    /// Starts `executable` and waits until 127.0.0.1:`port` accepts connections.
    init(_ name: String, executable: String, arguments: [String], port: Int, log: String, environment: [String: String] = [:]) throws {
        self.name = name
        self.port = port
        self.log = log
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // glibc's closefrom action (2.34 and later) is declared only for _GNU_SOURCE: looked up by name.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw RunFailure("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)")
        }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw RunFailure("cannot start \(executable): \(String(cString: strerror(code)))") }
        pid = child
        for _ in 0..<200 {
            if LoopbackPort.accepts(port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                stopped.withLock { $0 = true }
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw RunFailure("\(name) did not start on 127.0.0.1:\(port): \(logText)")
    }

    /// Stops the server and everything it started (SIGTERM to its process group, SIGKILL after two
    /// seconds) and waits for it.
    func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        kill(-pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<40 {
            if waitpid(pid, &status, WNOHANG) == pid {
                // The daemons it started go with it.
                kill(-pid, SIGKILL)
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(-pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    deinit {
        stop()
    }

    var logText: String { String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self) }

    static var isRoot: Bool { getuid() == 0 }
}
