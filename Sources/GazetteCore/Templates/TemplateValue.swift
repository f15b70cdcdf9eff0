/// A value for a compiled template: text, a flag, a list or a mapping, with no `Any` and no casts.
///
/// The one kind of value both flows render (the site's pages, the digest's emails): typed values let
/// `CompiledTemplate` render without the dynamic casts that dominate a renderer's time on
/// `[String: Any]`, and nothing is converted on each render.
public enum TemplateValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case string(String)
    case bool(Bool)
    case list([TemplateValue])
    case map(TemplateMap)
    /// Text given as UTF-8 bytes (HTML Gazette made: a page body, a page's content), written as is by
    /// `{{{ }}}` and escaped by `{{ }}`, like `.string`, without converting it to a `String`.
    case bytes([UInt8])

    /// A map of `dictionary`'s keys and values.
    public init(_ dictionary: [String: TemplateValue]) { self = .map(TemplateMap(dictionary)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(TemplateMap(pairs: elements))
    }

    /// The strings of a list value (`site.article_words`); nil for any other value.
    public var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// The same value as `Any` (strings, booleans, arrays and dictionaries): what swift-mustache, the
    /// reference renderer of the tests, takes. Production code never renders from it.
    public var plain: Any {
        switch self {
        case .string(let string): return string
        case .bool(let bool): return bool
        case .list(let list): return list.map(\.plain)
        case .map(let map): return Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value.plain) })
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The value of `key` in a map; nil for a missing key or another kind of value.
    public subscript(key: String) -> TemplateValue? {
        if case .map(let map) = self { return map[key] }
        return nil
    }
}
