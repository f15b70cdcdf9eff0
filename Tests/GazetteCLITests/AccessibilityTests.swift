import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

/// axe-core (axe-selenium-python, headless Chromium) over the pages readers and employees get: the
/// site's root index, a current page, a version page and a changes page in nl and en, the static
/// preview of a week and one digest email's HTML in nl and en. No serious or critical violation.
@Suite struct AccessibilityTests {
    @Test func noSeriousOrCriticalViolationOnAnyKindOfPage() throws {
        let scratch = ScratchFolder("gazette-axe")
        scratch.copy(TestSupport.path("Content"), to: "Content")
        scratch.copy(TestSupport.path("Templates"), to: "Templates")
        // PDFs are not checked here (and take WeasyPrint a while).
        let settings = scratch.read("Content/gazette.yml")!.replacingOccurrences(of: "site:\n", with: "site:\n  pdf: false\n")
        scratch.write("Content/gazette.yml", settings)
        let site = try runProgram(TestSupport.gazetteBinary, ["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(site.status == 0, "\(site.error)")
        let digest = try runProgram(
            TestSupport.gazetteBinary, ["digest", "--week", "2026-W53"], in: scratch.path,
            environment: ["GAZETTE_SECRET": DigestCLITests.secret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue(rsa: true)])
        #expect(digest.status == 0, "\(digest.error)")
        let week = "preview/2026-W53/"
        let english = try #require(
            FileTree.files(below: scratch.path + "/Output/" + week + "thames")?.first { $0.hasSuffix(".html") })
        let pages = [
            "site/index.html", "site/nl/privacy/index.html", "site/en/privacy/index.html",
            "site/nl/privacy/2025-03-01/index.html", "site/en/privacy/2025-03-01/index.html",
            "site/nl/privacy/2026-02-01/changes/index.html", "site/en/privacy/2026-02-01/changes/index.html",
            week + "index.html", week + "leie/E1001.html", week + "thames/" + english,
        ]
        for page in pages { #expect(scratch.exists("Output/" + page), "\(page) was not written") }
        let reports = try SiteBrowser.axe(site: scratch.path + "/Output", paths: pages)
        #expect(reports.map(\.page) == pages)
        for report in reports {
            #expect(report.checked > 0, "axe checked nothing on \(report.page)")
            #expect(report.violations.isEmpty, "\(report.page): \(report.violations)")
        }
    }
}
