import GazetteCore

/// Splits a policy file into its YAML front matter and Markdown body, and reads the front matter.
enum FrontMatter {
    /// Front matter keys Gazette reads; any other key is reported (a typo would silently drop a value).
    static let keys = ["title", "effective", "summary", "announced", "notify", "notice", "notice_reason"]
    /// A title is one line of a page's head, the index and every feed entry.
    static let maximumTitleLength = 200

    struct Fields: Sendable {
        var title: String
        var effective: CivilDate
        var summary: String
        /// The day customers were told of this version (optional), for the notice-period check.
        var announced: CivilDate?
        var announcedLine: Int?
        /// `notify:` (default customers).
        var notify: Set<PolicyAudience> = [.customers]
        /// `notice_reason:` of a version with `notice: short`.
        var shortNoticeReason: String?
        var body: String
        var bodyLine: Int
        /// The line of `effective:`.
        var effectiveLine: Int
    }

    /// Reads `text` (the whole file). Problems are reported with the file's line numbers. Only the
    /// lines up to the closing fence are scanned; the body is taken as it is.
    static func read(_ text: String, path: String) throws(InputError) -> Fields {
        let utf8 = text.utf8
        /// The end of the line starting at `start` (its "\n", or the end of the text).
        func lineEnd(from start: String.Index) -> String.Index {
            utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
        }
        func isFence(_ start: String.Index, _ end: String.Index) -> Bool {
            var line = utf8[start..<end]
            while let last = line.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                line = line.dropLast()
            }
            return line.elementsEqual("---".utf8)
        }
        let firstEnd = lineEnd(from: utf8.startIndex)
        guard !text.isEmpty, isFence(utf8.startIndex, firstEnd) else {
            throw InputError(
                InputProblem(
                    path: path, line: 1,
                    "no front matter: start the file with a line \"---\", then title: and effective: (YYYY-MM-DD), then \"---\""))
        }
        var lineNumber = 1
        var start = firstEnd == utf8.endIndex ? firstEnd : utf8.index(after: firstEnd)
        let yamlStart = start
        var closing: (start: String.Index, end: String.Index)?
        while start < utf8.endIndex {
            lineNumber += 1
            let end = lineEnd(from: start)
            if isFence(start, end) {
                closing = (start, end)
                break
            }
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
        guard let closing else {
            throw InputError(
                InputProblem(
                    path: path, line: 1,
                    "front matter is not closed: add a line \"---\" after the last front matter key"))
        }
        // Without the last line break, so that an error at the end of the YAML names its last line.
        var yaml = text[yamlStart..<closing.start]
        while let last = yaml.utf8.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { yaml = yaml.dropLast() }
        let map = try YAMLMap.parse(String(yaml), path: path, lineOffset: 1)
        var problems = ProblemList()
        map.checkKeys(keys, in: &problems, context: "front matter")
        let title = map.string("title", required: true, in: &problems)?.trimmingCharacters(in: .whitespaces) ?? ""
        if map.contains("title"), title.isEmpty, problems.isEmpty {
            problems.add(path, line: map.line(of: "title"), "\"title\" is empty: give the document a title")
        }
        if title.contains(where: { $0.isNewline }) {
            problems.add(path, line: map.line(of: "title"), "\"title\" spans several lines: keep it on one line")
        }
        if title.utf8.count > maximumTitleLength, title.count > maximumTitleLength {
            problems.add(
                path, line: map.line(of: "title"),
                "\"title\" is \(title.count) characters long, more than the \(maximumTitleLength) allowed: shorten it (the summary can say more)"
            )
        }
        var effective: CivilDate?
        if let text = map.string("effective", required: true, in: &problems) {
            effective = CivilDate(iso: text)
            if effective == nil, let why = impossibleDay(text) {
                problems.add(path, line: map.line(of: "effective"), "\"effective\" is \(text): \(why); give a day that exists")
            } else if effective == nil {
                problems.add(
                    path, line: map.line(of: "effective"),
                    "\"effective\" is \"\(text)\": expected the day this version takes effect, as YYYY-MM-DD (e.g. 2026-02-01)")
            }
        }
        let summary = map.string("summary", in: &problems)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var announced: CivilDate?
        if let text = map.string("announced", in: &problems) {
            announced = CivilDate(iso: text)
            if announced == nil, let why = impossibleDay(text) {
                problems.add(path, line: map.line(of: "announced"), "\"announced\" is \(text): \(why); give a day that exists")
            } else if announced == nil {
                problems.add(
                    path, line: map.line(of: "announced"),
                    "\"announced\" is \"\(text)\": expected the day customers were told of this version, as YYYY-MM-DD")
            } else if let announced, let effective, announced > effective {
                problems.add(
                    path, line: map.line(of: "announced"),
                    "\"announced\" (\(announced)) is after \"effective\" (\(effective)): a version is announced before it takes effect")
            }
        }
        let notify = readNotify(map, path: path, problems: &problems)
        let shortNoticeReason = readShortNotice(map, path: path, problems: &problems)
        try problems.check()
        let bodyStart = closing.end == utf8.endIndex ? closing.end : utf8.index(after: closing.end)
        return Fields(
            title: title, effective: effective!, summary: summary, announced: announced,
            announcedLine: announced == nil ? nil : map.line(of: "announced"), notify: notify, shortNoticeReason: shortNoticeReason,
            body: String(text[bodyStart...]),
            bodyLine: lineNumber + 1, effectiveLine: map.line(of: "effective"))
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// Why text written as a date (`YYYY-MM-DD`, digits where they belong) is no day: "February 2026
    /// has 28 days", "there is no month 13". nil for text of another shape.
    static func impossibleDay(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts.map(\.count) == [4, 2, 2],
            parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        if year == 0 { return "there is no year 0" }
        guard (1...12).contains(month) else { return "there is no month \(month) (months go from 01 to 12)" }
        let days = CivilDate.daysIn(month: month, year: year)
        guard !(1...days).contains(day) else { return nil }
        return day == 0 ? "there is no day 0" : "\(monthNames[month - 1]) \(year) has \(days) days"
    }

    /// `notify: [customers, employees]` (or one word): who is told of this version; default customers.
    static func readNotify(_ map: YAMLMap, path: String, problems: inout ProblemList) -> Set<PolicyAudience> {
        guard map.contains("notify") else { return [.customers] }
        let items: [(value: String, line: Int)]
        if let one = map.plainValue("notify"), one.value is String {
            items = [(one.value as! String, one.line)]
        } else {
            items = map.stringItems("notify", in: &problems) ?? []
        }
        var audiences: Set<PolicyAudience> = []
        for item in items {
            if let audience = PolicyAudience(rawValue: item.value.trimmingCharacters(in: .whitespaces)) {
                audiences.insert(audience)
            } else {
                problems.add(
                    path, line: item.line,
                    "\"notify\" has \"\(item.value)\": expected customers and/or employees, like notify: [customers, employees]")
            }
        }
        if audiences.isEmpty, problems.isEmpty {
            problems.add(
                path, line: map.line(of: "notify"), "\"notify\" is empty: list customers and/or employees, or leave it out (customers)")
        }
        return audiences
    }

    /// `notice: short` with `notice_reason: "…"`: the version may be announced with less notice than
    /// `site.notice_days`, and says why (a change the law requires at once, a security fix).
    static func readShortNotice(_ map: YAMLMap, path: String, problems: inout ProblemList) -> String? {
        let reason = map.string("notice_reason", in: &problems)?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let notice = map.string("notice", in: &problems) else {
            if reason != nil {
                problems.add(
                    path, line: map.line(of: "notice_reason"),
                    "\"notice_reason\" without \"notice: short\": add notice: short, or remove the reason")
            }
            return nil
        }
        guard notice == "short" else {
            problems.add(
                path, line: map.line(of: "notice"),
                "\"notice\" is \"\(notice)\": the only value is short (with notice_reason: why this change cannot wait), or leave it out")
            return nil
        }
        guard let reason, !reason.isEmpty else {
            problems.add(
                path, line: map.line(of: "notice"),
                "\"notice: short\" needs a reason: add notice_reason: \"…\" saying why this version cannot get the full notice period")
            return nil
        }
        return reason
    }
}

extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
