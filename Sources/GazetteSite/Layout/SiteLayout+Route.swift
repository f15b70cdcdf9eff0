import Foundation
import GazetteCore

/// One page of the site made on its own, by its path (as `pages` would write it): what the preview
/// serves on request, without laying out the rest of the site.
extension SiteLayout {
    /// A page and its media type.
    struct RoutedPage {
        var bytes: [UInt8]
        var type: String
    }

    /// The page at `path` (`nl/privacy/`, `nl/privacy/2026-02-01/changes/index.html`, `assets/site.css`,
    /// `nl/feed.xml`), or nil when the site has no such page.
    func page(at path: String, rendered: [String: RenderedPolicy]) throws(InputError) -> RoutedPage? {
        var parts = path.split(separator: "/").map(String.init)
        if parts.last == "index.html" { parts.removeLast() }
        let published = published(rendered: rendered)
        func html(_ bytes: [UInt8]) -> RoutedPage {
            RoutedPage(bytes: settings.fileLinks ? FileLinks.rewrite(bytes) : bytes, type: "text/html; charset=utf-8")
        }
        switch parts.count {
        case 0:
            return html(try indexPage(languages: settings.languages, depth: 0, published: published))
        case 1 where parts[0] == "sitemap.xml":
            return RoutedPage(bytes: Array(sitemap(published: published).utf8), type: "application/xml")
        case 1 where settings.languages.contains(parts[0]):
            return html(try indexPage(languages: [parts[0]], depth: 1, published: published))
        case 2 where parts[0] == "assets":
            guard !parts[1].hasPrefix("."), let data = FileManager.default.contents(atPath: templates.directory + "/assets/" + parts[1]) else {
                return nil
            }
            return RoutedPage(bytes: [UInt8](data), type: Self.mediaType(of: parts[1]))
        case 2 where parts[1] == "feed.xml" && settings.languages.contains(parts[0]):
            return RoutedPage(bytes: Array(try feed(language: parts[0], published: published).utf8), type: "application/atom+xml")
        case 2, 3, 4:
            guard let page = published["\(parts[1])/\(parts[0])"] else { return nil }
            if parts.count == 2 { return html(try currentPage(page, published: published)) }
            guard let index = page.versions.firstIndex(where: { $0.version.effective.description == parts[2] }) else { return nil }
            if parts.count == 3 { return html(try versionPage(page.versions[index], of: page, published: published)) }
            guard parts[3] == "changes", index > 0 else { return nil }
            return html(try changesPage(from: page.versions[index - 1], to: page.versions[index], published: published))
        default:
            return nil
        }
    }

    static func mediaType(of file: String) -> String {
        switch (file as NSString).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }
}
