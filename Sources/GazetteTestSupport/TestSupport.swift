import Foundation
import GazetteCore

/// Helpers shared by the test targets: where the repository is, scratch folders, running programs.
public enum TestSupport {
    /// The repository root (this file is Sources/GazetteTestSupport/TestSupport.swift).
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// The built `gazette` binary: $GAZETTE_BINARY, else .build/debug/gazette.
    public static var gazetteBinary: String {
        ProcessInfo.processInfo.environment["GAZETTE_BINARY"] ?? repositoryRoot + "/.build/debug/gazette"
    }

    /// A path below the repository root.
    public static func path(_ relative: String) -> String { repositoryRoot + "/" + relative }

    /// The first of `names` found on PATH, or nil.
    public static func which(_ names: String...) -> String? {
        for name in names {
            if let found = ChildProcess.find(name) { return found }
        }
        return nil
    }
}

/// A scratch folder, removed when the value goes away.
public final class ScratchFolder: Sendable {
    public let path: String

    public init(_ label: String = "gazette-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A folder for the whole test process (a suite's `static let`, which is never released): removed
    /// when the process exits (`ProcessScratch`).
    public init(processScoped label: String) {
        path = try! ProcessScratch.folder(label)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `relative`, creating folders.
    public func write(_ relative: String, _ text: String) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Copies a file or folder from `source` to `relative`.
    public func copy(_ source: String, to relative: String) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! FileManager.default.copyItem(atPath: source, toPath: full)
    }

    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    /// Every regular file below `relative` with its bytes, keyed by relative path.
    public func snapshot(_ relative: String = "") -> [String: Data] {
        let root = relative.isEmpty ? path : path + "/" + relative
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [:] }
        for case let file as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[file] = FileManager.default.contents(atPath: root + "/" + file)
            }
        }
        return result
    }
}

/// The result of running a program.
public typealias ProgramResult = ChildProcess.Result

/// Runs a program to completion, capturing its output streams.
public func runProgram(
    _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
    input: String? = nil
) throws -> ProgramResult {
    try ChildProcess.run(executable, arguments, in: directory, environment: environment, input: input)
}

/// A small deterministic random number generator (SplitMix64) for repeatable generated texts.
public struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
