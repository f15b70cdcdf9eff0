import Foundation
import GazetteCore

/// A page laid out by headless Chromium at given viewport widths (Tests/Tools/layout_probe.py, with
/// Selenium and chromium-driver, which `make deps` installs): its height and where chosen elements are.
public struct BrowserLayout: Decodable, Sendable {
    /// One element's box in CSS pixels from the top left of the document, and its widths.
    public struct Box: Decodable, Sendable {
        public var left: Double
        public var top: Double
        public var right: Double
        public var bottom: Double
        /// Wider than `clientWidth` when the content does not fit the box.
        public var scrollWidth: Int
        public var clientWidth: Int
    }

    /// The viewport's width as the page saw it (what its media queries compared).
    public var viewport: Int
    /// The height of the content: the body's bottom edge and margin.
    public var height: Int
    /// The document's scrollWidth: wider than `viewport` when the page scrolls sideways.
    public var scrollWidth: Int
    /// Per selector, every matching element in document order.
    public var boxes: [String: [Box]]

    /// `url` laid out at each of `widths`, with the boxes of `selectors`. With `screenshots`, a PNG of
    /// the whole page per width goes to `<screenshots>/<width>.png`.
    public static func measure(_ url: String, widths: [Int], selectors: [String], screenshots: String? = nil) throws -> [Int: BrowserLayout]
    {
        guard let python = TestSupport.which("python3") else { throw RunFailure("python3 is not installed: run `make deps`") }
        var arguments = [TestSupport.path("Tests/Tools/layout_probe.py"), url, "--widths", widths.map(String.init).joined(separator: ",")]
        for selector in selectors { arguments += ["--select", selector] }
        if let screenshots { arguments += ["--screenshots", screenshots] }
        let result = try runProgram(python, arguments)
        guard result.status == 0 else { throw RunFailure("layout_probe.py failed (\(result.status)): \(result.error)") }
        let layouts = try JSONDecoder().decode([String: BrowserLayout].self, from: Data(result.output.utf8))
        return Dictionary(uniqueKeysWithValues: layouts.map { (Int($0.key)!, $0.value) })
    }

    /// Copies the screenshots in `folder` to `$GAZETTE_SCREENSHOTS/<name>-<width>.png` when that variable
    /// names a folder, to look at them.
    public static func keepScreenshots(from folder: String, widths: [Int], name: String) {
        guard let keep = ProcessInfo.processInfo.environment["GAZETTE_SCREENSHOTS"] else { return }
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        for width in widths {
            let target = "\(keep)/\(name)-\(width).png"
            try? FileManager.default.removeItem(atPath: target)
            try? FileManager.default.copyItem(atPath: "\(folder)/\(width).png", toPath: target)
        }
    }
}
