import Yams

/// A YAML mapping read from a file, with every value's line number at hand for error messages.
///
/// gazette.yml, locale files and policy front matter are all read through this type, so that every
/// problem in them is reported the same way: `path:line: message`.
public struct YAMLMap: @unchecked Sendable {
    public let path: String
    /// The line of the mapping itself (1-based, in the file).
    public let line: Int
    /// Added to Yams' line numbers (front matter starts below the file's first line).
    let lineOffset: Int
    let pairs: [(key: String, keyLine: Int, value: Node)]

    /// Parses `text` as a YAML document whose top level must be a mapping.
    /// - Parameter lineOffset: lines of the file above `text` (for front matter: 1).
    public static func parse(_ text: String, path: String, lineOffset: Int = 0) throws(InputError) -> YAMLMap {
        let node: Node?
        do {
            // The encoding named: Yams' default reads the whole process environment on every call
            // (and prints to standard output when YAMS_DEFAULT_ENCODING is set).
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw InputError(YAMLMap.problem(for: error, path: path, lineOffset: lineOffset))
        } catch {
            throw InputError(InputProblem(path: path, line: lineOffset + 1, "cannot read YAML: \(error)"))
        }
        guard let node else {
            return YAMLMap(path: path, line: lineOffset + 1, lineOffset: lineOffset, pairs: [])
        }
        guard let map = YAMLMap(node, path: path, lineOffset: lineOffset) else {
            throw InputError(
                InputProblem(
                    path: path, line: lineOffset + (node.mark?.line ?? 1),
                    "expected a mapping of keys to values (key: value), found \(Self.kind(of: node))"))
        }
        return map
    }

    init?(_ node: Node, path: String, lineOffset: Int) {
        guard let mapping = node.mapping else { return nil }
        self.path = path
        self.lineOffset = lineOffset
        self.line = lineOffset + (node.mark?.line ?? 1)
        self.pairs = mapping.map { pair in
            (key: pair.key.scalar?.string ?? "", keyLine: lineOffset + (pair.key.mark?.line ?? 1), value: pair.value)
        }
    }

    private init(path: String, line: Int, lineOffset: Int, pairs: [(key: String, keyLine: Int, value: Node)]) {
        self.path = path
        self.line = line
        self.lineOffset = lineOffset
        self.pairs = pairs
    }

    /// The keys, in file order.
    public var keys: [String] { pairs.map(\.key) }

    public func contains(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// The line of `key` (or of the mapping when the key is absent).
    public func line(of key: String) -> Int {
        pairs.first { $0.key == key }?.keyLine ?? line
    }

    /// Reports keys other than `known` (typos such as `efective`), naming the keys that are allowed.
    public func checkKeys(_ known: [String], in problems: inout ProblemList, context: String = "") {
        for pair in pairs where !known.contains(pair.key) {
            let place = context.isEmpty ? "" : " in \(context)"
            problems.add(
                path, line: pair.keyLine,
                "unknown key \"\(pair.key)\"\(place): expected one of \(known.joined(separator: ", "))")
        }
    }

    /// A non-empty string value; reports a missing (when `required`) or non-scalar value.
    public func string(_ key: String, required: Bool = false, in problems: inout ProblemList) -> String? {
        guard let pair = pairs.first(where: { $0.key == key }) else {
            if required { problems.add(path, line: line, "missing required key \"\(key)\"") }
            return nil
        }
        guard let scalar = pair.value.scalar else {
            problems.add(path, line: pair.keyLine, "\"\(key)\" must be text, found \(Self.kind(of: pair.value))")
            return nil
        }
        let isNull = scalar.string.isEmpty || (scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(scalar.string))
        if isNull {
            if required { problems.add(path, line: pair.keyLine, "\"\(key)\" is empty: give it a value") }
            return nil
        }
        return scalar.string
    }

    /// A list of strings (`[nl, en]` or one item per line).
    public func strings(_ key: String, required: Bool = false, in problems: inout ProblemList) -> [String]? {
        stringItems(key, required: required, in: &problems)?.map(\.value)
    }

    /// A list of strings, each with its line (for problems that concern one item).
    public func stringItems(_ key: String, required: Bool = false, in problems: inout ProblemList) -> [(value: String, line: Int)]? {
        guard let pair = pairs.first(where: { $0.key == key }) else {
            if required { problems.add(path, line: line, "missing required key \"\(key)\"") }
            return nil
        }
        guard let sequence = pair.value.sequence else {
            problems.add(path, line: pair.keyLine, "\"\(key)\" must be a list, like [a, b]; found \(Self.kind(of: pair.value))")
            return nil
        }
        var values: [(value: String, line: Int)] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                problems.add(
                    path, line: lineOffset + (item.mark?.line ?? 1),
                    "\"\(key)\" must hold text items; found \(Self.kind(of: item))")
                return nil
            }
            values.append((scalar.string, item.mark.map { lineOffset + $0.line } ?? pair.keyLine))
        }
        return values
    }

    /// An integer value, checked against `range`.
    public func integer(_ key: String, in range: ClosedRange<Int>, problems: inout ProblemList) -> Int? {
        guard let text = string(key, in: &problems) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            problems.add(
                path, line: line(of: key),
                "\"\(key)\" is \"\(text)\": expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A boolean value: `true`/`false` (also `yes`/`no`, `on`/`off`).
    public func boolean(_ key: String, in problems: inout ProblemList) -> Bool? {
        guard let text = string(key, in: &problems) else { return nil }
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problems.add(path, line: line(of: key), "\"\(key)\" is \"\(text)\": expected true or false")
            return nil
        }
    }

    /// A nested mapping, or nil (and no problem) when the key is missing or holds another kind of
    /// value: for settings that may be one text or a mapping (`site.title`).
    public func mappingIfAny(_ key: String) -> YAMLMap? {
        pairs.first { $0.key == key }.flatMap { YAMLMap($0.value, path: path, lineOffset: lineOffset) }
    }

    /// A nested mapping; reports a value of another kind.
    public func map(_ key: String, required: Bool = false, in problems: inout ProblemList) -> YAMLMap? {
        guard let pair = pairs.first(where: { $0.key == key }) else {
            if required { problems.add(path, line: line, "missing required section \"\(key):\"") }
            return nil
        }
        guard let map = YAMLMap(pair.value, path: path, lineOffset: lineOffset) else {
            problems.add(path, line: pair.keyLine, "\"\(key)\" must be a mapping of keys to values; found \(Self.kind(of: pair.value))")
            return nil
        }
        return map
    }

    /// Every value, nested as in the file, as template values (scalars as text, sequences as lists,
    /// mappings as maps; a later duplicate key wins): locale words for `{{t.…}}`, converted once.
    public var templateValue: TemplateValue {
        .map(TemplateMap(pairs: pairs.map { ($0.key, Self.templateValue($0.value)) }))
    }

    static func templateValue(_ node: Node) -> TemplateValue {
        switch node {
        case .scalar(let scalar): return .string(scalar.string)
        case .sequence(let sequence): return .list(sequence.map { templateValue($0) })
        case .mapping(let mapping): return .map(TemplateMap(pairs: mapping.map { ($0.key.scalar?.string ?? "", templateValue($0.value)) }))
        case .alias: return .string("")
        }
    }

    /// The raw value of `key` as plain Swift values, with its line.
    public func plainValue(_ key: String) -> (value: Any, line: Int)? {
        guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
        return (Self.plain(pair.value), pair.keyLine)
    }

    static func plain(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar): return scalar.string
        case .sequence(let sequence): return sequence.map { plain($0) }
        case .mapping(let mapping):
            var result: [String: Any] = [:]
            for pair in mapping { result[pair.key.scalar?.string ?? ""] = plain(pair.value) }
            return result
        case .alias: return ""
        }
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    static func problem(for error: YamlError, path: String, lineOffset: Int) -> InputProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) that starts on line \(lineOffset + $0.mark.line))" } ?? problem
            return InputProblem(path: path, line: lineOffset + mark.line, "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputProblem(
                path: path, line: lineOffset + context.mark.line,
                "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")): give each key once")
        case .reader(let problem, _, _, _):
            return InputProblem(path: path, line: lineOffset + 1, "cannot read YAML: \(problem)")
        default:
            return InputProblem(path: path, line: lineOffset + 1, "invalid YAML: \(error)")
        }
    }
}
