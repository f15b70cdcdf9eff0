import Foundation
import GazetteCore

#if canImport(Glibc)
import Glibc
#endif

/// A server program a test starts on a free loopback port and stops at the end whatever happens
/// (`stop()`, also from `deinit`): smtp-sink, Postfix's master. Its output goes to a log file in the
/// test's folder, shown when it fails to start.
final class LocalServer: @unchecked Sendable {
    let name: String
    let port: Int
    let log: String
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    /// Starts `executable` and waits until 127.0.0.1:`port` accepts connections.
    init(_ name: String, executable: String, arguments: [String], port: Int, log: String, environment: [String: String] = [:]) throws {
        self.name = name
        self.port = port
        self.log = log
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)!
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if Self.accepts(port: port) { return }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw RunFailure("\(name) did not start on 127.0.0.1:\(port): \(String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self))")
    }

    /// Stops the server (SIGTERM, then SIGKILL after two seconds) and waits for it.
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<40 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    var logText: String { String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self) }

    /// A port on 127.0.0.1 that nothing listens on (the kernel picks it).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static var isRoot: Bool { getuid() == 0 }
}
