/// A value for a compiled template: text, a flag, a list or a mapping, with no `Any` and no casts.
///
/// The digest renders tens of thousands of emails a run; typed values let `CompiledTemplate` render
/// them without the dynamic casts that dominate swift-mustache's time on `[String: Any]`.
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

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(TemplateMap(pairs: elements))
    }

    /// Plain values (`YAMLMap.plainValues`, locale words): strings, lists and mappings.
    public init(plain value: Any) {
        switch value {
        case let string as String: self = .string(string)
        case let value as TemplateValue: self = value
        case let bool as Bool: self = .bool(bool)
        // Mappings and lists of mappings by their own types first: casting them to [Any] would box
        // every element (a site page hands over dozens).
        case let map as [String: Any]: self = .map(TemplateMap(plain: map))
        case let maps as [[String: Any]]: self = .list(maps.map { .map(TemplateMap(plain: $0)) })
        case let list as [Any]: self = .list(list.map { TemplateValue(plain: $0) })
        default: self = .string(String(describing: value))
        }
    }

    /// The same value as swift-mustache takes it (for the reference renderer and the differential tests).
    public var plain: Any {
        switch self {
        case .string(let string): return string
        case .bool(let bool): return bool
        case .list(let list): return list.map(\.plain)
        case .map(let map): return Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value.plain) })
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    subscript(key: String) -> TemplateValue? {
        if case .map(let map) = self { return map[key] }
        return nil
    }
}
