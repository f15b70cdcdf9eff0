import Foundation
import GazetteCore
import GazetteDigest
import GazetteHTML

/// The filters of the index, from the query string: company, team, locale, outcome, name search.
struct IndexFilter: Sendable, Equatable {
    var company = ""
    var team = ""
    var locale = ""
    /// `written`, `skipped`, or a skip reason (`opted_out`).
    var outcome = ""
    var search = ""
    var page = 1

    static let pageSize = 200

    init(_ query: [String: String]) {
        company = query["company"] ?? ""
        team = query["team"] ?? ""
        locale = query["locale"] ?? ""
        outcome = query["outcome"] ?? ""
        search = (query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        page = max(1, Int(query["page"] ?? "") ?? 1)
    }

    func matches(_ employee: Employee, company: Company, outcome: WeekIndex.Outcome) -> Bool {
        if !self.company.isEmpty, company.id != self.company { return false }
        if !team.isEmpty, employee.team != team { return false }
        if !locale.isEmpty, (employee.locale ?? company.locale) != locale { return false }
        switch self.outcome {
        case "": break
        case "skipped": if outcome == .written { return false }
        default: if outcome.name != self.outcome { return false }
        }
        if !search.isEmpty {
            let needle = Self.folded(search)
            if !Self.folded(employee.fullName).contains(needle), !Self.folded(employee.id).contains(needle) { return false }
        }
        return true
    }

    /// Tells filters apart (the snapshot caches the index page per filter).
    var key: String { [company, team, locale, outcome, search, String(page)].joined(separator: "\u{0}") }

    /// The query pairs of this filter (for links that keep it), with `week` and `page`.
    func pairs(week: ISOWeek, page: Int? = nil) -> [(String, String?)] {
        [
            ("week", week.description), ("company", company), ("team", team), ("locale", locale), ("outcome", outcome), ("q", search),
            ("page", page.map(String.init)),
        ]
    }

    /// Lowercased without accents, so that "zoe" finds "Zoë" and "ni bhriain" finds "Ní Bhriain".
    static func folded(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// `/`: every employee of the week's batch with outcome, skip reason, company, team and language.
struct IndexPage {
    let generation: Int
    let inputs: PreviewInputs
    let index: WeekIndex
    let filter: IndexFilter

    var html: String {
        let export = inputs.digest.export
        let week = index.week
        let matching = export.employees.indices.filter { position in
            filter.matches(
                export.employees[position], company: export.companies[export.companyOfEmployee[position]], outcome: index.outcomes[position]
            )
        }
        return PreviewLayout.page(title: "Week \(week)", generation: generation) { page in
            page.element("h1", text: "Digests of week \(week)")
            page.element("p", ["class": "meta"], text: summary(week: week))
            if let notice = inputs.unsubscribeLinkNotice {
                page.element("p", ["class": "notice", "id": "unsubscribe-links"], text: notice)
            }
            page.element("nav", ["class": "weeks", "aria-label": "Weeks"]) { nav in
                nav.element("a", ["href": "/" + PreviewLinks.query(filter.pairs(week: week.previous))], text: "← \(week.previous)")
                if week != inputs.defaultWeek {
                    nav.element(
                        "a", ["href": "/" + PreviewLinks.query(filter.pairs(week: inputs.defaultWeek))],
                        text: "\(inputs.defaultWeek) (default)")
                }
                nav.element("a", ["href": "/" + PreviewLinks.query(filter.pairs(week: week.next))], text: "\(week.next) →")
            }
            filters(&page, week: week)
            table(&page, matching: matching)
            announcements(&page)
            if !export.invalidRows.isEmpty {
                page.element("h2", text: "Invalid rows left out (--skip-invalid)")
                page.element("ul", ["class": "problems"]) { list in
                    for problem in export.invalidRows { list.element("li", text: problem.description) }
                }
            }
        }
    }

    func summary(week: ISOWeek) -> String {
        var written = 0
        var skipped: [SkipReason: Int] = [:]
        for outcome in index.outcomes {
            switch outcome {
            case .written: written += 1
            case .skipped(let reason): skipped[reason, default: 0] += 1
            }
        }
        let reasons = SkipReason.allCases.compactMap { reason in skipped[reason].map { "\(reason.rawValue) \($0)" } }
        let invalid = inputs.digest.export.invalidRows.count
        return "Monday \(week.monday) to Sunday \(week.sunday): \(written) written, \(skipped.values.reduce(0, +)) skipped"
            + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")") + ", \(invalid) invalid row\(invalid == 1 ? "" : "s")."
    }

    func filters(_ page: inout HTMLBuilder, week: ISOWeek) {
        let export = inputs.digest.export
        let teams = Set(export.employees.map(\.team)).filter { !$0.isEmpty }.sorted()
        let outcomes =
            [("written", "written"), ("skipped", "skipped (any reason)")]
            + SkipReason.allCases.map { ($0.rawValue, "skipped: \($0.rawValue)") }
        page.element("form", ["class": "filters", "method": "get", "action": "/", "role": "search", "aria-label": "Filter employees"]) {
            form in
            form.open("input", ["type": "hidden", "name": "week", "value": week.description])
            select(&form, name: "company", label: "Company", selected: filter.company, options: export.companies.map { ($0.id, $0.name) })
            select(&form, name: "team", label: "Team", selected: filter.team, options: teams.map { ($0, $0) })
            select(
                &form, name: "locale", label: "Language", selected: filter.locale,
                options: inputs.digest.settings.languages.map { ($0, $0) })
            select(&form, name: "outcome", label: "Outcome", selected: filter.outcome, options: outcomes)
            form.element("label", ["for": "filter-q"]) { label in
                label.text("Name")
                label.open("input", ["type": "search", "id": "filter-q", "name": "q", "value": filter.search, "placeholder": "name or id"])
            }
            form.element("button", ["type": "submit"], text: "Apply")
            form.element("a", ["href": "/" + PreviewLinks.query([("week", week.description)])], text: "Clear")
        }
    }

    func select(_ form: inout HTMLBuilder, name: String, label: String, selected: String, options: [(String, String)]) {
        let id = "filter-" + name
        form.element("label", ["for": id]) { field in
            field.text(label)
            field.element("select", ["id": id, "name": name]) { select in
                select.element("option", ["value": ""], text: "all")
                for (value, text) in options {
                    select.element("option", ["value": value, "selected": value == selected ? "" : nil], text: text)
                }
            }
        }
    }

    func table(_ page: inout HTMLBuilder, matching: [Int]) {
        let export = inputs.digest.export
        let pages = max(1, (matching.count + IndexFilter.pageSize - 1) / IndexFilter.pageSize)
        let current = min(filter.page, pages)
        let shown = matching.dropFirst((current - 1) * IndexFilter.pageSize).prefix(IndexFilter.pageSize)
        let range =
            shown.isEmpty ? "0" : "\((current - 1) * IndexFilter.pageSize + 1)–\((current - 1) * IndexFilter.pageSize + shown.count)"
        page.element(
            "p", ["class": "meta", "role": "status"],
            text: "\(range) of \(matching.count) matching, \(export.employees.count) employees in all.")
        page.element("table") { table in
            table.element("caption", ["class": "skip"], text: "Employees of week \(index.week)")
            table.markup("<thead><tr><th scope=\"col\">Employee</th><th scope=\"col\">Company</th><th scope=\"col\">Team</th>")
            table.markup("<th scope=\"col\">Language</th><th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n")
            for position in shown {
                let employee = export.employees[position]
                let company = export.companies[export.companyOfEmployee[position]]
                let outcome = index.outcomes[position]
                table.element("tr") { row in
                    row.element("td") { cell in
                        cell.element("a", ["href": PreviewLinks.email(employee.id, week: index.week)], text: employee.fullName)
                        cell.markup(" ")
                        cell.element("span", ["class": "id"], text: employee.id)
                    }
                    row.element("td", text: company.name)
                    row.element("td", text: employee.team)
                    row.element("td", text: employee.locale ?? company.locale + " (company)")
                    switch outcome {
                    case .written: row.element("td", text: "written")
                    case .skipped(let reason): row.element("td", ["class": "skipped"], text: "skipped: \(reason.rawValue)")
                    }
                }
                table.markup("\n")
            }
            table.markup("</tbody>")
        }
        if pages > 1 {
            page.element("nav", ["class": "pager", "aria-label": "Pages"]) { nav in
                if current > 1 {
                    nav.element(
                        "a", ["href": "/" + PreviewLinks.query(filter.pairs(week: index.week, page: current - 1))], text: "← previous page")
                }
                nav.element("span", text: "page \(current) of \(pages)")
                if current < pages {
                    nav.element(
                        "a", ["href": "/" + PreviewLinks.query(filter.pairs(week: index.week, page: current + 1))], text: "next page →")
                }
            }
        }
    }

    /// The policy-change announcements due on the preview's day and those written, each contact's
    /// email a link (beside the week's digests: both go out from the same preview).
    func announcements(_ page: inout HTMLBuilder) {
        guard let loaded = inputs.announcements else { return }
        page.element("h2", ["id": "announcements"], text: "Policy-change announcements")
        switch loaded {
        case .failure(let error):
            page.element("p", ["class": "notice"], text: "gazette announce would stop on these problems:")
            page.element("ul", ["class": "problems"]) { list in
                for problem in error.problems { list.element("li", text: problem.description) }
            }
        case .success(let preview):
            guard !preview.items.isEmpty else {
                page.element("p", ["class": "meta"], text: "None due or written (gazette announce writes them on their announced day).")
                return
            }
            let export = preview.inputs.export
            page.element("table") { table in
                table.element("caption", ["class": "skip"], text: "Announcements")
                table.markup(
                    "<thead><tr><th scope=\"col\">Announcement</th><th scope=\"col\">State</th><th scope=\"col\">Contacts</th></tr></thead>\n<tbody>\n"
                )
                for item in preview.items {
                    let announcement = item.announcement
                    table.element("tr") { row in
                        row.element("td", text: "\(announcement.reference.title) (\(announcement.name))")
                        row.element(
                            "td",
                            text: item.isWritten
                                ? "written in \(preview.directory)/\(announcement.name)"
                                : "due since \(announcement.announced), not written yet; objections until \(announcement.objectionDeadline)"
                        )
                        row.element("td") { cell in
                            for (index, contact) in preview.recipients(of: item).enumerated() {
                                if index > 0 { cell.markup(" · ") }
                                let company = export.companies[contact.company].id
                                cell.element(
                                    "a", ["href": AnnouncementPage.link(announcement.name, company: company, number: contact.number)],
                                    text: "\(contact.name.isEmpty ? contact.email : contact.name) (\(company))")
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
