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

    /// Small maps (the dozens every email and page builds) in the order they were built in, searched
    /// by a scan; larger ones (a language's words) sorted by hash, then key, and searched by halving.
    /// Equality ignores the order.
    private(set) var entries: [Entry]
    /// Maps with more entries are sorted when built and searched by halving.
    static let scanLimit = 40

    public init(_ dictionary: [String: TemplateValue]) {
        self.init(entries: dictionary.map { Entry(hash: Self.hash($0.key), key: $0.key, value: $0.value) })
    }

    /// Entries with unique keys; sorted when there are enough to search by halving.
    private init(entries: [Entry]) {
        self.entries = entries
        if isSorted { self.entries.sort(by: Self.inOrder) }
    }

    /// Whether the entries are sorted by hash (a map is sorted when built if it is this large).
    private var isSorted: Bool { entries.count > Self.scanLimit }

    /// A later value for the same key replaces the earlier one.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(pairs: elements)
    }

    /// The map of `pairs`, built without a `Dictionary` in between; a later value for the same key
    /// replaces the earlier one.
    public init(pairs: some Collection<(String, TemplateValue)>) {
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            let hash = Self.hash(key)
            if let index = entries.firstIndex(where: { $0.hash == hash && $0.key == key }) {
                entries[index].value = value
            } else {
                entries.append(Entry(hash: hash, key: key, value: value))
            }
        }
        self.init(entries: entries)
    }

    private static func inOrder(_ left: Entry, _ right: Entry) -> Bool {
        left.hash != right.hash ? left.hash < right.hash : left.key < right.key
    }

    public var count: Int { entries.count }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key).sorted() }

    public subscript(key: String) -> TemplateValue? {
        value(forKey: key, hash: Self.hash(key))
    }

    /// The value of `key`, whose `hash(_:)` the caller computed before.
    func value(forKey key: String, hash: UInt64) -> TemplateValue? {
        if !isSorted {
            for entry in entries where entry.hash == hash && entry.key == key {
                return entry.value
            }
            return nil
        }
        // The first entry whose hash is not below `hash`, then the entries of that hash.
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        while low < entries.count, entries[low].hash == hash {
            if entries[low].key == key { return entries[low].value }
            low += 1
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
            && left.entries.allSatisfy { right.value(forKey: $0.key, hash: $0.hash) == $0.value }
    }
}
