import Foundation
import GazetteBytes

/// The mailbox providers' rules for bulk mail (Gmail and Yahoo since February 2024, Outlook.com since
/// May 2025: DKIM aligned with From, one-click unsubscribe by RFC 8058, well-formed messages), checked
/// on one message's bytes as a receiving server sees them. A message that fails one is refused or
/// put in the spam folder; the batch counts them for its summary, the preview shows them.
///
/// DKIM is checked with the public keys of the signer's own keys (no DNS): it says that the message
/// verifies once the records of `gazette dkim-record` are published.
public enum SenderRules {
    /// The rules, in the order they are reported.
    public static let ids = [
        "dkim", "dkim_aligned", "one_click", "https_unsubscribe", "list_id", "message_id", "date", "size", "line_length",
    ]
    /// Gmail shows "[Message clipped]" and hides the rest (the unsubscribe link too) beyond about 102 KB.
    public static let gmailClipBytes = 102 * 1024
    /// RFC 5322 §2.1.1: at most 998 octets per line, without the CRLF.
    public static let maxLineOctets = 998
    /// The fields whose values the rules look at.
    static let readFields: Set<String> = ["from", "list-unsubscribe", "list-unsubscribe-post", "list-id", "message-id", "date"]

    /// Every rule for `message`; `signer` is the run's (nil when `digest.dkim` is not set).
    public static func check(_ message: [UInt8], signer: DKIMSigner?) -> [MessageCheck] {
        let header = RawHeader(message)
        // The values of the fields the rules read, in one pass (every message of a batch is checked).
        var found: [String: [String]] = [:]
        message.withUnsafeBufferPointer { bytes in
            for field in header.fields where readFields.contains(field.lowercasedName) {
                found[field.lowercasedName, default: []].append(RawHeader.value(of: field, in: bytes))
            }
        }
        let values = { (name: String) -> [String] in found[name] ?? [] }
        let outcomes = DKIMVerifier.verify(message, header: header) { domain, selector in
            guard let signer, domain == signer.domain else { return nil }
            return signer.signings.first { $0.selector == selector }?.key.publicKey
        }
        let verified = outcomes.filter(\.verifies)
        let fromDomain = values("from").count == 1 ? domain(ofMailbox: values("from")[0]) : nil
        return [
            dkim(outcomes, signer: signer), aligned(verified, fromDomain: fromDomain, fromCount: values("from").count),
            oneClick(values, verified: verified), httpsUnsubscribe(values("list-unsubscribe")), listID(values("list-id")),
            messageID(values("message-id")), date(values("date")), size(message), lineLength(message),
        ]
    }

    static func dkim(_ outcomes: [DKIMVerifier.Outcome], signer: DKIMSigner?) -> MessageCheck {
        let result = Rule(id: "dkim", title: "DKIM signature verifies with each configured key")
        guard let signer, !signer.signings.isEmpty else {
            if outcomes.isEmpty {
                return result(
                    .fail,
                    "not signed: no digest.dkim in gazette.yml (domain, selector, keys); Gmail, Yahoo and Outlook.com require DKIM for bulk mail"
                )
            }
            return result(.fail, "\(outcomes.count) DKIM signature(s), but no digest.dkim key to check them with")
        }
        var passed: [String] = []
        var problems: [String] = []
        for signing in signer.signings {
            let name = "\(signing.key.algorithm.rawValue) (s=\(signing.selector))"
            let candidates = outcomes.filter {
                $0.domain == signer.domain && $0.selector == signing.selector && $0.algorithm == signing.key.algorithm.rawValue
            }
            if candidates.contains(where: \.verifies) {
                passed.append(name)
            } else if let failed = candidates.first {
                problems.append("\(name): \(failed.failure ?? "")")
            } else {
                problems.append("\(name): no signature with d=\(signer.domain) s=\(signing.selector)")
            }
        }
        if problems.isEmpty {
            let one = passed.count == 1
            return result(
                .pass,
                passed.joined(separator: " and ")
                    + (one ? " verifies with the configured key's public key" : " verify with the configured keys' public keys")
                    + ", d=\(signer.domain)")
        }
        return result(.fail, problems.joined(separator: "; "))
    }

    static func aligned(_ verified: [DKIMVerifier.Outcome], fromDomain: String?, fromCount: Int) -> MessageCheck {
        let result = Rule(id: "dkim_aligned", title: "DKIM d= aligned with the From domain (DMARC)")
        guard let fromDomain else {
            return result(
                .fail,
                fromCount == 1 ? "the From field has no readable address" : "the message has \(fromCount) From fields; it needs exactly one"
            )
        }
        guard !verified.isEmpty else { return result(.fail, "no DKIM signature verifies, so none aligns with From (\(fromDomain))") }
        if let good = verified.first(where: { DKIMSettings.isAligned($0.domain, with: fromDomain) }) {
            return result(
                .pass,
                "d=\(good.domain) and From \(fromDomain)"
                    + (good.domain == fromDomain ? " are the same domain" : " are aligned (one is a parent of the other)"))
        }
        return result(.fail, "d=\(verified[0].domain) is not aligned with From \(fromDomain): sign with the From domain or a parent of it")
    }

    static func oneClick(_ values: (String) -> [String], verified: [DKIMVerifier.Outcome]) -> MessageCheck {
        let result = Rule(id: "one_click", title: "One-click unsubscribe headers present and DKIM-signed (RFC 8058)")
        let unsubscribe = values("list-unsubscribe")
        let post = values("list-unsubscribe-post")
        if let failure = result.exactlyOne(unsubscribe, named: "List-Unsubscribe")
            ?? result.exactlyOne(post, named: "List-Unsubscribe-Post")
        {
            return failure
        }
        guard post[0] == "List-Unsubscribe=One-Click" else {
            return result(.fail, "List-Unsubscribe-Post is \"\(post[0])\"; RFC 8058 requires List-Unsubscribe=One-Click")
        }
        guard
            let signature = verified.first(where: {
                $0.signedFields.contains("list-unsubscribe") && $0.signedFields.contains("list-unsubscribe-post")
            })
        else {
            return result(
                .fail,
                verified.isEmpty
                    ? "present, but no DKIM signature verifies (RFC 8058 §4 requires one to cover both fields)"
                    : "present, but no verifying DKIM signature covers both fields (RFC 8058 §4)")
        }
        return result(
            .pass,
            "List-Unsubscribe and List-Unsubscribe-Post: List-Unsubscribe=One-Click, signed by \(signature.algorithm) (s=\(signature.selector))"
        )
    }

    static func httpsUnsubscribe(_ fields: [String]) -> MessageCheck {
        let result = Rule(id: "https_unsubscribe", title: "List-Unsubscribe has an https URL")
        guard let field = fields.first else { return result(.fail, "no List-Unsubscribe field") }
        // `<url>, <url>`: what is between the angle brackets, white space ignored (RFC 2369 §2).
        var urls: [String] = []
        var url: [UInt8]?
        for byte in field.utf8 {
            if byte == UInt8(ascii: "<") {
                url = []
            } else if byte == UInt8(ascii: ">"), let found = url {
                urls.append(String(decoding: found, as: UTF8.self))
                url = nil
            } else if byte != 0x20, byte != 0x09 {
                url?.append(byte)
            }
        }
        if let https = urls.first(where: { hasPrefix($0, "https://") }) { return result(.pass, https) }
        guard let http = urls.first(where: { hasPrefix($0, "http://") }) else {
            return result(
                .fail, "no web URL in List-Unsubscribe, only \(urls.joined(separator: ", ")): one-click needs an https URL (RFC 8058)")
        }
        let host = http.dropFirst(7).prefix { $0 != "/" && $0 != "?" && $0 != "#" }.lowercased()
        if ["127.0.0.1", "localhost", "[::1]"].contains(where: { host == $0 || host.hasPrefix($0 + ":") }) {
            // The sample's link: it works against `gazette preview` on this machine, but no mailbox
            // provider can use it, so a batch written with it fails the rule, truthfully.
            return result(
                .fail,
                "\(http) is http on this machine (the preview server): one-click works here, but Gmail and Yahoo require an https URL that recipients can reach (RFC 8058); set digest.unsubscribe_url to your https endpoint before sending real mail"
            )
        }
        return result(.fail, "\(http) is http: one-click unsubscribe needs https (RFC 8058)")
    }

    static func listID(_ fields: [String]) -> MessageCheck {
        let result = Rule(id: "list_id", title: "List-Id present (RFC 2919)")
        if let failure = result.exactlyOne(fields, named: "List-Id") { return failure }
        let value = Array(fields[0].utf8)
        guard let open = value.lastIndex(of: UInt8(ascii: "<")), let close = value.lastIndex(of: UInt8(ascii: ">")), open < close else {
            return result(.fail, "List-Id: \(fields[0]) has no <list.id>")
        }
        let id = value[(open + 1)..<close]
        guard id.contains(UInt8(ascii: ".")), MailAddress.isDotAtom(id, allowed: MailAddress.isAtext) else {
            return result(.fail, "<\(String(decoding: id, as: UTF8.self))> is not a list id (dot-separated words, like digest.example.com)")
        }
        return result(.pass, String(decoding: value[open...close], as: UTF8.self))
    }

    static func messageID(_ fields: [String]) -> MessageCheck {
        let result = Rule(id: "message_id", title: "Valid Message-ID")
        if let failure = result.exactlyOne(fields, named: "Message-ID") { return failure }
        let value = fields[0]
        let bytes = Array(value.utf8)
        guard bytes.count > 2, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">"),
            let at = bytes.lastIndex(of: UInt8(ascii: "@")),
            MailAddress.isDotAtom(bytes[1..<at], allowed: MailAddress.isAtext),
            MailAddress.isDotAtom(bytes[(at + 1)..<(bytes.count - 1)], allowed: MailAddress.isAtext)
        else { return result(.fail, "\(value) is not <unique@domain> (RFC 5322 §3.6.4)") }
        return result(.pass, value)
    }

    static func date(_ fields: [String]) -> MessageCheck {
        let result = Rule(id: "date", title: "Valid Date")
        if let failure = result.exactlyOne(fields, named: "Date") { return failure }
        do {
            _ = try MailDate.timestamp(of: fields[0])
            return result(.pass, fields[0])
        } catch {
            return result(.fail, "\(fields[0]): \(error.message) (RFC 5322 §3.3)")
        }
    }

    public static func size(_ bytes: [UInt8]) -> MessageCheck {
        // One decimal, rounded, without Foundation's formatting (it costs more than the rest of the rule).
        let tenths = (bytes.count * 10 + 512) / 1024
        let kilobytes = "\(tenths / 10).\(tenths % 10) KB"
        let status: MessageCheck.Status = bytes.count > gmailClipBytes ? .fail : bytes.count * 10 > gmailClipBytes * 9 ? .warn : .pass
        return MessageCheck(
            id: "size", title: "Size within Gmail's 102 KB", status: status,
            detail: "\(kilobytes) of 102 KB (the whole .eml, \(bytes.count) bytes); Gmail clips longer messages, hiding their end")
    }

    public static func lineLength(_ bytes: [UInt8]) -> MessageCheck {
        var longest = 0
        var longestLine = 0
        var bareLF: Int?
        var line = 1
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start <= buffer.count {
                // The next LF, eight bytes at a time (lines are short: a call of memchr per line costs more).
                var end = ByteScan.nextCandidate(in: buffer, from: start) { ByteScan.equal($0, 0x0A) }
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                let hasCR = end > start && end < buffer.count && buffer[end - 1] == 0x0D
                if end < buffer.count, !hasCR, bareLF == nil { bareLF = line }
                let length = end - start - (hasCR ? 1 : 0)
                if length > longest { (longest, longestLine) = (length, line) }
                if end >= buffer.count { break }
                line += 1
                start = end + 1
            }
        }
        let title = "Lines within 998 octets, CRLF line ends"
        if longest > maxLineOctets {
            return MessageCheck(id: "line_length", title: title, status: .fail, detail: "line \(longestLine) has \(longest) octets")
        }
        if let bareLF {
            return MessageCheck(id: "line_length", title: title, status: .fail, detail: "line \(bareLF) ends with LF alone, not CRLF")
        }
        return MessageCheck(
            id: "line_length", title: title, status: .pass, detail: "the longest line has \(longest) octets (line \(longestLine))")
    }

    /// The domain of the address in a From value (`Name <local@domain>` or `local@domain`), in
    /// lowercase; nil when there is no `@` with something after it.
    static func domain(ofMailbox value: String) -> String? {
        var bytes = Array(value.utf8)
        if let close = bytes.lastIndex(of: UInt8(ascii: ">")), let open = bytes[..<close].lastIndex(of: UInt8(ascii: "<")) {
            bytes = Array(bytes[(open + 1)..<close])
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let domain = bytes[(at + 1)...].filter { $0 != 0x20 && $0 != 0x09 }
        return domain.isEmpty ? nil : RawHeader.lowercased(String(decoding: domain, as: UTF8.self))
    }

    /// Whether `text` starts with the ASCII `prefix`, ignoring case.
    static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let prefix = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        var text = text
        return text.withUTF8 { bytes in
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { ((65...90).contains($0) ? $0 + 32 : $0) == $1 }
        }
    }

    /// Makes one rule's checks: `result(.fail, "why")`.
    struct Rule {
        let id: String
        let title: String

        func callAsFunction(_ status: MessageCheck.Status, _ detail: String) -> MessageCheck {
            MessageCheck(id: id, title: title, status: status, detail: detail)
        }

        /// The failing check when `fields` (the values of the fields `name`) is not exactly one.
        func exactlyOne(_ fields: [String], named name: String) -> MessageCheck? {
            fields.count == 1 ? nil : self(.fail, fields.isEmpty ? "no \(name) field" : "\(fields.count) \(name) fields; one is allowed")
        }
    }
}
