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
    /// `nl/feed.xml`), or nil when the site has no such page: the address of that location in
    /// `addresses(published:)`, the list `gazette site` writes, made alone.
    func page(at path: String, rendered: [String: RenderedPolicy]) throws(InputError) -> RoutedPage? {
        var parts = path.split(separator: "/").map(String.init)
        if parts.last == "index.html" { parts.removeLast() }
        if parts.count == 2, parts[0] == "assets" {
            guard !parts[1].hasPrefix("."), let data = FileManager.default.contents(atPath: templates.directory + "/assets/" + parts[1])
            else {
                return nil
            }
            return RoutedPage(bytes: [UInt8](data), type: Self.mediaType(of: parts[1]))
        }
        let addresses = addresses(published: published(rendered: rendered))
        let location = parts.joined(separator: "/")
        if location == "sitemap.xml" { return RoutedPage(bytes: Array(sitemap(addresses).utf8), type: "application/xml") }
        guard let address = addresses.first(where: { $0.location.split(separator: "/").joined(separator: "/") == location }),
            address.kind.isMadeByLayout, let make = address.make
        else { return nil }
        let bytes = try make()
        if address.kind == .feed { return RoutedPage(bytes: bytes, type: "application/atom+xml") }
        return RoutedPage(bytes: settings.fileLinks ? FileLinks.rewrite(bytes) : bytes, type: "text/html; charset=utf-8")
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
