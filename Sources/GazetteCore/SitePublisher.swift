/// Who publishes the policy site (`site.publisher` in gazette.yml): the legal name, the address and
/// a contact, shown in the footer of every page so that a reader knows whose terms these are.
///
/// ```yaml
/// site:
///   publisher:
///     name: "Koraal HR BV"
///     address: "Dokstraat 12, 9000 Gent, België"
///     email: "legal@koraal-hr.example"
///     url: "https://koraal-hr.example/contact"   # optional, like email
/// ```
public struct SitePublisher: Sendable, Equatable {
    public var name: String
    public var address: String
    public var email: String?
    public var url: String?

    public static let keys = ["name", "address", "email", "url"]

    public init(name: String, address: String, email: String? = nil, url: String? = nil) {
        self.name = name
        self.address = address
        self.email = email
        self.url = url
    }

    /// Reads the mapping; nil (with the problems added) when it cannot be used.
    init?(from map: YAMLMap, in problems: inout ProblemList) {
        let before = problems.problems.count
        map.checkKeys(Self.keys, in: &problems, context: "site.publisher")
        let name = map.string("name", required: true, in: &problems) ?? ""
        let address = map.string("address", required: true, in: &problems) ?? ""
        let email = map.string("email", in: &problems)
        let url = map.string("url", in: &problems)
        if let email, !email.contains("@") || email.contains(where: { $0.isWhitespace }) {
            problems.add(
                map.path, line: map.line(of: "email"),
                "site.publisher.email \"\(email)\" is not an email address: write it like legal@example.com")
        }
        if let url, !SiteSettings.isAbsoluteHTTPURL(url) {
            problems.add(
                map.path, line: map.line(of: "url"),
                "site.publisher.url \"\(url)\" is not an absolute URL: write it like https://example.com/contact")
        }
        if email == nil, url == nil {
            problems.add(
                map.path, line: map.line,
                "site.publisher has no contact: give an email: or a url: where readers can ask about these documents")
        }
        guard problems.problems.count == before else { return nil }
        self.init(name: name, address: address, email: email, url: url)
    }

    /// A mapping of language → text (`site.title`), each value checked to be text.
    static func texts(of map: YAMLMap, in problems: inout ProblemList) -> [String: String] {
        var texts: [String: String] = [:]
        for key in map.keys {
            if let text = map.string(key, required: true, in: &problems) { texts[key] = text }
        }
        return texts
    }
}
