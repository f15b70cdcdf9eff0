import Foundation
import Hummingbird

/// Responses with the preview's headers: no caching (pages follow the files), no sniffing, no
/// referrer (URLs hold unsubscribe tokens), and a Content-Security-Policy on every HTML page.
enum Responses {
    /// The preview's own pages: only its own stylesheet, script, frames and fetches.
    static let pagePolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    /// An email's HTML: inline styles and remote or inline images as a mail client shows them; no
    /// script, no form, no plugin; and sandboxed also when opened outside its iframe.
    static let emailPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; font-src https: data:; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox"

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(bytes: Array(html.utf8), type: "text/html; charset=utf-8", status: status, policy: pagePolicy)
    }

    /// The HTML part for the iframe, with `<base target="_blank">` added so that its links (the
    /// unsubscribe link too) open in a new tab instead of inside the frame.
    static func emailHTML(_ html: String) -> Reply {
        var html = html
        if let head = html.range(of: "<head>", options: .caseInsensitive) {
            html.insert(contentsOf: "\n<base target=\"_blank\">", at: head.upperBound)
        }
        return Reply(bytes: Array(html.utf8), type: "text/html; charset=utf-8", policy: emailPolicy)
    }

    static func text(_ text: String) -> Reply {
        Reply(bytes: Array(text.utf8), type: "text/plain; charset=utf-8")
    }

    static func download(_ bytes: [UInt8], fileName: String) -> Reply {
        Reply(bytes: bytes, type: "message/rfc822", disposition: "attachment; filename=\"\(fileName)\"")
    }

    static func json(_ value: some Encodable) -> Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Reply(bytes: [UInt8](data) + [0x0A], type: "application/json")
    }

    static func asset(_ text: String, type: String) -> Reply {
        Reply(bytes: Array(text.utf8), type: type)
    }
}

/// A response's body and the headers that depend on it; kept as a value so that a snapshot can cache it.
struct Reply: Sendable {
    var bytes: [UInt8]
    var type: String
    var status: HTTPResponse.Status = .ok
    var policy: String?
    var disposition: String?

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        if let policy { headers[.init("Content-Security-Policy")!] = policy }
        if let disposition { headers[.contentDisposition] = disposition }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
