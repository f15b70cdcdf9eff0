import Foundation

/// Says how long each step of a run took, on standard error, when `GAZETTE_TIMINGS=1` is set: for
/// operators and benchmarks that want to see where a run spends its time. Silent otherwise.
public struct StepTimer: Sendable {
    private let enabled: Bool
    private var last: ContinuousClock.Instant
    private let label: String

    public init(_ label: String) {
        self.label = label
        enabled = ProcessInfo.processInfo.environment["GAZETTE_TIMINGS"] == "1"
        last = .now
    }

    /// Ends the current step, named `step`.
    public mutating func lap(_ step: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let duration = now - last
        last = now
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        FileHandle.standardError.write(Data("\(label): \(step) \(String(format: "%.3f", seconds)) s\n".utf8))
    }
}
