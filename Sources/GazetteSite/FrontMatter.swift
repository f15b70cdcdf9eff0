import GazetteCore

/// Splits a policy file into its YAML front matter and Markdown body, and reads the front matter.
enum FrontMatter {
    /// Front matter keys Gazette reads; any other key is reported (a typo would silently drop a value).
    static let keys = ["title", "effective", "summary", "announced"]

    struct Fields {
        var title: String
        var effective: CivilDate
        var summary: String
        /// The day customers were told of this version (optional), for the notice-period check.
        var announced: CivilDate?
        var body: String
        var bodyLine: Int
    }

    /// Reads `text` (the whole file). Problems are reported with the file's line numbers.
    static func read(_ text: String, path: String) throws(InputError) -> Fields {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last, last.isEmpty { lines.removeLast() }
        func isFence(_ line: Substring) -> Bool {
            line.trimmingSuffix { $0 == "\r" || $0 == " " || $0 == "\t" } == "---"
        }
        guard let first = lines.first, isFence(first) else {
            throw InputError(InputProblem(path: path, line: 1,
                "no front matter: start the file with a line \"---\", then title: and effective: (YYYY-MM-DD), then \"---\""))
        }
        guard let closing = lines.indices.dropFirst().first(where: { isFence(lines[$0]) }) else {
            throw InputError(InputProblem(path: path, line: 1,
                "front matter is not closed: add a line \"---\" after the last front matter key"))
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let map = try YAMLMap.parse(yaml, path: path, lineOffset: 1)
        var problems = ProblemList()
        map.checkKeys(keys, in: &problems, context: "front matter")
        let title = map.string("title", required: true, in: &problems)?.trimmingCharacters(in: .whitespaces) ?? ""
        if map.contains("title"), title.isEmpty, problems.isEmpty {
            problems.add(path, line: map.line(of: "title"), "\"title\" is empty: give the document a title")
        }
        if title.contains(where: { $0.isNewline }) {
            problems.add(path, line: map.line(of: "title"), "\"title\" spans several lines: keep it on one line")
        }
        var effective: CivilDate?
        if let text = map.string("effective", required: true, in: &problems) {
            effective = CivilDate(iso: text)
            if effective == nil {
                problems.add(path, line: map.line(of: "effective"),
                    "\"effective\" is \"\(text)\": expected the day this version takes effect, as YYYY-MM-DD (e.g. 2026-02-01)")
            }
        }
        let summary = map.string("summary", in: &problems)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var announced: CivilDate?
        if let text = map.string("announced", in: &problems) {
            announced = CivilDate(iso: text)
            if announced == nil {
                problems.add(path, line: map.line(of: "announced"),
                    "\"announced\" is \"\(text)\": expected the day customers were told of this version, as YYYY-MM-DD")
            } else if let announced, let effective, announced > effective {
                problems.add(path, line: map.line(of: "announced"),
                    "\"announced\" (\(announced)) is after \"effective\" (\(effective)): a version is announced before it takes effect")
            }
        }
        try problems.check()
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return Fields(
            title: title, effective: effective!, summary: summary, announced: announced, body: body, bodyLine: closing + 2)
    }
}

extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
