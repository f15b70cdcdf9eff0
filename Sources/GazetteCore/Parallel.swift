import Foundation

/// Runs independent pieces of work on every core, keeping results in input order, so that what is
/// written stays deterministic however the work was scheduled.
public enum Parallel {
    /// Worker threads: `GAZETTE_JOBS` when set (≥ 1), else the number of active cores.
    public static var defaultWorkers: Int {
        if let text = ProcessInfo.processInfo.environment["GAZETTE_JOBS"], let jobs = Int(text), jobs >= 1 { return jobs }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `body(0)` … `body(count - 1)`, on up to `workers` threads, taking the next index as each is free
    /// (pieces of very different sizes balance themselves). Returns the results in index order. When a
    /// piece throws, no new piece starts and the error of the lowest failing index is rethrown.
    public static func map<T: Sendable>(_ count: Int, workers: Int = defaultWorkers, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        if count == 0 { return [] }
        if workers <= 1 || count == 1 { return try (0..<count).map(body) }
        let state = State<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            while let index = state.next() {
                do {
                    state.store(.success(try body(index)), at: index)
                } catch {
                    state.store(.failure(error), at: index)
                }
            }
        }
        return try state.results()
    }

    private final class State<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var failed = false
        private var slots: [Result<T, Error>?]

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
        }

        func next() -> Int? {
            lock.withLock {
                guard !failed, nextIndex < slots.count else { return nil }
                defer { nextIndex += 1 }
                return nextIndex
            }
        }

        func store(_ result: Result<T, Error>, at index: Int) {
            lock.withLock {
                slots[index] = result
                if case .failure = result { failed = true }
            }
        }

        func results() throws -> [T] {
            var values: [T] = []
            values.reserveCapacity(slots.count)
            for slot in slots {
                switch slot {
                case .success(let value): values.append(value)
                case .failure(let error): throw error
                case .none: continue  // not started after an earlier failure
                }
            }
            return values
        }
    }
}
