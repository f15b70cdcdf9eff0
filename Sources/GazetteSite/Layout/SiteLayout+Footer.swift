import GazetteCore

/// The footer of every page, true to the kind of page: only a current page says that what it shows
/// is the version in force; a version's page (and a changes page) says which version it is and links
/// the one in force; every page names the publisher (`site.publisher`).
extension SiteLayout {
    enum Footer {
        /// A document's current page showing the version in force.
        case current
        /// A version's permanent page (or a current page before its first version takes effect);
        /// `inForce`: the current page's path from the root, when a version is in force.
        case version(PolicyVersion, inForce: String?)
        /// A changes page of `version`.
        case changes(PolicyVersion, inForce: String?)
        /// The indexes.
        case index
    }

    /// The footer's values for `site/layout` (footer_text, has_footer_link, footer_link_href,
    /// has_publisher, publisher).
    func footerValues(_ footer: Footer, language: String, root: String) throws(InputError) -> [String: TemplateValue] {
        let words = locales[language]
        var values: [String: TemplateValue] = ["has_footer_link": .bool(false), "footer_link_href": .string("")]
        switch footer {
        case .current:
            values["footer_text"] = .string(try words.text("site.footer_current"))
        case .index:
            values["footer_text"] = .string(try words.text("site.footer_index"))
        case .version(let version, let inForce), .changes(let version, let inForce):
            let key: String
            if case .changes = footer { key = "site.footer_changes" } else { key = "site.footer_version" }
            values["footer_text"] = .string(
                try words.format(
                    key,
                    [
                        "date": try words.longDate(version.effective),
                        "status": try words.text("site.status_\(library.status(of: version, on: today).rawValue)"),
                    ]))
            if let inForce {
                values["has_footer_link"] = .bool(true)
                values["footer_link_href"] = .string(root + inForce)
            }
        }
        if let publisher = settings.publisher {
            values["has_publisher"] = .bool(true)
            values["publisher"] = [
                "published_by": .string(try words.format("site.published_by", ["name": publisher.name])),
                "address": .string(publisher.address),
                "email": .string(publisher.email ?? ""),
                "has_email": .bool(publisher.email != nil),
                "url": .string(publisher.url ?? ""),
                "has_url": .bool(publisher.url != nil),
            ]
        } else {
            values["has_publisher"] = .bool(false)
            values["publisher"] = .map(TemplateMap(pairs: []))
        }
        return values
    }
}
