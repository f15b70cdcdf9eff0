import Foundation
import GazetteCore
import GazetteMail

/// The `digest:` section of gazette.yml. Every key but the first three has a default.
public struct DigestSettings: Sendable, Equatable {
    /// `From:` of every digest; its domain also names Message-IDs and the default list id.
    public var from: MailAddress
    /// `from_name`: the display name of `From:` with `{company}` filled in ("{company} via Koraal HR"):
    /// the email is about the employer, sent by the platform. nil: `from`'s own name. The address
    /// stays `from`'s, so that DKIM's `d=` stays aligned with it.
    public var fromName: String?
    /// `app_url`: the employee self-service page where a recipient changes their settings, linked in
    /// the footer beside the opt-out; https (http only on loopback). nil: no link.
    public var appURL: String?
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
        "from", "unsubscribe_url", "unsubscribe_mailto", "list_id", "send_time", "list_cap", "token_key_id", "languages", "static_preview",
        "dkim",
        "from_name", "app_url",
    ]

    public init(
        from: MailAddress, unsubscribeURL: String, unsubscribeMailto: MailAddress, listID: String? = nil,
        sendTime: TimeOfDay = TimeOfDay("07:00")!, listCap: Int = 15, tokenKeyID: String = "k1", languages: [String] = ["nl", "en", "fr"],
        staticPreview: Bool = false, dkim: DKIMSettings? = nil, fromName: String? = nil, appURL: String? = nil
    ) {
        self.from = from
        self.fromName = fromName
        self.appURL = appURL
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
        let fromName = map.string("from_name", in: &problems)
        if let fromName, let problem = Self.fromNameProblem(fromName) { fail("from_name", "digest.from_name " + problem) }
        let appURL = map.string("app_url", in: &problems)
        if let appURL, !Self.isAppURL(appURL) {
            fail(
                "app_url",
                "digest.app_url \(FieldCheck.quoted(appURL)) must be an https URL (http only on this machine: 127.0.0.1, [::1], localhost) "
                    + "without spaces or quotes: write it like https://ess.example.com/settings")
        }
        let url = map.string("unsubscribe_url", required: true, in: &problems) ?? ""
        if !url.isEmpty, !Self.isUnsubscribeURL(url) {
            fail(
                "unsubscribe_url",
                "digest.unsubscribe_url \"\(url)\" must be an https URL (http only on this machine: 127.0.0.1, [::1], localhost) "
                    + "holding {token} once, without spaces or quotes: write it like https://ess.example.com/digest/unsubscribe/{token}")
        }
        let mailtoText = map.string("unsubscribe_mailto", required: true, in: &problems) ?? ""
        let mailto = MailAddress(address: mailtoText.hasPrefix("mailto:") ? String(mailtoText.dropFirst(7)) : mailtoText)
        if !mailtoText.isEmpty, mailto == nil {
            fail(
                "unsubscribe_mailto", "digest.unsubscribe_mailto \"\(mailtoText)\" is not an address: write it like unsubscribe@example.com"
            )
        }
        let listID = map.string("list_id", in: &problems)
        if let listID, !Self.isListID(listID) {
            fail(
                "list_id",
                "digest.list_id \"\(listID)\" is not a list id: write it like digest.example.com (letters, digits, dots, hyphens)")
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
        if map.contains("languages"), languages.isEmpty {
            fail("languages", "digest.languages is empty: list at least one language, like [en]")
        }
        let staticPreview = map.boolean("static_preview", in: &problems) ?? false
        let dkim = map.map("dkim", in: &problems).flatMap {
            DKIMSettings($0, line: map.line(of: "dkim"), fromDomain: from?.domain, problems: &problems)
        }
        try problems.check()
        self.init(
            from: from!, unsubscribeURL: url, unsubscribeMailto: mailto!, listID: listID, sendTime: sendTime!, listCap: listCap,
            tokenKeyID: keyID, languages: languages.map { $0.lowercased() }, staticPreview: staticPreview, dkim: dkim,
            fromName: fromName, appURL: appURL)
    }

    /// The `From:` of a company's digests: `from_name` with the company's name, at `from`'s address.
    public func sender(company: String) -> MailAddress {
        guard let fromName else { return from }
        var sender = from
        sender.displayName = fromName.replacingOccurrences(of: Self.companyPlaceholder, with: company)
        return sender
    }

    static let companyPlaceholder = "{company}"
    /// The most characters `from_name` may have before the company's name is filled in.
    static let fromNameLimit = 100

    /// What is wrong with a `from_name`, or nil: it must be one line of at most `fromNameLimit`
    /// characters whose only placeholder is `{company}`.
    static func fromNameProblem(_ name: String) -> String? {
        let example = "write it like \"{company} via Koraal HR\""
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty: leave it out to use digest.from's name, or \(example)" }
        if let control = name.unicodeScalars.first(where: {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}"
        }) {
            let code = String(control.value, radix: 16, uppercase: true)
            return
                "\(FieldCheck.quoted(name)) holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)): "
                + "a display name is one line of text; \(example)"
        }
        if name.count > fromNameLimit {
            return "is \(name.count) characters long; at most \(fromNameLimit) (the company's name is added to it): shorten it"
        }
        var rest = Substring(name)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[brace] == "{", let close = rest[brace...].firstIndex(of: "}") else {
                return "\(FieldCheck.quoted(name)) has a \"\(rest[brace])\" without its pair: the only placeholder is {company}; \(example)"
            }
            let placeholder = String(rest[brace...close])
            if placeholder != companyPlaceholder {
                return "\(FieldCheck.quoted(name)) has the unknown placeholder \(placeholder): the only one is {company}; \(example)"
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// An https URL, or an http one on this machine, without spaces, quotes or `{`: a link in the
    /// footer (escaped where it is written, but a setting that needs escaping is a mistake).
    static func isAppURL(_ url: String) -> Bool {
        webAuthority(url, forbidding: "\"'<>\\^`|{}") != nil
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
        guard url.components(separatedBy: "{token}").count == 2, let authority = webAuthority(url, forbidding: "\"<>\\^`|") else {
            return false
        }
        return !authority.contains("{")
    }

    /// The host and port of `url` when it is https, or http on this machine, under 800 bytes of
    /// printable ASCII without `forbidden`; nil otherwise.
    static func webAuthority(_ url: String, forbidding forbidden: String) -> Substring? {
        let scheme = url.hasPrefix("https://") ? "https://" : url.hasPrefix("http://") ? "http://" : nil
        guard let scheme, url.utf8.count < 800, url.utf8.allSatisfy({ (0x21...0x7E).contains($0) && !forbidden.utf8.contains($0) }) else {
            return nil
        }
        let authority = url.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, scheme == "https://" || isLoopback(authority: authority) else { return nil }
        return authority
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
