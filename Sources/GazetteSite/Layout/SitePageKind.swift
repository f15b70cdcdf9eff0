import GazetteCore

/// Every kind of file the site publishes: the one list that the layout (which files are made), the
/// sitemap (which are listed), the feed and the PDF step (which versions have a PDF) read.
///
/// A new kind of page is a new case here, its addresses in `SiteLayout.addresses(published:)` and its
/// template: the switches below do not compile until the new case says whether the sitemap lists it,
/// and the sitemap lists every address whose kind says so (`SitemapTests` checks that every HTML file
/// of the sample site is in it).
enum SitePageKind: String, CaseIterable, Sendable {
    /// `index.html`: every language's documents.
    case root
    /// `<lang>/index.html`: one language's documents.
    case languageIndex
    /// `<lang>/<slug>/`: the version in force.
    case current
    /// `<lang>/<slug>/<effective>/`: one version, at an address that never changes.
    case version
    /// `<lang>/<slug>/<effective>/changes/`: what changed since the version before.
    case changes
    /// `<lang>/feed.xml`: the Atom feed of changes.
    case feed
    /// `<lang>/<slug>/<effective>/<slug>-<effective>-<lang>.pdf`: the storable copy (when `site.pdf`).
    case pdf
    /// `sitemap.xml`, made from the other addresses.
    case sitemap
    /// `robots.txt`.
    case robots
    /// `assets/…`: the stylesheets, copied.
    case asset
    /// `pagefind/…`: the search index and its script, written by Pagefind after the pages (when
    /// `site.search`).
    case searchIndex

    /// Whether the sitemap lists the addresses of this kind: every HTML page, nothing else.
    var isInSitemap: Bool {
        switch self {
        case .root, .languageIndex, .current, .version, .changes: true
        case .feed, .pdf, .sitemap, .robots, .asset, .searchIndex: false
        }
    }

    /// Whether `SiteLayout` renders the files of this kind (from its templates or in code) as the page
    /// jobs; PDFs come from the PDF step, the sitemap from the other addresses, assets are copied.
    var isMadeByLayout: Bool {
        switch self {
        case .root, .languageIndex, .current, .version, .changes, .feed: true
        case .pdf, .sitemap, .robots, .asset, .searchIndex: false
        }
    }

    /// Whether the site has files of this kind with these settings (the PDFs and the search index
    /// are optional).
    func isPublished(with settings: SiteSettings) -> Bool {
        switch self {
        case .pdf: settings.pdf
        case .searchIndex: settings.search
        case .root, .languageIndex, .current, .version, .changes, .feed, .sitemap, .robots, .asset: true
        }
    }
}

/// One address of the site: its kind, where it is, what the sitemap says about it, and how it is made.
struct SiteAddress: Sendable {
    var kind: SitePageKind
    /// The file below the site root (`nl/privacy/index.html`).
    var file: String
    /// The address the sitemap lists (`nl/privacy/`), for kinds it lists.
    var location: String
    /// `slug/lang` for a document's current page.
    var documentKey: String?
    /// The effective date of what the page shows (the sitemap leaves it out for versions not yet in force).
    var lastmod: CivilDate?
    /// The page's hreflang alternates in the sitemap.
    var alternates: [Alternate] = []
    /// The version a PDF is made from.
    var version: (policy: RenderedPolicy, page: SiteLayout.Published)?
    /// The page's bytes, for kinds the layout makes.
    var make: (@Sendable () throws(InputError) -> [UInt8])?
}
