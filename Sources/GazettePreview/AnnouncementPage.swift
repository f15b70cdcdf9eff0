import GazetteCore
import GazetteDigest
import GazetteMail

/// `/announcements/<name>/<company>/<n>`: one policy-change announcement shown like an email: its
/// subject and recipient, the HTML part (sandboxed), the text part, the attachment and the source.
struct AnnouncementPage {
    let generation: Int
    let name: String
    let contact: Contact
    let companyID: String
    let isWritten: Bool
    let bytes: [UInt8]

    var message: ReadMessage { ReadMessage(bytes)! }

    static func link(_ name: String, company: String, number: Int, part: String? = nil) -> String {
        "/announcements/" + PreviewLinks.encode(name) + "/" + PreviewLinks.encode(company) + "/\(number)" + (part.map { "/" + $0 } ?? "")
    }

    var html: String {
        let message = self.message
        let subject = message.field("Subject")?.decoded ?? ""
        let link = { (part: String) in Self.link(name, company: companyID, number: contact.number, part: part) }
        return PreviewLayout.page(title: "Announcement \(name) to \(contact.email)", generation: generation) { page in
            page.element("h1", text: subject)
            page.element("p", ["class": "meta"]) { meta in
                meta.text(
                    "To \(message.field("To")?.decoded ?? contact.email) · \(companyID) · \(message.field("Content-Language")?.value ?? "") · "
                )
                meta.text("announcement \(name) · ")
                meta.text(isWritten ? "written (as gazette send sends it)" : "due, not written yet: composed for this preview")
            }
            page.element("nav", ["class": "recipients", "aria-label": "Announcements"]) { nav in
                nav.element("a", ["href": "/#announcements"], text: "all announcements")
            }
            page.element("section", ["aria-labelledby": "html-part"]) { section in
                section.element("h2", ["id": "html-part"], text: "HTML part")
                section.element("div", ["class": "frame desktop light"]) { frame in
                    frame.element(
                        "iframe",
                        [
                            "src": link("html"), "title": "The HTML part of the email",
                            "sandbox": "allow-popups allow-popups-to-escape-sandbox",
                            "referrerpolicy": "no-referrer",
                        ], text: "")
                }
            }
            page.element("section", ["aria-labelledby": "text-part"]) { section in
                section.element("h2", ["id": "text-part"], text: "Plain-text part")
                section.element("pre", text: message.text(ofType: "text/plain") ?? "")
            }
            page.element("section", ["aria-labelledby": "attachments"]) { section in
                section.element("h2", ["id": "attachments"], text: "Attachment")
                section.element("ul") { list in
                    for part in message.parts where !part.mediaType.hasPrefix("text/") {
                        list.element("li", text: "\(part.mediaType), \(part.content.count) bytes")
                    }
                }
            }
            page.element("section", ["aria-labelledby": "headers"]) { section in
                section.element("h2", ["id": "headers"], text: "Header")
                section.element("table") { table in
                    for field in message.fields {
                        table.element("tr") { row in
                            row.element("th", ["scope": "row"], text: field.name)
                            row.element("td", text: field.decoded)
                        }
                    }
                }
            }
            page.element("section", ["aria-labelledby": "source"]) { section in
                section.element("h2", ["id": "source"], text: "Source")
                section.element("p") { links in
                    links.element("a", ["href": link("eml")], text: "Download \(companyID)-\(contact.number).eml")
                    links.markup(" · ")
                    links.element("a", ["href": link("raw")], text: "raw source")
                }
            }
        }
    }
}
