import Foundation

/// A value behind a lock: the one way Gazette shares mutable state between threads (the preview's
/// request handlers, the workers of `Parallel.map`, caches shared by the companies of a week).
///
/// `@unchecked` only because the compiler cannot see that `value` is reached under `lock` alone;
/// `Value: Sendable` keeps anything unsafe from being put in or taken out.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock; keep it short (no waiting, no I/O).
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
