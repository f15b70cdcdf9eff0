import Foundation
import GazetteCore
import GazetteMail

/// The `digest:` section of gazette.yml. Every key but the first three has a default.
public struct DigestSettings: Sendable, Equatable {
    /// `From:` of every digest; its domain also names Message-IDs and the default list id.
    public var from: MailAddress
    /// The opt-out page; `{token}` is replaced by the signed unsubscribe token. https, or http on loopback.
    public var unsubscribeURL: String {
        didSet { unsubscribeURLParts = Self.parts(of: unsubscribeURL) }
    }
    /// `unsubscribeURL` before and after its `{token}` (nil: it has none), found once: every digest
    /// fills it in.
    private var unsubscribeURLParts: URLParts?
    private struct URLParts: Sendable, Equatable {
        var before: String
        var after: String
    }
    /// The address that takes opt-outs by mail (`List-Unsubscribe: <mailto:…>`).
    public var unsubscribeMailto: MailAddress
    /// `List-Id` (RFC 2919), like `digest.koraal-hr.example`. Default: `digest.` + the From domain.
    public var listID: String
    /// When the digest is dated: Monday at this time in the company's time zone. Default 07:00.
    public var sendTime: TimeOfDay
    /// Most people or items listed per section before "and N more". Default 15.
    public var listCap: Int
    /// Names the secret in every token, so that a later secret can be told apart. Default `k1`.
    public var tokenKeyID: String
    /// The languages there are words for (Templates/locales/<lang>.yml). Default nl, en, fr.
    public var languages: [String]
    /// Whether the batch also writes the static preview (Output/preview/<week>/). Default false: a
    /// production batch of 100,000 employees would write two more files per email (2.5 GB beside
    /// 1.2 GB of mail); the sample's gazette.yml turns it on, so `make digest` writes it.
    public var staticPreview: Bool
    /// `dkim:`: the signing domain, selector and key files (docs/digest.md, "DKIM signing"); nil: not signed.
    public var dkim: DKIMSettings?

    public static let keys = [
        "from", "unsubscribe_url", "unsubscribe_mailto", "list_id", "send_time", "list_cap", "token_key_id", "languages", "static_preview", "dkim",
    ]

    public init(
        from: MailAddress, unsubscribeURL: String, unsubscribeMailto: MailAddress, listID: String? = nil,
        sendTime: TimeOfDay = TimeOfDay("07:00")!, listCap: Int = 15, tokenKeyID: String = "k1", languages: [String] = ["nl", "en", "fr"],
        staticPreview: Bool = false, dkim: DKIMSettings? = nil
    ) {
        self.from = from
        self.unsubscribeURL = unsubscribeURL
        self.unsubscribeURLParts = Self.parts(of: unsubscribeURL)
        self.unsubscribeMailto = unsubscribeMailto
        self.listID = listID ?? "digest." + from.domain
        self.sendTime = sendTime
        self.listCap = listCap
        self.tokenKeyID = tokenKeyID
        self.languages = languages
        self.staticPreview = staticPreview
        self.dkim = dkim
    }

    /// Reads and checks the section; every problem names its line in gazette.yml.
    public init(from file: SettingsFile) throws(InputError) {
        var problems = ProblemList()
        guard let map = file.root.map("digest", required: true, in: &problems) else { throw InputError(problems.problems) }
        map.checkKeys(Self.keys, in: &problems, context: "digest")
        func fail(_ key: String, _ message: String) { problems.add(file.path, line: map.line(of: key), message) }

        let fromText = map.string("from", required: true, in: &problems) ?? ""
        let from = MailAddress.parse(fromText)
        if !fromText.isEmpty, from == nil {
            fail("from", "digest.from \"\(fromText)\" is not an address: write it like \"Example HR <digest@example.com>\"")
        }
        let url = map.string("unsubscribe_url", required: true, in: &problems) ?? ""
        if !url.isEmpty, !Self.isUnsubscribeURL(url) {
            fail("unsubscribe_url",
                "digest.unsubscribe_url \"\(url)\" must be an https URL (http only on this machine: 127.0.0.1, [::1], localhost) "
                    + "holding {token} once, without spaces or quotes: write it like https://ess.example.com/digest/unsubscribe/{token}")
        }
        let mailtoText = map.string("unsubscribe_mailto", required: true, in: &problems) ?? ""
        let mailto = MailAddress(address: mailtoText.hasPrefix("mailto:") ? String(mailtoText.dropFirst(7)) : mailtoText)
        if !mailtoText.isEmpty, mailto == nil {
            fail("unsubscribe_mailto", "digest.unsubscribe_mailto \"\(mailtoText)\" is not an address: write it like unsubscribe@example.com")
        }
        let listID = map.string("list_id", in: &problems)
        if let listID, !Self.isListID(listID) {
            fail("list_id", "digest.list_id \"\(listID)\" is not a list id: write it like digest.example.com (letters, digits, dots, hyphens)")
        }
        let sendTimeText = map.string("send_time", in: &problems) ?? "07:00"
        let sendTime = TimeOfDay(sendTimeText)
        if sendTime == nil { fail("send_time", "digest.send_time \"\(sendTimeText)\" is not a time: write it like \"07:00\"") }
        let listCap = map.integer("list_cap", in: 1...500, problems: &problems) ?? 15
        let keyID = map.string("token_key_id", in: &problems) ?? "k1"
        if keyID.isEmpty || keyID.utf8.count > 16 || !keyID.utf8.allSatisfy({ FieldCheck.isIDByte($0) && $0 != UInt8(ascii: ".") }) {
            fail("token_key_id", "digest.token_key_id \"\(keyID)\" must be 1 to 16 letters, digits, \"_\" or \"-\"")
        }
        let languages = map.strings("languages", in: &problems) ?? ["nl", "en", "fr"]
        if map.contains("languages"), languages.isEmpty { fail("languages", "digest.languages is empty: list at least one language, like [en]") }
        let staticPreview = map.boolean("static_preview", in: &problems) ?? false
        let dkim = map.map("dkim", in: &problems).flatMap {
            DKIMSettings($0, line: map.line(of: "dkim"), fromDomain: from?.domain, problems: &problems)
        }
        try problems.check()
        self.init(
            from: from!, unsubscribeURL: url, unsubscribeMailto: mailto!, listID: listID, sendTime: sendTime!, listCap: listCap,
            tokenKeyID: keyID, languages: languages.map { $0.lowercased() }, staticPreview: staticPreview, dkim: dkim)
    }

    /// The unsubscribe link for `token` (https, or http on loopback for the preview server).
    public func unsubscribeLink(token: String) -> String {
        guard let parts = unsubscribeURLParts else { return unsubscribeURL }
        return parts.before + token + parts.after
    }

    private static func parts(of url: String) -> URLParts? {
        guard let range = url.firstRange(of: "{token}") else { return nil }
        return URLParts(before: String(url[..<range.lowerBound]), after: String(url[range.upperBound...]))
    }

    /// The mailto unsubscribe link for `token` (the token in the subject, so a mailbox robot can act on it).
    public func unsubscribeMailtoLink(token: String) -> String {
        "mailto:" + unsubscribeMailto.address + "?subject=unsubscribe%20" + token
    }

    /// An https URL, or an http one on this machine (127.0.0.1, [::1], localhost: the preview server
    /// of `gazette preview`); RFC 8058 one-click needs https for mail that leaves the machine.
    static func isUnsubscribeURL(_ url: String) -> Bool {
        let scheme = url.hasPrefix("https://") ? "https://" : url.hasPrefix("http://") ? "http://" : nil
        guard let scheme, url.utf8.count < 800,
            url.components(separatedBy: "{token}").count == 2,
            url.utf8.allSatisfy({ (0x21...0x7E).contains($0) && !"\"<>\\^`|".utf8.contains($0) })
        else { return false }
        let authority = url.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("{") else { return false }
        return scheme == "https://" || isLoopback(authority: authority)
    }

    /// `127.0.0.1`, `[::1]` or `localhost`, with or without a port.
    static func isLoopback(authority: Substring) -> Bool {
        var host = authority
        if host.hasPrefix("[") {
            host = host.prefix { $0 != "]" }.dropFirst()
        } else if let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        }
        return ["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
    }

    static func isListID(_ id: String) -> Bool {
        let labels = id.split(separator: ".", omittingEmptySubsequences: false)
        return id.utf8.count <= 200 && labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { MailAddress.isAtext($0) } }
    }
}
