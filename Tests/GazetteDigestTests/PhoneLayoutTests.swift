import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

/// The digest's HTML laid out by headless Chromium at a phone's width (390 px) and a desktop's
/// (1280 px): on a phone each row's two cells stack, the second under the first; on a desktop, and in
/// clients that ignore media queries, they stay two columns of the table.
@Suite struct PhoneLayoutTests {
    static let widths = [390, 1280]
    static let selectors = [".gz-first", ".gz-second"]

    static func pairs(_ layout: BrowserLayout) -> [(first: BrowserLayout.Box, second: BrowserLayout.Box)] {
        let firsts = layout.boxes[".gz-first"] ?? [], seconds = layout.boxes[".gz-second"] ?? []
        #expect(firsts.count == seconds.count)
        return Array(zip(firsts, seconds))
    }

    @Test(arguments: ["E1001", "E2001", "E4001"])
    func rowsStackOnAPhoneAndStaySideBySideOnADesktop(employee: String) throws {
        let digest = try Sample.digest("2026-W53", employee)
        let folder = ScratchFolder("gazette-phone-layout")
        folder.write("email.html", digest.html)
        let layouts = try BrowserLayout.measure(
            "file://" + folder.path + "/email.html", widths: Self.widths, selectors: Self.selectors, screenshots: folder.path)
        BrowserLayout.keepScreenshots(from: folder.path, widths: Self.widths, name: "\(employee)-email")
        let phone = try #require(layouts[390]), desktop = try #require(layouts[1280])
        #expect(phone.viewport == 390 && desktop.viewport == 1280)

        let stacked = Self.pairs(phone)
        #expect(stacked.count >= 5, "\(employee) has rows to lay out")
        for (first, second) in stacked {
            #expect(second.top >= first.bottom - 0.5, "on a phone the second cell is under the first")
            #expect(abs(second.left - first.left) < 1, "and starts where the first starts")
            // The first cell has the whole width now: a name (and team) on at most two lines of 22 px
            // (side by side they took up to three).
            #expect(first.bottom - first.top <= 6 + 2 * 22 + 0.5, "\(first)")
        }
        #expect(phone.scrollWidth <= 390, "nothing is wider than the phone")
        for (first, second) in Self.pairs(desktop) {
            #expect(abs(second.top - first.top) < 0.5, "on a desktop the cells are side by side")
            #expect(second.left >= first.right - 0.5)
        }
        print("\(employee): \(phone.height) px tall at 390 px, \(desktop.height) px at 1280 px")
    }

    /// A client that ignores the <style> block (and so the media query) keeps the table's two columns,
    /// at any width: the stacking is only an improvement where it is understood.
    @Test func withoutTheMediaQueryTheTableKeepsItsColumns() throws {
        let digest = try Sample.digest("2026-W53", "E1001")
        let html = digest.html.replacing(/<style>[\s\S]*?<\/style>/, with: "")
        #expect(html != digest.html)
        let folder = ScratchFolder("gazette-phone-layout-plain")
        folder.write("email.html", html)
        let layout = try #require(
            try BrowserLayout.measure("file://" + folder.path + "/email.html", widths: [390], selectors: Self.selectors)[390])
        let pairs = Self.pairs(layout)
        #expect(pairs.count >= 5)
        for (first, second) in pairs {
            #expect(abs(second.top - first.top) < 0.5)
            #expect(second.left >= first.right - 0.5)
        }
    }
}
