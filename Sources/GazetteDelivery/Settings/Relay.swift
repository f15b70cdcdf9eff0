/// Where `gazette send` hands messages over: an SMTP server (`smtp://host:port`, STARTTLS when
/// offered; `smtps://host:port`, TLS from the first byte) or a local MTA's sendmail program
/// (`sendmail:/usr/sbin/sendmail`).
public enum Relay: Sendable, Equatable, CustomStringConvertible {
    case smtp(host: String, port: Int, implicitTLS: Bool)
    case sendmail(path: String)

    /// Parses a relay URL; nil when it is not one of the three forms (see `problem(with:)` for why).
    public init?(url: String) {
        guard let relay = try? Self.parse(url).get() else { return nil }
        self = relay
    }

    /// Why `url` is not a relay, in words for an error message; nil when it is one.
    public static func problem(with url: String) -> String? {
        if case .failure(let reason) = parse(url) { return reason.text }
        return nil
    }

    private struct Reason: Error {
        var text: String
    }

    private static let forms = "write it like smtp://127.0.0.1:25, smtps://mail.example.com:465 or sendmail:/usr/sbin/sendmail"

    private static func parse(_ url: String) -> Result<Relay, Reason> {
        if url.hasPrefix("sendmail:") {
            let path = String(url.dropFirst("sendmail:".count))
            guard path.hasPrefix("/"), !path.contains("\0"), !path.hasSuffix("/") else {
                return .failure(Reason(text: "the sendmail program must be an absolute path (\(forms))"))
            }
            return .success(.sendmail(path: path))
        }
        let implicitTLS: Bool
        let rest: Substring
        if url.hasPrefix("smtp://") {
            implicitTLS = false
            rest = url.dropFirst("smtp://".count)
        } else if url.hasPrefix("smtps://") {
            implicitTLS = true
            rest = url.dropFirst("smtps://".count)
        } else {
            return .failure(Reason(text: "unknown scheme (\(forms))"))
        }
        var authority = rest
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        if authority.contains("@") {
            return .failure(
                Reason(
                    text:
                        "no user or password in the URL: set delivery.username, and the password in GAZETTE_SMTP_PASSWORD or delivery.password_file"
                ))
        }
        if authority.contains("/") || authority.contains("?") || authority.contains("#") {
            return .failure(Reason(text: "a relay URL has a host and a port only (\(forms))"))
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(Reason(text: "an IPv6 address needs its closing ] (\(forms))"))
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(Reason(text: "expected :port after ] (\(forms))")) }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(Reason(text: "\"\(host)\" is not an IPv6 address"))
            }
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return .failure(Reason(text: "too many colons: an IPv6 address goes in brackets, [::1]:25")) }
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            let isHostByte = { (byte: UInt8) in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E
            }
            guard !host.isEmpty, host.utf8.allSatisfy(isHostByte), !host.hasPrefix("."), !host.hasPrefix("-") else {
                return .failure(Reason(text: "\"\(host)\" is not a host name or address (\(forms))"))
            }
        }
        var port = implicitTLS ? 465 : 25
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value), portText.allSatisfy(\.isASCII) else {
                return .failure(Reason(text: "the port \"\(portText)\" is not a number from 1 to 65535"))
            }
            port = value
        }
        return .success(.smtp(host: String(host), port: port, implicitTLS: implicitTLS))
    }

    /// Whether the relay is on this machine (a password may then travel without TLS).
    public var isLoopback: Bool {
        switch self {
        case .sendmail: return true
        case .smtp(let host, _, _):
            return host == "127.0.0.1" || host == "::1" || host.lowercased() == "localhost" || host.hasPrefix("127.")
        }
    }

    /// The URL again, as an operator wrote it.
    public var description: String {
        switch self {
        case .sendmail(let path): return "sendmail:" + path
        case .smtp(let host, let port, let implicitTLS):
            return (implicitTLS ? "smtps://" : "smtp://") + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        }
    }
}
