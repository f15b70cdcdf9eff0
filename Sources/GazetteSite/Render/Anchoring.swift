import Foundation
import GazetteCore
import GazetteMarkdown

/// Step "anchor": gives articles, clauses and headings their stable ids, as CONTRACT fixes them.
///
/// - A heading that starts with an article number ("Artikel 5", "Article 5", "5.") gets `art-5`.
/// - A paragraph that starts with a clause number ("5.2 …", "5.2.1 …") gets `clause-5-2(-1)`; its
///   number becomes a link to itself.
/// - The items of an ordered list under article 5 get `clause-5-<n>`, nested ordered lists add a
///   level (`clause-5-2-1`), at any depth. A list right after a clause paragraph "5.2 …" numbers
///   under that clause (`clause-5-2-1`).
/// - Other headings of levels 2 to 6 get an id made from their text (`definitions`, `definitions-2`).
/// Two clauses or articles with one number are a content problem, not silently renamed.
struct Anchoring {
    /// Words that introduce an article number in a heading ("Artikel", "Article", "Art.").
    let articleWords: [String]
    /// Labels for the links ("Link to article {number}"), from the locale file.
    let labels: Labels
    /// Added to cmark's line numbers so that problems name lines of the file (the body starts below
    /// the front matter).
    var lineOffset = 0

    struct Labels {
        var article: (String) -> String
        var clause: (String) -> String
        var section: (String) -> String
    }

    /// A heading for the table of contents.
    struct Heading: Equatable {
        var level: Int
        var id: String
        var node: MarkdownDocument.Node
    }

    struct Result {
        var document: MarkdownDocument
        var headings: [Heading]
        /// Problems with the Markdown source: (line in the file, message).
        var problems: [(line: Int, message: String)]
        /// What looks wrong but does not stop the build (a clause number glued to the sentence before).
        var warnings: [(line: Int, message: String)] = []
    }

    static let overNestedMessage =
        "lists, block quotes, emphasis and links are nested more than \(MarkdownDocument.nestingLimit) levels deep here: "
        + "no reader can follow that; flatten the structure (at most \(MarkdownDocument.nestingLimit) levels)"

    /// Ids the page layout uses itself (skip link target, table of contents, search box).
    static let reservedIDs = ["main", "contents", "contents-title", "versions", "top", "search-input"]

    /// Takes the document over (`consuming`), so that annotating its nodes changes them in place.
    func anchor(_ document: consuming MarkdownDocument) -> Result {
        var state = State(lineOffset: lineOffset)
        for id in Self.reservedIDs { state.ids[id] = 0 }
        var document = document
        // Pass 1: articles and clauses, whose ids are fixed by their numbers. (A walk over siblings, not
        // a list made first: a paragraph of pasted clauses is split on the way, adding blocks.)
        var previous: MarkdownDocument.Node?
        var next = document.firstChild(MarkdownDocument.root)
        while let block = next {
            annotateBlock(block, previous: previous, in: &document, state: &state)
            previous = block
            next = document.nextSibling(block)
        }
        let blocks = document.children(MarkdownDocument.root)
        // Pass 2: the other headings, named after their text, avoiding the ids pass 1 gave out.
        for block in blocks {
            guard let level = document.headingLevel(block) else { continue }
            if !document.hasAnchor(block), level >= 2 {
                let text = document.plainText(block)
                let id = state.uniqueSlug(for: text)
                document.setAnchor(Anchor(id: id, style: .heading, label: labels.section(text)), on: block)
            }
            if let anchor = document.anchor(block), (2...4).contains(level) {
                state.headings.append(Heading(level: level, id: anchor.id, node: block))
            }
        }
        Self.checkRawHTML(document, problems: &state.problems)
        if let line = document.overNestedLine {
            state.problems.append((line, Self.overNestedMessage))
        }
        let problems = state.problems.map { (line: $0.line + lineOffset, message: $0.message) }
        let warnings = state.warnings.map { (line: $0.line + lineOffset, message: $0.message) }
        return Result(document: document, headings: state.headings, problems: problems, warnings: warnings)
    }

    struct State {
        let lineOffset: Int
        var article: Int?
        var articleLevel = 0
        var ids: [String: Int] = [:]  // id → line of first use
        var slugCounts: [String: Int] = [:]
        var headings: [Heading] = []
        var problems: [(line: Int, message: String)] = []
        var warnings: [(line: Int, message: String)] = []
        /// The numbers of the last clause of the current article, which a pasted clause continues.
        var lastClause: [Int]?

        mutating func claim(_ id: String, line: Int, what: String) -> Bool {
            if let first = ids[id] {
                problems.append(
                    (
                        line,
                        "\(what) appears twice (first at line \(first + lineOffset)): its link #\(id) must be unique; renumber one of them"
                    ))
                return false
            }
            ids[id] = line
            return true
        }

        mutating func uniqueSlug(for text: String) -> String {
            let base = Anchoring.slug(text)
            var candidate = base
            var count = slugCounts[base, default: 1]
            while ids[candidate] != nil {
                count += 1
                candidate = "\(base)-\(count)"
            }
            slugCounts[base] = count
            ids[candidate] = 0
            return candidate
        }
    }

    private func annotateBlock(
        _ block: MarkdownDocument.Node, previous: MarkdownDocument.Node?, in document: inout MarkdownDocument, state: inout State
    ) {
        switch document.tag(block) {
        case .heading:
            let level = document.headingLevel(block)!
            let line = document.line(block)
            if level == 1 {
                state.problems.append(
                    (line, "a level-1 heading (# …) in the body: the page title comes from front matter; use ## for articles"))
            }
            if let number = articleNumber(in: document.plainText(block)) {
                state.article = number
                state.articleLevel = level
                state.lastClause = nil
                let id = "art-\(number)"
                if state.claim(id, line: line, what: "article \(number)") {
                    document.setAnchor(Anchor(id: id, style: .heading, label: labels.article(String(number))), on: block)
                }
            } else if state.article != nil, level <= state.articleLevel {
                state.article = nil  // a new chapter or section ends the article
                state.lastClause = nil
            }
        case .paragraph:
            annotateClauseParagraph(block, in: &document, state: &state)
            splitPastedClauses(block, in: &document, state: &state)
        case .list where document.listStyle(block)!.ordered:
            var base: ClauseNumber?
            if let previous, document.tag(previous) == .paragraph, let anchor = document.anchor(previous),
                case .clause(let number) = anchor.style
            {
                base = ClauseNumber(number: number, id: anchor.id)
            } else if let article = state.article {
                base = ClauseNumber(number: String(article), id: "clause-\(article)")
            }
            if let base { annotateList(block, under: base, in: &document, state: &state) }
        default:
            break
        }
    }

    /// "5.2 De klant …" → `clause-5-2`, with "5.2" moved out of the text into the anchor.
    private func annotateClauseParagraph(_ paragraph: MarkdownDocument.Node, in document: inout MarkdownDocument, state: inout State) {
        guard let first = document.firstChild(paragraph), document.tag(first) == .text,
            let (numbers, length) = document.withLiteral(first, Self.leadingClauseNumber)
        else { return }
        let number = numbers.map(String.init).joined(separator: ".")
        let id = "clause-" + numbers.map(String.init).joined(separator: "-")
        guard state.claim(id, line: document.line(paragraph), what: "clause \(number)") else { return }
        document.dropLiteralPrefix(of: first, count: length)
        document.setAnchor(Anchor(id: id, style: .clause(number: number), label: labels.clause(number)), on: paragraph)
        state.lastClause = numbers
    }

    /// A clause's number as shown ("5.2") and as its id (`clause-5-2`).
    private struct ClauseNumber {
        var number: String
        var id: String

        func appending(_ value: Int) -> ClauseNumber {
            let digits = String(value)
            return ClauseNumber(number: number + "." + digits, id: id + "-" + digits)
        }
    }

    /// (Recursive over nested lists: a `MarkdownDocument` keeps at most `nestingLimit` levels.)
    private func annotateList(
        _ list: MarkdownDocument.Node, under base: ClauseNumber, in document: inout MarkdownDocument, state: inout State
    ) {
        guard let style = document.listStyle(list), style.ordered else { return }
        var position = 0
        var next = document.firstChild(list)
        while let item = next {
            let path = base.appending(style.start + position)
            let number = path.number
            if state.claim(path.id, line: document.line(item), what: "clause \(number)") {
                document.setAnchor(Anchor(id: path.id, style: .clause(number: number), label: labels.clause(number)), on: item)
                state.lastClause = number.split(separator: ".").compactMap { Int($0) }
            }
            var nextChild = document.firstChild(item)
            while let child = nextChild {
                if document.listStyle(child)?.ordered == true {
                    annotateList(child, under: path, in: &document, state: &state)
                }
                nextChild = document.nextSibling(child)
            }
            position += 1
            next = document.nextSibling(item)
        }
    }

    /// The article number a heading starts with: "Artikel 5 – …", "Article 5. …", "Art. 5", "5. …".
    func articleNumber(in heading: String) -> Int? {
        let text = heading.drop(while: { $0 == " " || $0 == "\t" })
        for word in articleWords where text.count > word.count {
            guard text.prefix(word.count).lowercased() == word.lowercased() else { continue }
            let rest = text.dropFirst(word.count)
            guard word.hasSuffix(".") || rest.first?.isWhitespace == true else { continue }
            let numberStart = rest.drop(while: { $0.isWhitespace })
            let digits = numberStart.prefix(while: { $0.isASCII && $0.isNumber })
            if let number = Int(digits), Self.endsNumber(numberStart.dropFirst(digits.count)) { return number }
        }
        // "5. Aansprakelijkheid": a number, a dot, then a space (not "5.2 …", which is a clause).
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let after = text.dropFirst(digits.count)
        if let number = Int(digits), after.first == ".", after.dropFirst().first?.isWhitespace ?? true {
            return number
        }
        return nil
    }

    /// Whether what follows an article number ends it: nothing, a space, or ".", ":", "–", "—", "-", ")"
    /// followed by a space ("Article 5: …", but not "Article 5.2").
    private static func endsNumber(_ after: Substring) -> Bool {
        guard let first = after.first else { return true }
        if first.isWhitespace { return true }
        guard ".:–—-)".contains(first) else { return false }
        return after.dropFirst().first?.isWhitespace ?? true
    }

    /// "5.2 text" or "5.2. text" → ([5, 2], "text"); at least two numbers, then a space.
    static func leadingClauseNumber(_ text: String) -> ([Int], String)? {
        var text = text
        return text.withUTF8 { bytes in
            leadingClauseNumber(bytes).map { ($0.numbers, String(decoding: bytes[$0.length...], as: UTF8.self)) }
        }
    }

    /// The same on UTF-8 bytes: the numbers, and how many bytes they take with the spaces after them
    /// (plain or non-breaking).
    static func leadingClauseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> (numbers: [Int], length: Int)? {
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (0x30...0x39).contains(bytes[index]) }
        func isSpace(_ index: Int) -> Int {
            if index < bytes.count, bytes[index] == 0x20 { return 1 }
            if index + 1 < bytes.count, bytes[index] == 0xC2, bytes[index + 1] == 0xA0 { return 2 }
            return 0
        }
        var numbers: [Int] = []
        var index = 0
        while true {
            var number = 0
            let digitsStart = index
            // At most four digits: a longer run is no clause number (and would overflow an Int).
            while isDigit(index) {
                guard index - digitsStart < 4 else { return nil }
                number = number * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > digitsStart else { return nil }
            numbers.append(number)
            guard index < bytes.count, bytes[index] == 0x2E else { break }
            index += 1  // the dot; a trailing dot ends the number: "5.2. text"
            if !isDigit(index) { break }
        }
        guard numbers.count >= 2, isSpace(index) > 0 else { return nil }
        while case let width = isSpace(index), width > 0 { index += width }
        return (numbers, index)
    }

    static let transliterations: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// An id from heading text: lowercase ASCII letters and digits joined by hyphens ("Définitions" → "definitions").
    static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            // Letters that do not decompose into a base letter and a mark are spelled out.
            let letters = Self.transliterations[scalar] ?? (scalar.isASCII ? String(scalar) : "")
            if let first = letters.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) {
                if pendingHyphen, !result.isEmpty { result += "-" }
                pendingHyphen = false
                result += letters.lowercased()
            } else {
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "section" : String(result.prefix(80))
    }

    /// `slug` for ASCII text, where folding is lowercasing: byte by byte.
    private static func asciiSlug(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingHyphen, !result.isEmpty { result.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                result.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
            default:
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "section" : String(decoding: result.prefix(80), as: UTF8.self)
    }

    /// Raw HTML is not trusted: anything but a few inline tags without attributes is a content problem.
    /// A node without a line of its own is reported at the line of the block it is in.
    static func checkRawHTML(_ document: MarkdownDocument, problems: inout [(line: Int, message: String)]) {
        func line(of node: MarkdownDocument.Node) -> Int {
            var current: MarkdownDocument.Node? = node
            while let candidate = current {
                if document.line(candidate) > 0 { return document.line(candidate) }
                current = document.parent(candidate)
            }
            return 0
        }
        // Nodes are stored in document order: one pass finds them in the order a reader meets them.
        for node in 0..<document.nodeCount {
            switch document.tag(node) {
            case .htmlBlock:
                problems.append((line(of: node), "raw HTML is not allowed (\(Self.excerpt(document.literal(node)))): write it in Markdown"))
            case .htmlInline:
                let html = document.literal(node)
                // (A closing tag is escaped like its opening tag, which is the one reported.)
                if !HTMLRenderer.isAllowedInlineTag(html), !html.hasPrefix("</") {
                    problems.append(
                        (
                            line(of: node),
                            "raw HTML is not allowed (\(Self.excerpt(html))): write it in Markdown; only simple tags such as <sup> and <br> pass"
                        ))
                }
            default:
                break
            }
        }
    }

    static func excerpt(_ html: String) -> String {
        let line = html.split(separator: "\n").first.map(String.init) ?? html
        return line.count > 60 ? String(line.prefix(60)) + "…" : line
    }
}
