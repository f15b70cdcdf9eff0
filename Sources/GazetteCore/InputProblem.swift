/// One problem with the user's input, located in a file: `path:line: message`.
///
/// Input problems are collected, not thrown one at a time: someone fixing an export or a policy
/// document wants to see all of them at once.
public struct InputProblem: Error, Equatable, Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The file, as the user named it (relative to the working directory where possible).
    public var path: String
    /// 1-based line number, or nil when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong, quoting the bad value, and what to do about it.
    public var message: String

    public init(path: String, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, or `path: message` for a problem of the whole file; always one line (a
    /// line break in a file name or a quoted value is written `\n`).
    public var description: String {
        if let line { return "\(OneLine.escaped(path)):\(line): \(OneLine.escaped(message))" }
        return "\(OneLine.escaped(path)): \(OneLine.escaped(message))"
    }

    public static func < (lhs: InputProblem, rhs: InputProblem) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        return lhs.message < rhs.message
    }
}

/// Bad input: every problem found, sorted by file and line. The CLI exits with status 2.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]

    /// Problems sorted by file and line; the same problem found twice (one template, many pages) is kept once.
    public init(_ problems: [InputProblem]) {
        self.problems = Array(Set(problems)).sorted()
    }

    public init(_ problem: InputProblem) {
        self.problems = [problem]
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// A run that failed for a reason other than bad input (I/O, an internal fault). The CLI exits with 1.
public struct RunFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    /// The message on one line (a path with a line break in it is written `\n`).
    public var description: String { OneLine.escaped(message) }
}

/// Collects input problems during a step; `check()` throws them together. Warnings (something left
/// out that the user should know of, which does not stop the run) are collected beside them.
public struct ProblemList: Sendable {
    public private(set) var problems: [InputProblem] = []
    /// Printed as `warning: path: message`; never a reason to stop.
    public private(set) var warnings: [InputProblem] = []

    public init() {}

    public var isEmpty: Bool { problems.isEmpty }

    public mutating func add(_ problem: InputProblem) {
        problems.append(problem)
    }

    public mutating func add(_ path: String, line: Int? = nil, _ message: String) {
        problems.append(InputProblem(path: path, line: line, message))
    }

    public mutating func add(contentsOf other: [InputProblem]) {
        problems.append(contentsOf: other)
    }

    public mutating func warn(_ path: String, line: Int? = nil, _ message: String) {
        warnings.append(InputProblem(path: path, line: line, message))
    }

    /// Runs `body`, collecting its input problems instead of stopping; nil when it had any.
    public mutating func collect<T>(_ body: () throws(InputError) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.append(contentsOf: error.problems)
            return nil
        }
    }

    /// Throws every collected problem as one `InputError`, if there is any.
    public func check() throws(InputError) {
        if !problems.isEmpty { throw InputError(problems) }
    }
}
