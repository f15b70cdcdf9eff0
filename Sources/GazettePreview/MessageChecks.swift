import Foundation
import GazetteMail

/// The standards checks of the preview, run on an .eml's bytes as a mail server would see them.
enum MessageChecks {
    /// The sender rules (with the run's DKIM signer, nil when `digest.dkim` is not set), then the
    /// checks of what a reader sees.
    static func run(_ bytes: [UInt8], signer: DKIMSigner?) -> [MessageCheck] {
        guard let message = ReadMessage(bytes) else {
            return [MessageCheck(id: "parse", title: "Readable message", status: .fail, detail: "the bytes have no header block")]
        }
        let html = message.text(ofType: "text/html") ?? ""
        let text = message.text(ofType: "text/plain") ?? ""
        let tags = HTMLScan.tags(in: html)
        let links = unsubscribeLinks(message)
        return SenderRules.check(bytes, signer: signer) + [
            listUnsubscribe(links), linkInBody(links.web, html: tags, text: text), autoSubmitted(message),
            htmlLanguage(tags, message: message),
            absoluteLinks(tags), imageAlt(tags),
        ]
    }

    /// The URLs of `List-Unsubscribe`: the web one (https, or http) and the mailto one.
    static func unsubscribeLinks(_ message: ReadMessage) -> (web: String?, mailto: String?, present: Bool) {
        guard let field = message.field("List-Unsubscribe") else { return (nil, nil, false) }
        var web: String?
        var mailto: String?
        for piece in field.value.split(separator: "<") where piece.contains(">") {
            guard let end = piece.firstIndex(of: ">") else { continue }
            let url = String(piece[..<end]).trimmingCharacters(in: .whitespaces)
            if url.lowercased().hasPrefix("mailto:") {
                mailto = mailto ?? url
            } else if url.lowercased().hasPrefix("http") {
                web = web ?? url
            }
        }
        return (web, mailto, true)
    }

    static func listUnsubscribe(_ links: (web: String?, mailto: String?, present: Bool)) -> MessageCheck {
        let title = "List-Unsubscribe with a web link and a mailto"
        guard links.present else {
            return MessageCheck(id: "list_unsubscribe", title: title, status: .fail, detail: "no List-Unsubscribe header")
        }
        guard let web = links.web else {
            return MessageCheck(
                id: "list_unsubscribe", title: title, status: .fail, detail: "no https URL in List-Unsubscribe (RFC 8058 needs one)")
        }
        let mailto = links.mailto.map { "and \($0)" } ?? "but no mailto"
        if web.lowercased().hasPrefix("https://") {
            return MessageCheck(
                id: "list_unsubscribe", title: title, status: links.mailto == nil ? .warn : .pass, detail: "\(web) \(mailto)")
        }
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"].contains { web.lowercased().hasPrefix($0) }
        return MessageCheck(
            id: "list_unsubscribe", title: title, status: loopback ? .warn : .fail,
            detail: "\(web) \(mailto): http, not https"
                + (loopback
                    ? " (fine for this preview server; mail that leaves the machine needs https, RFC 8058)" : " (RFC 8058 needs https)"))
    }

    static func linkInBody(_ web: String?, html tags: [HTMLTag], text: String) -> MessageCheck {
        let title = "The body's opt-out link matches List-Unsubscribe"
        guard let web else {
            return MessageCheck(id: "unsubscribe_link", title: title, status: .fail, detail: "no web link in List-Unsubscribe to compare")
        }
        let inHTML = tags.contains { $0.name == "a" && $0.attributes["href"] == web }
        let inText = text.contains(web)
        let missing = [inHTML ? nil : "the HTML part has no <a href> to it", inText ? nil : "the text part does not show it"].compactMap {
            $0
        }
        return MessageCheck(
            id: "unsubscribe_link", title: title, status: missing.isEmpty ? .pass : .fail,
            detail: missing.isEmpty ? "the HTML and the text part both link \(web)" : missing.joined(separator: "; "))
    }

    static func autoSubmitted(_ message: ReadMessage) -> MessageCheck {
        let value = message.field("Auto-Submitted")?.value.trimmingCharacters(in: .whitespaces)
        return MessageCheck(
            id: "auto_submitted", title: "Auto-Submitted: auto-generated", status: value?.lowercased() == "auto-generated" ? .pass : .fail,
            detail: value.map { "Auto-Submitted: \($0)" } ?? "no Auto-Submitted header (RFC 3834): out-of-office replies would answer it")
    }

    static func htmlLanguage(_ tags: [HTMLTag], message: ReadMessage) -> MessageCheck {
        let title = "HTML lang attribute"
        guard let lang = tags.first(where: { $0.name == "html" })?.attributes["lang"], !lang.isEmpty else {
            return MessageCheck(
                id: "html_lang", title: title, status: .fail, detail: "<html> has no lang: screen readers cannot pick the language")
        }
        let contentLanguage = message.field("Content-Language")?.value.trimmingCharacters(in: .whitespaces)
        if let contentLanguage, contentLanguage.lowercased() != lang.lowercased() {
            return MessageCheck(
                id: "html_lang", title: title, status: .fail, detail: "lang=\"\(lang)\" but Content-Language: \(contentLanguage)")
        }
        return MessageCheck(
            id: "html_lang", title: title, status: .pass,
            detail: "lang=\"\(lang)\"" + (contentLanguage.map { ", as Content-Language: \($0)" } ?? ""))
    }

    static func absoluteLinks(_ tags: [HTMLTag]) -> MessageCheck {
        var links: [String] = []
        for tag in tags {
            for attribute in ["href", "src", "background"] {
                if let value = tag.attributes[attribute], tag.name != "base" { links.append(value) }
            }
        }
        let relative = links.filter { link in
            let lowered = link.lowercased()
            return !["https://", "http://", "mailto:", "tel:"].contains { lowered.hasPrefix($0) }
        }
        let title = "Absolute links"
        if relative.isEmpty {
            return MessageCheck(id: "absolute_links", title: title, status: .pass, detail: "\(links.count) links, all absolute")
        }
        let shown = relative.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        return MessageCheck(
            id: "absolute_links", title: title, status: .fail,
            detail: "\(relative.count) of \(links.count) links do not work from a mailbox: \(shown)\(relative.count > 5 ? ", …" : "")")
    }

    static func imageAlt(_ tags: [HTMLTag]) -> MessageCheck {
        let images = tags.filter { $0.name == "img" }
        let missing = images.filter { $0.attributes["alt"] == nil }
        let title = "Alt text on images"
        if images.isEmpty { return MessageCheck(id: "image_alt", title: title, status: .pass, detail: "no images") }
        if missing.isEmpty {
            return MessageCheck(id: "image_alt", title: title, status: .pass, detail: "\(images.count) images, all with alt")
        }
        let shown = missing.prefix(5).map { "\"\($0.attributes["src"] ?? "")\"" }.joined(separator: ", ")
        return MessageCheck(
            id: "image_alt", title: title, status: .fail, detail: "\(missing.count) of \(images.count) images have no alt: \(shown)")
    }
}
