/// The words of one language, from `Templates/locales/<lang>.yml`: what the site and the emails say,
/// and how that language writes dates. Nothing a reader sees is spelled in Swift code.
public final class LocaleWords: Sendable {
    /// The language code (`nl`).
    public let language: String
    /// The file the words came from.
    public let path: String
    /// Every key as a dotted path (`site.contents`) with its text and line.
    let entries: [String: (text: String, line: Int)]
    /// Every value, nested as in the file, for templates (`{{t.site.contents}}`), converted once per
    /// run: the site's pages and the digest's emails share it.
    public let templateValue: TemplateValue
    let months: [String]
    let weekdays: [String]

    init(language: String, path: String, map: YAMLMap, problems: inout ProblemList) {
        self.language = language
        self.path = path
        var entries: [String: (String, Int)] = [:]
        LocaleWords.flatten(map, prefix: "", into: &entries)
        self.entries = entries
        self.templateValue = map.templateValue
        self.months = map.strings("months", required: true, in: &problems) ?? []
        self.weekdays = map.strings("weekdays", required: true, in: &problems) ?? []
        if !months.isEmpty, months.count != 12 {
            problems.add(
                path, line: map.line(of: "months"), "\"months\" must list the 12 month names, January first; found \(months.count)")
        }
        if !weekdays.isEmpty, weekdays.count != 7 {
            problems.add(
                path, line: map.line(of: "weekdays"), "\"weekdays\" must list the 7 day names, Monday first; found \(weekdays.count)")
        }
        for key in LocaleWords.requiredKeys where entries[key] == nil {
            problems.add(path, line: 1, "missing \"\(key)\": every locale file needs it")
        }
    }

    /// Keys Swift code itself formats with (templates are checked when they render).
    static let requiredKeys = ["language_name", "formats.date_long", "formats.date_weekday", "formats.day_month"]

    /// All dotted keys, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// The text at a dotted `key`.
    public func text(_ key: String) throws(InputError) -> String {
        guard let entry = entries[key] else {
            throw InputError(InputProblem(path: path, "missing \"\(key)\": add it to this locale file"))
        }
        return entry.text
    }

    /// The line of a dotted `key`, for error messages.
    public func line(of key: String) -> Int? { entries[key]?.line }

    /// The text at `key` with its `{placeholders}` filled in; an unknown placeholder is an error that
    /// points at the locale file's line.
    public func format(_ key: String, _ values: [String: String]) throws(InputError) -> String {
        let template = try text(key)
        // The braces are found on the UTF-8 bytes (they are ASCII), not character by character.
        let bytes = template.utf8
        var result = ""
        var start = bytes.startIndex
        while let open = bytes[start...].firstIndex(of: UInt8(ascii: "{")),
            let close = bytes[bytes.index(after: open)...].firstIndex(of: UInt8(ascii: "}"))
        {
            let name = String(template[bytes.index(after: open)..<close])
            guard let value = values[name] else {
                let known = values.keys.sorted().map { "{\($0)}" }.joined(separator: ", ")
                throw InputError(
                    InputProblem(
                        path: path, line: line(of: key),
                        "\"\(key)\" uses {\(name)}, which is not known here: use \(known.isEmpty ? "no placeholder" : known)"))
            }
            result += template[start..<open]
            result += value
            start = bytes.index(after: close)
        }
        result += template[start...]
        return result
    }

    /// The text at `key` read once into a `Pattern` with the placeholders `names`, to be filled in
    /// many times (a batch writes the same sentences for thousands of recipients). An unknown
    /// placeholder is an error that points at the locale file's line, as with `format`.
    public func pattern(_ key: String, _ names: [String]) throws(InputError) -> Pattern {
        let template = try text(key)
        var pieces: [Pattern.Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                pieces.append(.text(String(rest[open...])))
                rest = ""
                break
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let index = names.firstIndex(of: name) else {
                let known = names.map { "{\($0)}" }.joined(separator: ", ")
                throw InputError(
                    InputProblem(
                        path: path, line: line(of: key),
                        "\"\(key)\" uses {\(name)}, which is not known here: use \(known.isEmpty ? "no placeholder" : known)"))
            }
            pieces.append(.value(index))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return Pattern(pieces: pieces)
    }

    /// A locale sentence with numbered holes, filled in without parsing it again.
    public struct Pattern: Sendable {
        enum Piece: Sendable {
            case text(String)
            case value(Int)
        }

        let pieces: [Piece]

        /// The sentence with `values` in the order of the pattern's placeholder names.
        public func fill(_ values: String...) -> String {
            var result = ""
            for piece in pieces {
                switch piece {
                case .text(let text): result += text
                case .value(let index): result += values[index]
                }
            }
            return result
        }
    }

    /// The name of a month, 1 = January.
    public func monthName(_ month: Int) -> String { months[month - 1] }

    /// The name of a weekday, 1 = Monday (ISO 8601).
    public func weekdayName(_ weekday: Int) -> String { weekdays[weekday - 1] }

    /// "1 februari 2026" / "1 February 2026" / "1 février 2026" (`formats.date_long`).
    public func longDate(_ date: CivilDate) throws(InputError) -> String {
        try format("formats.date_long", dateParts(date))
    }

    /// "maandag 28 december" / "Monday 28 December" (`formats.date_weekday`).
    public func weekdayDate(_ date: CivilDate) throws(InputError) -> String {
        try format("formats.date_weekday", dateParts(date))
    }

    /// "28 december" / "28 December" (`formats.day_month`): a birthday, without the year.
    public func dayMonth(_ date: CivilDate) throws(InputError) -> String {
        try format("formats.day_month", dateParts(date))
    }

    func dateParts(_ date: CivilDate) -> [String: String] {
        let day = date.day == 1 ? (entries["formats.first_day"]?.text ?? "1") : String(date.day)
        return [
            "day": day, "month": monthName(date.month), "year": String(date.year), "weekday": weekdayName(date.weekday),
            "Weekday": capitalized(weekdayName(date.weekday)),
        ]
    }

    func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    static func flatten(_ map: YAMLMap, prefix: String, into entries: inout [String: (String, Int)]) {
        for (key, keyLine, value) in map.pairs {
            let path = prefix.isEmpty ? key : prefix + "." + key
            if let scalar = value.scalar {
                entries[path] = (scalar.string, keyLine)
            } else if let nested = YAMLMap(value, path: map.path, lineOffset: map.lineOffset) {
                flatten(nested, prefix: path, into: &entries)
            } else {
                entries[path] = ("", keyLine)  // a list: present, read with strings(_:)
            }
        }
    }
}

/// The locale files of a run, one per language, checked to hold the same keys.
public struct LocaleCatalog: Sendable {
    public let words: [String: LocaleWords]

    /// Loads `<directory>/<lang>.yml` for every language in `languages`. A missing file, a missing
    /// required key, or a key present in one file but not in another is a problem.
    public static func load(from directory: String, languages: [String]) throws(InputError) -> LocaleCatalog {
        var problems = ProblemList()
        var words: [String: LocaleWords] = [:]
        for language in languages {
            let path = directory + "/" + language + ".yml"
            guard let text = try? TextFile.read(path) else {
                problems.add(path, "locale file not found for language \"\(language)\": copy en.yml and translate it")
                continue
            }
            do {
                let map = try YAMLMap.parse(text, path: path)
                words[language] = LocaleWords(language: language, path: path, map: map, problems: &problems)
            } catch {
                problems.add(contentsOf: error.problems)
            }
        }
        // Every file must have every key some other file has, so a translation cannot silently lag.
        let allKeys = Set(words.values.flatMap(\.keys))
        for language in languages {
            guard let locale = words[language] else { continue }
            let present = Set(locale.keys)
            for key in allKeys.subtracting(present).sorted() {
                let owner = languages.first { words[$0]?.entries[key] != nil } ?? ""
                problems.add(locale.path, "missing \"\(key)\" (\(owner).yml has it): translate it here")
            }
        }
        try problems.check()
        return LocaleCatalog(words: words)
    }

    public subscript(language: String) -> LocaleWords {
        guard let locale = words[language] else { preconditionFailure("no locale loaded for \(language)") }
        return locale
    }
}
