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
    /// piece throws, no new piece starts and the error of the lowest failing index is rethrown; a body
    /// that cannot throw makes a call that cannot either (`Failure` is `Never`: no `try!`).
    public static func map<T: Sendable, Failure: Error>(
        _ count: Int, workers: Int = defaultWorkers, _ body: @Sendable (Int) throws(Failure) -> T
    ) throws(Failure) -> [T] {
        if count == 0 { return [] }
        if workers <= 1 || count == 1 {
            var results: [T] = []
            results.reserveCapacity(count)
            for index in 0..<count { results.append(try body(index)) }
            return results
        }
        let state = Locked(State<T, Failure>(slots: Array(repeating: nil, count: count)))
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            while let index = state.withLock({ $0.next() }) {
                let result: Result<T, Failure>
                do throws(Failure) {
                    result = .success(try body(index))
                } catch {
                    result = .failure(error)
                }
                state.withLock { $0.store(result, at: index) }
            }
        }
        return try state.withLock { $0 }.results()
    }

    /// The next index to hand out and the results so far (behind `Locked`).
    private struct State<T: Sendable, Failure: Error>: Sendable {
        var nextIndex = 0
        var failed = false
        var slots: [Result<T, Failure>?]

        mutating func next() -> Int? {
            guard !failed, nextIndex < slots.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }

        mutating func store(_ result: Result<T, Failure>, at index: Int) {
            slots[index] = result
            if case .failure = result { failed = true }
        }

        func results() throws(Failure) -> [T] {
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
