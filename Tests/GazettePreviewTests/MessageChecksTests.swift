import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteTestSupport
import Testing

@testable import GazettePreview

/// Each standards check fails when its rule is broken, and only then.
@Suite struct MessageChecksTests {
    static let signer = DKIMSigner(domain: "example.com", selector: "test", keys: [try! DKIMKey.read(DKIMTestTools.ed25519KeyPath)])

    static let base = [
        "Date: Mon, 28 Dec 2026 07:00:00 +0100", "From: HR <hr@example.com>", "To: zoe@example.com", "Subject: Week 53",
        "Message-ID: <53.zoe@example.com>", "List-Id: HR <digest.example.com>",
        "List-Unsubscribe: <https://ess.example.com/u/TOKEN>,\r\n <mailto:u@example.com>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Auto-Submitted: auto-generated", "Content-Language: nl",
    ]

    /// A message like a digest, with parts that each case breaks, signed as the batch signs.
    static func eml(headers: [String] = base, html: String? = nil, text: String? = nil, lines: String = "") -> [UInt8] {
        let url = "https://ess.example.com/u/TOKEN"
        let htmlPart =
            html ?? "<!DOCTYPE html><html lang=\"nl\"><head><style>a{color:red}</style></head><body><p><a href=\"\(url)\">Afmelden</a></p>"
            + "<img src=\"https://img.example.com/x.png\" alt=\"\"></body></html>"
        let textPart = text ?? "Afmelden: \(url)"
        let body =
            "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(textPart)\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + htmlPart + "\r\n" + lines + "--b--\r\n"
        let message = Array(
            (headers.joined(separator: "\r\n") + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
                + body).utf8)
        return try! signer.sign(message)
    }

    static func statuses(_ bytes: [UInt8]) -> [String: MessageCheck.Status] {
        Dictionary(uniqueKeysWithValues: MessageChecks.run(bytes, signer: signer).map { ($0.id, $0.status) })
    }

    @Test func aGoodMessagePassesEverything() {
        let checks = MessageChecks.run(Self.eml(), signer: Self.signer)
        #expect(
            checks.map(\.id) == SenderRules.ids + [
                "list_unsubscribe", "unsubscribe_link", "auto_submitted", "html_lang", "absolute_links", "image_alt",
            ])
        #expect(checks.allSatisfy { $0.status == .pass }, "\(checks.filter { $0.status != .pass })")
    }

    /// A message that breaks one rule, named by the rule and the change (the test log prints the
    /// name, not the message's kilobytes).
    struct BrokenMessage: Sendable, CustomTestStringConvertible {
        var id: String
        var change: String
        var bytes: [UInt8]

        init(_ id: String, _ change: String, _ bytes: [UInt8]) {
            self.id = id
            self.change = change
            self.bytes = bytes
        }

        var testDescription: String { "\(id): \(change)" }
    }

    @Test(arguments: [
        BrokenMessage(
            "size", "1,400 lines: over the size limit",
            eml(lines: String(repeating: String(repeating: "x", count: 76) + "\r\n", count: 1400))),
        BrokenMessage(
            "list_unsubscribe", "an http unsubscribe link",
            eml(
                headers: base.map {
                    $0.hasPrefix("List-Unsubscribe:")
                        ? "List-Unsubscribe: <http://ess.example.com/u/TOKEN>,\r\n <mailto:u@example.com>" : $0
                },
                html: "<html lang=\"nl\"><a href=\"http://ess.example.com/u/TOKEN\">x</a></html>", text: "http://ess.example.com/u/TOKEN")),
        BrokenMessage("one_click", "no List-Unsubscribe-Post", eml(headers: base.filter { !$0.hasPrefix("List-Unsubscribe-Post") })),
        BrokenMessage(
            "one_click", "List-Unsubscribe-Post: yes",
            eml(headers: base.map { $0.hasPrefix("List-Unsubscribe-Post") ? "List-Unsubscribe-Post: yes" : $0 })),
        BrokenMessage("unsubscribe_link", "another link in the text part", eml(text: "Afmelden: https://ess.example.com/u/OTHER")),
        BrokenMessage(
            "unsubscribe_link", "another link in the HTML part",
            eml(html: "<html lang=\"nl\"><a href=\"https://ess.example.com/u/OTHER\">x</a></html>")),
        BrokenMessage("auto_submitted", "no Auto-Submitted", eml(headers: base.filter { !$0.hasPrefix("Auto-Submitted") })),
        BrokenMessage("line_length", "a line of 999 octets", eml(lines: String(repeating: "y", count: 999) + "\r\n")),
        BrokenMessage("line_length", "a bare line feed", eml(lines: "bare line feed\n")),
        BrokenMessage("html_lang", "no lang on html", eml(html: "<html><a href=\"https://ess.example.com/u/TOKEN\">x</a></html>")),
        BrokenMessage(
            "html_lang", "the wrong lang on html", eml(html: "<html lang=\"fr\"><a href=\"https://ess.example.com/u/TOKEN\">x</a></html>")),
        BrokenMessage(
            "absolute_links", "a relative link",
            eml(html: "<html lang=\"nl\"><a href=\"https://ess.example.com/u/TOKEN\">x</a><a href=\"/relative\">y</a></html>")),
        BrokenMessage(
            "absolute_links", "a relative image",
            eml(html: "<html lang=\"nl\"><a href=\"https://ess.example.com/u/TOKEN\">x</a><img src=\"logo.png\" alt=\"Logo\"></html>")),
        BrokenMessage(
            "image_alt", "an image without alt",
            eml(html: "<html lang=\"nl\"><a href=\"https://ess.example.com/u/TOKEN\">x</a><img src=\"https://e.example/l.png\"></html>")),
    ])
    func eachRuleFailsWhenBroken(_ message: BrokenMessage) {
        let (id, bytes) = (message.id, message.bytes)
        let statuses = Self.statuses(bytes)
        #expect(statuses[id] == .fail, "\(MessageChecks.run(bytes, signer: Self.signer).first { $0.id == id }!)")
        // Nothing else fails because of it (an http link breaks the providers' https rule too).
        let others = statuses.filter { $0.key != id && $0.value == .fail }.map(\.key)
        #expect(others.isEmpty || (id == "list_unsubscribe" && others == ["https_unsubscribe"]), "\(others)")
    }

    /// The sender rules are the preview's too: an unsigned message fails the DKIM ones, and the
    /// sample's http link on loopback passes the header check here (this server answers it) while the
    /// https rule says why providers refuse it.
    @Test func senderRulesAreShown() {
        let unsigned = Array(
            String(decoding: Self.eml(), as: UTF8.self).split(separator: "\r\nDate:", maxSplits: 1).last.map { "Date:" + $0 }!.utf8)
        #expect(Self.statuses(unsigned).filter { $0.value == .fail }.keys.sorted() == ["dkim", "dkim_aligned", "one_click"])
        let loopback = Self.eml(
            headers: Self.base.map {
                $0.hasPrefix("List-Unsubscribe:") ? "List-Unsubscribe: <http://127.0.0.1:8025/u/TOKEN>,\r\n <mailto:u@example.com>" : $0
            },
            html: "<html lang=\"nl\"><a href=\"http://127.0.0.1:8025/u/TOKEN\">x</a></html>", text: "http://127.0.0.1:8025/u/TOKEN")
        let statuses = Self.statuses(loopback)
        #expect(statuses["list_unsubscribe"] == .warn)
        #expect(statuses["https_unsubscribe"] == .fail)
        #expect(statuses.filter { $0.value == .fail }.keys.sorted() == ["https_unsubscribe"])
    }

    @Test func tagsInStylesAndCommentsAreNotLinks() {
        let tags = HTMLScan.tags(
            in: "<style>/* <a href=\"x\"> */</style><!-- <img src=\"y\"> --><A HREF='https://e.example/?a=1&amp;b=2'>ok</A>")
        #expect(tags == [HTMLTag(name: "style", attributes: [:]), HTMLTag(name: "a", attributes: ["href": "https://e.example/?a=1&b=2"])])
    }

    @Test func optOutsAreRecordedOnceEvenWhenTheExportIsStale() throws {
        let folder = ScratchFolder("gazette-optouts")
        let store = OptOutStore(path: folder.path + "/optouts.csv", now: { PreviewFixture.now })
        #expect(try store.optOut("E1001") == .added)
        let after = folder.read("optouts.csv")
        #expect(after == "employee_id,at\nE1001,2026-12-28T09:00:00Z\n")
        #expect(try store.optOut("E1001") == .alreadyOptedOut)
        #expect(folder.read("optouts.csv") == after)
        #expect(try store.optOut("E1002") == .added)
        #expect(folder.read("optouts.csv") == after! + "E1002,2026-12-28T09:00:00Z\n")
    }

    @Test func privacyPanelSaysWhoAndWhy() throws {
        let fixture = PreviewFixture()
        let view = try fixture.digest("E1001").view
        let items = PrivacyPanel.items(for: view)
        #expect(
            items.first
                == PrivacyItem(
                    section: "Recipient", shown: "Wouter Vermeulen", detail: "greeted by first name; their own shifts are listed",
                    rule: "the recipient of this email",
                    rows: "employees.csv:2"))
        let dayOff = try #require(items.first { $0.section == "Day off" })
        #expect(dayOff.detail == "on Thursday 31 December")
        #expect(dayOff.rule == "a day off of the recipient's company")
        #expect(dayOff.rows.hasPrefix("days_off.csv:"))
        let teammate = try #require(items.first { $0.shown == "Dries Willems" })
        #expect(teammate.detail == "team colleague (Brouwzaal), out Monday to Wednesday")
        #expect(teammate.rule.hasSuffix("the kind of leave is never shown"))
        #expect(teammate.rows.hasPrefix("leave.csv:"))
        let halfDay = try #require(items.first { $0.shown == "Femke Vandamme" })
        #expect(halfDay.detail == "colleague in another team (Kantoor), out Monday afternoon")
        #expect(items.contains { $0.section == "Birthday" && $0.detail.hasPrefix("shared birthday on ") })
        // Exactly the people the email names: everyone in the panel is in the text, no colleague of the
        // company outside it is.
        let text = try fixture.digest("E1001").text
        let shown = Set(items.filter { ["Recipient", "Out of office", "Birthday"].contains($0.section) }.map(\.shown))
        for position in view.week.export.employeesByCompany[view.week.company] {
            let name = view.week.export.employees[position].fullName
            #expect(text.contains(name) == shown.contains(name) || name == "Wouter Vermeulen", "\(name)")
        }
        #expect(PrivacyPanel.days([3, 3, 3, 3, 3, 3, 3]) == "the whole week")
        #expect(PrivacyPanel.days([0, 2, 3, 3, 0, 1, 0]) == "Tuesday afternoon, Wednesday to Thursday, Saturday morning")
    }

    /// The rows are grouped by rule: each long sentence once per group, not on every row.
    @Test func privacyPanelGroupsTheRowsByRule() async throws {
        let fixture = PreviewFixture()
        let view = try fixture.digest("E1001").view
        let items = PrivacyPanel.items(for: view)
        let groups = PrivacyPanel.groups(for: view)
        #expect(groups.map(\.section) == ["Recipient", "Day off", "Out of office", "Birthday"])
        #expect(groups.flatMap(\.items) == items, "every item once, in the email's order")
        #expect(Set(groups.map(\.rule)).count == groups.count)
        let out = try #require(groups.first { $0.section == "Out of office" })
        #expect(out.items.count == view.colleaguesOut - view.moreOut && out.items.count > 1)
        let page = try await fixture.withClient { client in try await client.get("/emails/E1001").text }
        for group in groups {
            #expect(page.components(separatedBy: escape(group.rule)).count == 2, "\(group.rule): once on the page")
        }
        #expect(page.contains("<h3 id=\"privacy-3\">Out of office (\(out.items.count))</h3>"))
        #expect(page.contains("<p class=\"rule\">Shown because: approved leave of a colleague"))
        #expect(page.contains("<table class=\"privacy\" aria-labelledby=\"privacy-3\">"))
        // Every row still names its source rows.
        for item in items { #expect(page.contains("<td class=\"id\">\(escape(item.rows))</td>"), "\(item.shown)") }
        // Below the two columns (the email and the checks), not in the right one.
        let grid = try #require(page.range(of: "<div class=\"grid\">"))
        let privacy = try #require(page.range(of: "<section aria-labelledby=\"privacy\">"))
        let text = try #require(page.range(of: "<section aria-labelledby=\"text-part\">"))
        #expect(grid.upperBound < privacy.lowerBound && privacy.upperBound < text.lowerBound)
        #expect(PrivacyPanel.days([3, 3, 3, 3, 3, 3, 3]) == "the whole week")
        #expect(PrivacyPanel.days([0, 2, 3, 3, 0, 1, 0]) == "Tuesday afternoon, Wednesday to Thursday, Saturday morning")
    }
}
