import Foundation
import GazetteCore

#if canImport(Glibc)
import Glibc
#endif

/// A command run under `/usr/bin/time -v`: its wall time and peak resident memory, as the kernel
/// counted them.
enum Measured {
    struct Result {
        var status: Int32
        var seconds: Double
        var peakKB: Int
        var output: String
        var error: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else {
            throw RunFailure("\(time) is not installed: run `make deps` (Debian package time)")
        }
        // Each command starts on a quiet machine: what the previous one wrote (a digest batch writes
        // gigabytes) is flushed first, or the kernel's write-back would run during this measurement.
        sync()
        let measured = try ChildProcess.run(time, ["-v", executable] + arguments, environment: environment)
        let errorText = measured.error
        return Result(
            status: measured.status, seconds: wallSeconds(errorText) ?? 0,
            peakKB: Int(field("Maximum resident set size (kbytes)", in: errorText) ?? "0") ?? 0,
            output: measured.output, error: errorText)
    }

    /// The result with the median wall time.
    static func median(_ results: [Result]) -> Result {
        results.sorted { $0.seconds < $1.seconds }[results.count / 2]
    }

    /// The whole number right before `marker` ("52 written" → 52).
    static func number(before marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    static func field(_ name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(name + ":") { return trimmed.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:09.81" → 9.81.
    static func wallSeconds(_ text: String) -> Double? {
        guard let value = field("Elapsed (wall clock) time (h:mm:ss or m:ss)", in: text) else { return nil }
        var seconds = 0.0
        for part in value.split(separator: ":") { seconds = seconds * 60 + (Double(part) ?? 0) }
        return seconds
    }
}

/// Finding the comparison tools.
enum TestTools {
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The results, as one table.
struct BenchTable {
    private var rows: [(String, String, String, String)] = []
    private var notes: [String] = []

    mutating func add(_ name: String, wall: Double?, rss: Int, note: String) {
        rows.append((name, wall.map { String(format: "%.2f s", $0) } ?? "–", rss > 0 ? "\(rss / 1024) MB" : "–", note))
    }

    mutating func note(_ text: String) { notes.append(text) }

    func render() -> String {
        let header = ("measurement", "wall", "peak RSS", "")
        let all = [header] + rows
        let widths = (0..<3).map { column in all.map { [$0.0, $0.1, $0.2][column].count }.max() ?? 0 }
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = all.map { pad($0.0, widths[0]) + "  " + pad($0.1, widths[1]) + "  " + pad($0.2, widths[2]) + "  " + $0.3 }
        lines.insert(String(repeating: "-", count: lines[0].count + 20), at: 1)
        lines.append("")
        lines.append(contentsOf: notes)
        let machine =
            "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "\(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
        return "Gazette benchmark (\(machine))\n\n" + lines.joined(separator: "\n") + "\n"
    }
}
