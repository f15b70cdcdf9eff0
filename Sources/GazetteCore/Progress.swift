import Foundation

/// ProgressBar of a long step, drawn on standard error when it is a terminal (never when piped).
public final class ProgressBar: @unchecked Sendable {
    /// Draws nothing.
    public static let silent = ProgressBar(enabled: false)

    /// A progress bar on standard error when it is a terminal, else nothing.
    public static func terminal() -> ProgressBar {
        ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
    }

    private let enabled: Bool
    private let lock = NSLock()
    private var label = ""
    private var total = 0
    private var done = 0
    private var lastDrawn = -1

    init(enabled: Bool) {
        self.enabled = enabled
    }

    public func start(_ label: String, total: Int) {
        guard enabled else { return }
        lock.withLock {
            self.label = label
            self.total = total
            self.done = 0
            self.lastDrawn = -1
        }
        draw()
    }

    public func advance(by count: Int = 1) {
        guard enabled else { return }
        lock.withLock { done += count }
        draw()
    }

    /// Clears the bar, leaving the line free for the summary.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw() {
        let line: String? = lock.withLock {
            let percent = total == 0 ? 100 : min(100, done * 100 / total)
            guard percent != lastDrawn else { return nil }
            lastDrawn = percent
            let width = 30
            let filled = width * percent / 100
            return "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(done)/\(total)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
