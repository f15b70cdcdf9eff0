import Foundation
import GazetteCore

/// A headless Chromium driven by Selenium over a folder of pages (Tests/Tools/site_browser.py): the
/// search box as a reader uses it, and axe-core's accessibility checks. The script serves the folder
/// on a free 127.0.0.1 port of its own and stops the server before it returns.
///
/// Needs python3 with selenium and axe-selenium-python, chromium and chromium-driver: `make deps`
/// installs them, so a test fails (it does not skip) where one is missing.
public enum SiteBrowser {
    /// A result of the search box: the link and what the list item says.
    public struct SearchResult: Decodable, Equatable, Sendable {
        public var href: String
        public var title: String
        public var text: String
    }

    public struct Search: Decodable, Sendable {
        /// The box's message ("1 resultaat voor “opzegtermijn”:").
        public var status: String
        public var results: [SearchResult]
    }

    /// What the search box shows on a page.
    public struct BoxStatus: Decodable, Sendable {
        public var text: String
        /// Whether the form stayed hidden (search unavailable).
        public var form_hidden: Bool
    }

    /// One page's serious and critical axe-core violations.
    public struct AxeReport: Decodable, Sendable {
        public struct Violation: Decodable, Sendable, CustomStringConvertible {
            public var id: String
            public var impact: String
            public var help: String
            public var nodes: [String]
            public var description: String { "\(impact) \(id): \(help) — \(nodes.joined(separator: " | "))" }
        }
        public var page: String
        /// How many rules passed: a page axe could not check has none.
        public var checked: Int
        public var violations: [Violation]
    }

    /// Opens `path` (below `site`, with its query: `nl/?q=opzegtermijn`) and reads the search results.
    public static func search(site: String, path: String) throws -> Search {
        try decode(Search.self, run(["search", site, path]))
    }

    /// What the search box says on `path`: served (`fromDisk` false) or opened as a file, with or
    /// without JavaScript.
    public static func boxStatus(site: String, path: String, fromDisk: Bool, javaScript: Bool) throws -> BoxStatus {
        try decode(BoxStatus.self, run(["status", site, path] + (fromDisk ? ["--file"] : []) + (javaScript ? [] : ["--no-js"])))
    }

    /// axe-core over each of `paths` (below `site`).
    public static func axe(site: String, paths: [String]) throws -> [AxeReport] {
        try decode([AxeReport].self, run(["axe", site] + paths))
    }

    static func run(_ arguments: [String]) throws -> String {
        guard let python = TestSupport.which("python3") else { throw RunFailure("python3 is not installed: run `make deps`") }
        let result = try runProgram(python, [TestSupport.path("Tests/Tools/site_browser.py")] + arguments)
        guard result.status == 0 else {
            throw RunFailure("site_browser.py \(arguments.first ?? "") failed (status \(result.status)): \(result.error)")
        }
        return result.output
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }
}
