import GazetteCore

/// The `digest.dkim` section of gazette.yml (the signing domain, the selector, the key files), and
/// reading the keys it names, once per run, into a `DKIMSigner`. Digests and announcements sign
/// with the same settings.
///
/// ```yaml
/// digest:
///   dkim:
///     domain: "example.com"          # d=, aligned with the From domain
///     selector: "gazette2026"        # s= (with several keys: gazette2026-rsa, gazette2026-ed25519)
///     keys: ["/run/secrets/dkim-rsa.pem", "/run/secrets/dkim-ed25519.pem"]
/// ```
///
/// `GAZETTE_DKIM_KEYS` (paths separated by `:`), when set, takes the place of `keys`, so that key
/// paths can stay out of the file (and the sample's development keys out of the repository).
public struct DKIMSettings: Sendable, Equatable {
    /// A key file and where it was named, for messages.
    public struct KeyFile: Sendable, Equatable {
        public var path: String
        /// The settings file and line, or the environment variable, that named it.
        public var origin: InputProblem

        /// A problem with this key, located where the key was named.
        func problem(_ message: String) -> InputProblem {
            var problem = origin
            problem.message = origin.message + path + " " + message
            return problem
        }
    }

    public var domain: String
    public var selector: String
    /// From gazette.yml (each with its line); `GAZETTE_DKIM_KEYS` replaces them when set.
    public var keyFiles: [KeyFile]
    /// Where the section is, for problems of the whole section.
    public var origin: InputProblem

    public static let environmentVariable = "GAZETTE_DKIM_KEYS"
    public static let keys = ["domain", "selector", "keys"]

    public init(domain: String, selector: String, keyFiles: [KeyFile], origin: InputProblem) {
        self.domain = domain
        self.selector = selector
        self.keyFiles = keyFiles
        self.origin = origin
    }

    /// Reads and checks the section `map` (`digest.dkim`, whose key is on `line`) for messages from
    /// `fromDomain`; every problem names its line. Nil (and problems) when it has any.
    public init?(_ map: YAMLMap, name: String = "digest.dkim", line: Int? = nil, fromDomain: String?, problems: inout ProblemList) {
        let before = problems.problems.count
        map.checkKeys(Self.keys, in: &problems, context: name)
        func fail(_ key: String, _ message: String) { problems.add(map.path, line: map.line(of: key), message) }
        let domain = (map.string("domain", required: true, in: &problems) ?? "").lowercased()
        if !domain.isEmpty {
            if !MailAddress.isDomain(domain) {
                fail("domain", "\(name).domain \"\(domain)\" is not a domain name: write it like \"example.com\"")
            } else if let fromDomain, !Self.isAligned(domain, with: fromDomain) {
                fail(
                    "domain",
                    "\(name).domain \"\(domain)\" is not aligned with the From domain \(fromDomain): DMARC needs d= to be "
                        + "the From domain, a parent of it or a subdomain of it (write domain: \"\(fromDomain)\")")
            }
        }
        let selector = map.string("selector", required: true, in: &problems) ?? ""
        if !selector.isEmpty, !Self.isSelector(selector) {
            fail(
                "selector",
                "\(name).selector \"\(selector)\" is not a DNS label: use 1 to 55 letters, digits and hyphens, "
                    + "not starting or ending with a hyphen (like \"gazette2026\"; with several keys Gazette adds -rsa or -ed25519)")
        }
        let items = map.stringItems("keys", in: &problems) ?? []
        for item in items where item.value.isEmpty {
            problems.add(map.path, line: item.line, "\(name).keys has an empty path: give the path of a PEM key file")
        }
        guard problems.problems.count == before else { return nil }
        self.init(
            domain: domain, selector: selector,
            keyFiles: items.map { KeyFile(path: $0.value, origin: InputProblem(path: map.path, line: $0.line, "\(name).keys: ")) },
            origin: InputProblem(path: map.path, line: line ?? map.line, "\(name): "))
    }

    /// The keys to sign with: `GAZETTE_DKIM_KEYS` when it is set (not empty), else `keys`.
    public func keyFiles(environment: [String: String]) -> [KeyFile] {
        guard let value = environment[Self.environmentVariable], !value.isEmpty else { return keyFiles }
        return value.split(separator: ":").map {
            KeyFile(path: String($0), origin: InputProblem(path: Self.environmentVariable, ""))
        }
    }

    /// Reads every key (once) and makes the signer; every problem with a key is listed, located
    /// where the key was named (`gazette.yml:15: digest.dkim.keys: /run/secrets/dkim.pem is an
    /// RSA key of 1024 bits: …`).
    public func signer(environment: [String: String]) throws(InputError) -> DKIMSigner {
        let files = keyFiles(environment: environment)
        var problems = ProblemList()
        if files.isEmpty {
            var problem = origin
            problem.message += "no keys: list PEM key files in keys, or set \(Self.environmentVariable) (paths separated by \":\")"
            problems.add(problem)
        }
        var keys: [DKIMKey] = []
        for file in files {
            do {
                keys.append(try DKIMKey.read(file.path))
            } catch {
                problems.add(file.problem(error.message))
            }
        }
        for algorithm in DKIMAlgorithm.allCases {
            let same = keys.filter { $0.algorithm == algorithm }
            if same.count > 1 {
                var problem = origin
                problem.message +=
                    "two \(algorithm.keyType) keys (\(same.map(\.source).joined(separator: ", "))): sign with one key per "
                    + "algorithm; to rotate, give the new key a new selector (docs/deploy.md)"
                problems.add(problem)
            }
        }
        try problems.check()
        return DKIMSigner(domain: domain, selector: selector, keys: keys)
    }

    /// The signer of a run: from `settings` when there are some, else none; `GAZETTE_DKIM_KEYS`
    /// without settings is a problem (the keys would be ignored and the mail go out unsigned).
    public static func signer(_ settings: DKIMSettings?, environment: [String: String], settingsPath: String) throws(InputError)
        -> DKIMSigner?
    {
        if let settings { return try settings.signer(environment: environment) }
        if let value = environment[environmentVariable], !value.isEmpty {
            throw InputError(
                InputProblem(
                    path: environmentVariable,
                    "is set, but \(settingsPath) has no digest.dkim section (domain and selector) to sign with: add one, or unset \(environmentVariable)"
                ))
        }
        return nil
    }

    /// DMARC's relaxed alignment, without a public-suffix list: the signing domain is the From
    /// domain, a parent of it (`example.com` for `mail.example.com`) or a subdomain of it. Sibling
    /// subdomains (`a.example.com` and `b.example.com`), which DMARC accepts through their shared
    /// organisational domain, are refused: telling an organisational domain from a public suffix
    /// (`example.co.uk` from `co.uk`) needs that list, and signing with the parent works for both.
    public static func isAligned(_ signingDomain: String, with fromDomain: String) -> Bool {
        let signing = signingDomain.lowercased()
        let from = fromDomain.lowercased()
        guard signing.contains(".") else { return false }
        return signing == from || from.hasSuffix("." + signing) || signing.hasSuffix("." + from)
    }

    /// A selector is one DNS label, short enough to take `-ed25519` when there are several keys.
    public static func isSelector(_ selector: String) -> Bool {
        selector.utf8.count <= 55 && MailAddress.isLabel(Array(selector.utf8))
    }
}
