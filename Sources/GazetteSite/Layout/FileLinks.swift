/// `site.file_links: true`: every relative link to a folder (`../../nl/`, `./`, `2026-02-01/#art-5`)
/// ends in `index.html`, so that a site opened from disk (`file://`), where a browser shows a
/// folder's listing rather than its index, can be browsed link by link.
///
/// The pages are written with folder links (what a web server wants: short, clean addresses); this
/// step rewrites the `href` attributes of a finished page. Absolute URLs (canonical, alternates,
/// `mailto:`) and links within the page (`#art-5`) are left alone.
enum FileLinks {
    static func rewrite(_ html: [UInt8]) -> [UInt8] {
        let marker = Array(" href=\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(html.count + html.count / 50)
        var index = 0
        while index < html.count {
            guard let start = find(marker, in: html, from: index) else {
                out.append(contentsOf: html[index...])
                break
            }
            let valueStart = start + marker.count
            out.append(contentsOf: html[index..<valueStart])
            guard let valueEnd = html[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
                out.append(contentsOf: html[valueStart...])
                break
            }
            let value = html[valueStart..<valueEnd]
            let pathEnd = value.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? valueEnd
            let path = html[valueStart..<pathEnd]
            out.append(contentsOf: path)
            if isRelativeFolder(path) { out.append(contentsOf: "index.html".utf8) }
            out.append(contentsOf: html[pathEnd..<valueEnd])
            index = valueEnd
        }
        return out
    }

    /// `./`, `../`, `nl/privacy/`: a path without a scheme or a leading `/` that names a folder.
    static func isRelativeFolder(_ path: ArraySlice<UInt8>) -> Bool {
        guard let last = path.last, last == UInt8(ascii: "/"), path.first != UInt8(ascii: "/") else { return false }
        // A scheme ("https:", "mailto:") comes before any "/".
        let beforeSlash = path.prefix { $0 != UInt8(ascii: "/") }
        return !beforeSlash.contains(UInt8(ascii: ":"))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
