/// The names and values of a `TemplateValue.map`: a small table searched by a precomputed hash.
///
/// A compiled template looks every name up in the maps of its context, hundreds of times per email.
/// A `Dictionary` hashes the name with SipHash on every lookup (and every key again when a map is
/// built); here each key's hash is an FNV-1a computed once when the map is built, and a template's
/// names are hashed once when it is compiled. Template maps are small (tens of keys), so a lookup is
/// a scan of their hashes, then one string comparison.
public struct TemplateMap: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    struct Entry: Sendable {
        var hash: UInt64
        var key: String
        var value: TemplateValue
    }

    /// In key order: the same map always has the same layout.
    private(set) var entries: [Entry]

    public init(_ dictionary: [String: TemplateValue]) {
        entries = dictionary.map { Entry(hash: Self.hash($0.key), key: $0.key, value: $0.value) }
        entries.sort { $0.key < $1.key }
    }

    /// A later value for the same key replaces the earlier one.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public var count: Int { entries.count }

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> TemplateValue? {
        value(forKey: key, hash: Self.hash(key))
    }

    /// The value of `key`, whose `hash(_:)` the caller computed before.
    func value(forKey key: String, hash: UInt64) -> TemplateValue? {
        for entry in entries where entry.hash == hash && entry.key == key {
            return entry.value
        }
        return nil
    }

    /// FNV-1a (64 bits) of the key's UTF-8.
    static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    public static func == (left: TemplateMap, right: TemplateMap) -> Bool {
        left.entries.count == right.entries.count
            && zip(left.entries, right.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
