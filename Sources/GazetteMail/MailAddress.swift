/// A mailbox: an optional display name and an address (`Koraal HR <digest@koraal-hr.example>`).
///
/// Only plain ASCII addresses (RFC 5322 dot-atom `local@domain`) count as valid: an address goes into
/// a header as it is, so it must need no encoding; the display name is encoded where it is written.
public struct MailAddress: Equatable, Hashable, Sendable {
    /// The name shown for the address; empty for none. Any text: it is encoded when written.
    public var displayName: String
    /// `local@domain`, checked with `isValid(_:)`.
    public let address: String

    /// A mailbox, or nil when `address` is not a valid plain address.
    public init?(displayName: String = "", address: String) {
        guard MailAddress.isValid(address) else { return nil }
        self.displayName = displayName
        self.address = address
    }

    /// The part after `@`.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...])
    }

    /// Reads `Name <local@domain>`, `"Quoted Name" <local@domain>` or `local@domain` (a setting such
    /// as `digest.from`); nil when the address part is not valid.
    public static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingSpaces()
        // On the UTF-8 bytes: `<` and `>` are ASCII, so their indexes fall on character boundaries.
        let utf8 = trimmed.utf8
        guard utf8.last == UInt8(ascii: ">"), let open = utf8.lastIndex(of: UInt8(ascii: "<")) else {
            return MailAddress(address: trimmed)
        }
        let address = String(trimmed[utf8.index(after: open)..<utf8.index(before: utf8.endIndex)])
        var name = String(trimmed[..<open]).trimmingSpaces()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast()).replacingEscapes()
        }
        return MailAddress(displayName: name, address: address)
    }

    /// Whether `text` is a plain address: ASCII dot-atom local part (at most 64 characters), `@`, and a
    /// domain of two or more letter/digit/hyphen labels; at most 254 characters in all.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), isDotAtom(local, allowed: isAtext) else { return false }
        return isDomain(domain)
    }

    /// Whether `text` is a domain name of two or more letter/digit/hyphen labels (`koraal-hr.example`),
    /// as an address's domain and DKIM's `d=` must be.
    public static func isDomain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count <= 253 && isDomain(bytes[...])
    }

    static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels where !isLabel(label) { return false }
        // A top-level domain is never all digits (that would be an IP address).
        return !labels.last!.allSatisfy { (48...57).contains($0) }
    }

    /// One DNS label: 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen (a
    /// DKIM selector must be one).
    public static func isLabel(_ label: some BidirectionalCollection<UInt8>) -> Bool {
        (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
            && label.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    public static func isAtext(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
}

extension String {
    /// The string without the spaces and tabs around it (itself when it has none, without a copy).
    package func trimmingSpaces() -> String {
        let utf8 = self.utf8
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        // After the last byte that is not a space: the end, or the start of a space, a boundary.
        let end = utf8.index(after: utf8.lastIndex(where: { !isSpace($0) })!)
        if first == utf8.startIndex, end == utf8.endIndex { return self }
        return String(self[first..<end])
    }

    /// `\"` → `"` and `\\` → `\` (the inside of a quoted string).
    func replacingEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
