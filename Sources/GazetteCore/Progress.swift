import Foundation

/// ProgressBar of a long step, drawn on standard error when it is a terminal (never when piped).
public final class ProgressBar: Sendable {
    /// Draws nothing.
    public static let silent = ProgressBar(enabled: false)

    /// A progress bar on standard error when it is a terminal, else nothing.
    public static func terminal() -> ProgressBar {
        ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
    }

    private let enabled: Bool
    /// What the bar shows, shared by the threads that advance it.
    private struct State: Sendable {
        var label = ""
        var total = 0
        var done = 0
        var lastDrawn = -1
    }

    private let state = Locked(State())

    init(enabled: Bool) {
        self.enabled = enabled
    }

    public func start(_ label: String, total: Int) {
        guard enabled else { return }
        state.withLock { $0 = State(label: label, total: total) }
        draw()
    }

    public func advance(by count: Int = 1) {
        guard enabled else { return }
        state.withLock { $0.done += count }
        draw()
    }

    /// Clears the bar, leaving the line free for the summary.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw() {
        let line: String? = state.withLock { state in
            let percent = state.total == 0 ? 100 : min(100, state.done * 100 / state.total)
            guard percent != state.lastDrawn else { return nil }
            state.lastDrawn = percent
            let width = 30
            let filled = width * percent / 100
            return "\r\(state.label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(state.done)/\(state.total)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
