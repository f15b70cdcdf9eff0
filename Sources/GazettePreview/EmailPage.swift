import GazetteCore
import GazetteDigest
import GazetteHTML
import GazetteMail

/// `/emails/<employee>`: one digest with its HTML (sandboxed), text, headers, source, standards checks
/// and privacy panel, at desktop or mobile width on a light or dark background, in any language.
struct EmailPage {
    let generation: Int
    let email: PreviewEmail
    let index: WeekIndex
    let export: HRExport
    /// `desktop` or `mobile`; `light` or `dark`.
    let width: String
    let theme: String
    /// The language asked for in the query (nil: the employee's own).
    let requestedLanguage: String?
    /// The run's DKIM signer, whose keys the checks verify with (nil: `digest.dkim` is not set).
    let signer: DKIMSigner?
    /// SpamAssassin's result for this email, or that it is still running.
    let spamAssassin: SpamAssassinRunner.State
    /// Says that the unsubscribe links point at this server, not at the setting's port (nil: they do not).
    var linkNotice: String? = nil

    var html: String {
        let employee = email.employee
        let week = email.week
        return PreviewLayout.page(title: "\(employee.fullName), week \(week)", generation: generation) { page in
            page.element("h1", text: email.digest.subject)
            page.element("p", ["class": "meta"]) { meta in
                meta.text("To \(employee.fullName) <\(employee.email)> · \(email.company.name)")
                meta.text(employee.team.isEmpty ? " · no team" : " · team \(employee.team)")
                meta.text(" · \(email.language) · week \(week) · ")
                meta.element("span", ["class": "id"], text: employee.id)
            }
            if case .skipped(let reason) = email.outcome {
                page.element(
                    "p", ["class": "notice"],
                    text: "Not sent this week (skipped: \(reason.rawValue)). It is composed here only to preview it.")
            }
            if let linkNotice { page.element("p", ["class": "notice", "id": "unsubscribe-links"], text: linkNotice) }
            if email.language != email.ownLanguage {
                page.element(
                    "p", ["class": "notice"], text: "Shown in \(email.language); this employee gets their digest in \(email.ownLanguage).")
            }
            recipients(&page)
            page.open("div", ["class": "grid"])
            page.element("section", ["aria-labelledby": "html-part"]) { section in
                section.element("h2", ["id": "html-part"], text: "HTML part")
                controls(&section)
                section.element("div", ["class": "frame \(width) \(theme)"]) { frame in
                    frame.element(
                        "iframe",
                        [
                            "src": PreviewLinks.email(employee.id, week: week, part: "html", language: requestedLanguage),
                            "title": "The HTML part of the email", "sandbox": "allow-popups allow-popups-to-escape-sandbox",
                            "referrerpolicy": "no-referrer",
                        ], text: "")
                }
            }
            page.open("div")
            checks(&page)
            spamAssassinPanel(&page)
            page.close("div")
            page.close("div")
            // Below the two columns, the whole width: beside the email it made the page's right
            // column thousands of pixels taller than the left.
            privacy(&page)
            page.element("section", ["aria-labelledby": "text-part"]) { section in
                section.element("h2", ["id": "text-part"], text: "Plain-text part")
                section.element("pre", ["lang": email.language], text: email.digest.text)
            }
            headers(&page)
            page.element("section", ["aria-labelledby": "source"]) { section in
                section.element("h2", ["id": "source"], text: "Source")
                section.element("p") { links in
                    links.element(
                        "a", ["href": PreviewLinks.email(employee.id, week: week, part: "eml", language: requestedLanguage)],
                        text: "Download \(email.fileName)")
                    links.markup(" · ")
                    links.element(
                        "a", ["href": PreviewLinks.email(employee.id, week: week, part: "raw", language: requestedLanguage)],
                        text: "raw source")
                    links.markup(" · ")
                    links.element(
                        "a", ["href": PreviewLinks.email(employee.id, week: week, part: "checks", language: requestedLanguage)],
                        text: "checks as JSON")
                    links.markup(" · ")
                    links.element(
                        "a", ["href": PreviewLinks.email(employee.id, week: week, part: "headers", language: requestedLanguage)],
                        text: "headers as JSON")
                }
                section.element("details") { details in
                    details.element("summary", text: "The whole .eml (\(email.bytes.count) bytes)")
                    details.element("pre", text: String(decoding: email.bytes, as: UTF8.self))
                }
            }
        }
    }

    func recipients(_ page: inout HTMLBuilder) {
        let (previous, next) = index.neighbours(of: email.position)
        page.element("nav", ["class": "recipients", "aria-label": "Recipients"]) { nav in
            if let previous {
                nav.element(
                    "a", ["href": link(export.employees[previous].id), "rel": "prev"],
                    text: "← previous: \(export.employees[previous].fullName)")
            }
            nav.element(
                "a", ["href": "/" + PreviewLinks.query([("week", email.week.description)])], text: "all employees of week \(email.week)")
            if let next {
                nav.element(
                    "a", ["href": link(export.employees[next].id), "rel": "next"], text: "next: \(export.employees[next].fullName) →")
            }
        }
    }

    func link(_ employee: String, language: String? = nil, width: String? = nil, theme: String? = nil) -> String {
        PreviewLinks.email(
            employee, week: email.week, language: language, width: (width ?? self.width) == "desktop" ? nil : (width ?? self.width),
            theme: (theme ?? self.theme) == "light" ? nil : (theme ?? self.theme))
    }

    func controls(_ page: inout HTMLBuilder) {
        let id = email.employee.id
        page.element("div", ["class": "controls"]) { controls in
            controls.element("div") { group in
                group.element("span", text: "Width: ")
                for (value, label) in [("desktop", "desktop"), ("mobile", "mobile (375 px)")] {
                    group.element(
                        "a", ["href": link(id, language: requestedLanguage, width: value), "aria-current": value == width ? "true" : nil],
                        text: label)
                    group.markup(" ")
                }
            }
            controls.element("div") { group in
                group.element("span", text: "Background: ")
                for value in ["light", "dark"] {
                    group.element(
                        "a", ["href": link(id, language: requestedLanguage, theme: value), "aria-current": value == theme ? "true" : nil],
                        text: value)
                    group.markup(" ")
                }
            }
            controls.element("div") { group in
                group.element("span", text: "Language: ")
                for language in email.languages {
                    let suffix = language == email.ownLanguage ? " (own)" : ""
                    group.element(
                        "a",
                        [
                            "href": link(id, language: language == email.ownLanguage ? nil : language), "hreflang": language,
                            "aria-current": language == email.language ? "true" : nil,
                        ], text: language + suffix)
                    group.markup(" ")
                }
            }
        }
    }

    func checks(_ page: inout HTMLBuilder) {
        let checks = MessageChecks.run(email.bytes, signer: signer)
        let failed = checks.filter { $0.status == .fail }.count
        let rules = checks.filter { SenderRules.ids.contains($0.id) }
        page.element("section", ["aria-labelledby": "checks"]) { section in
            section.element("h2", ["id": "checks"], text: "Standards checks")
            section.element(
                "p", ["class": failed == 0 ? "pass" : "fail"],
                text: failed == 0 ? "No check fails." : "\(failed) of \(checks.count) checks fail.")
            section.element("h3", text: "Sender rules (Gmail, Yahoo, Outlook.com)")
            list(rules, in: &section)
            section.element("h3", text: "What a reader sees")
            list(checks.filter { !SenderRules.ids.contains($0.id) }, in: &section)
        }
    }

    func list(_ checks: [MessageCheck], in section: inout HTMLBuilder) {
        section.element("ul", ["class": "checks"]) { list in
            for check in checks {
                list.element("li") { item in
                    item.element("span", ["class": "badge \(check.status.rawValue)"], text: check.status.rawValue.uppercased())
                    item.markup(" ")
                    item.element("strong", text: check.title)
                    item.element("span", ["class": "detail"], text: check.detail)
                }
            }
        }
    }

    /// SpamAssassin's score and rules (`spamassassin -L -t`, offline), or a panel the script fills in
    /// when the run ends (it asks `/emails/<id>/spamassassin`; without the script, that link).
    func spamAssassinPanel(_ page: inout HTMLBuilder) {
        let link = PreviewLinks.email(email.employee.id, week: email.week, part: "spamassassin", language: requestedLanguage)
        page.element("section", ["aria-labelledby": "spamassassin", "class": "spam", "data-spam": link]) { section in
            section.element("h2", ["id": "spamassassin"], text: "SpamAssassin")
            switch spamAssassin {
            case .unavailable(let reason):
                section.element("p", ["class": "meta"], text: reason)
            case .pending:
                section.element("p", ["class": "meta", "data-spam-status": ""]) { line in
                    line.text("Scoring with spamassassin -L -t (local tests only, no network)… ")
                    line.element("a", ["href": link], text: "the result as JSON")
                }
            case .failed(let reason):
                section.element("p", ["class": "fail"], text: reason)
            case .done(let report):
                section.element(
                    "p", ["class": report.score < report.required ? "pass" : "fail"],
                    text: "Score \(Self.points(report.score)) (\(Self.points(report.required)) or more is spam), spamassassin -L -t")
                section.element("table") { table in
                    table.markup(
                        "<thead><tr><th scope=\"col\">Points</th><th scope=\"col\">Rule</th><th scope=\"col\">What it found</th></tr></thead>\n<tbody>\n"
                    )
                    for rule in report.rules {
                        table.element("tr") { row in
                            row.element("td", text: Self.points(rule.points))
                            row.element("th", ["scope": "row"], text: rule.name)
                            row.element("td", text: rule.description)
                        }
                        table.markup("\n")
                    }
                    table.markup("</tbody>")
                }
            }
        }
    }

    static func points(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    func privacy(_ page: inout HTMLBuilder) {
        let view = email.digest.view
        page.element("section", ["aria-labelledby": "privacy"]) { section in
            section.element("h2", ["id": "privacy"], text: "Privacy: who and what this email shows, and why")
            for (number, group) in PrivacyPanel.groups(for: view).enumerated() {
                let id = "privacy-\(number + 1)"
                section.element("h3", ["id": id], text: "\(group.section) (\(group.items.count))")
                section.element("p", ["class": "rule"], text: "Shown because: \(group.rule).")
                section.element("table", ["class": "privacy", "aria-labelledby": id]) { table in
                    table.markup(
                        "<thead><tr><th scope=\"col\">Shown</th><th scope=\"col\">What</th><th scope=\"col\">From the rows</th></tr></thead>\n<tbody>\n"
                    )
                    for item in group.items {
                        table.element("tr") { row in
                            row.element("th", ["scope": "row"], text: item.shown)
                            row.element("td", text: item.detail)
                            row.element("td", ["class": "id"], text: item.rows)
                        }
                        table.markup("\n")
                    }
                    table.markup("</tbody>")
                }
            }
            let notNamed = PrivacyPanel.notNamed(in: view)
            if !notNamed.isEmpty {
                section.element("ul") { list in
                    for line in notNamed { list.element("li", text: line) }
                }
            }
            section.element(
                "p", ["class": "meta"],
                text:
                    "Never shown: other companies' people, anyone not employed this week, the kind of leave, leave that is not approved, birthdays not shared, birth years and ages."
            )
        }
    }

    func headers(_ page: inout HTMLBuilder) {
        page.element("section", ["aria-labelledby": "headers"]) { section in
            section.element("h2", ["id": "headers"], text: "Headers (decoded)")
            section.element("table") { table in
                table.markup("<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n")
                for field in email.message.fields {
                    table.element("tr") { row in
                        row.element("th", ["scope": "row"], text: field.name)
                        row.element("td") { cell in
                            cell.text(field.decoded)
                            if field.decoded != field.value {
                                cell.element("div", ["class": "id"], text: "as written: " + field.value)
                            }
                        }
                    }
                    table.markup("\n")
                }
                table.markup("</tbody>")
            }
        }
    }
}
