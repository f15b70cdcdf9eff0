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
        var node: MarkdownNode
    }

    struct Result {
        var document: MarkdownNode
        var headings: [Heading]
        /// Problems with the Markdown source: (line in the file, message).
        var problems: [(line: Int, message: String)]
    }

    /// Ids the page layout uses itself (skip link target, table of contents).
    static let reservedIDs = ["main", "contents", "contents-title", "versions", "top"]

    /// Takes the document over (`consuming`), so that annotating its nodes changes them in place
    /// instead of copying every list a change reaches.
    func anchor(_ document: consuming MarkdownNode) -> Result {
        var state = State(lineOffset: lineOffset)
        for id in Self.reservedIDs { state.ids[id] = 0 }
        var document = document
        var blocks = document.children
        document.children = []
        // Pass 1: articles and clauses, whose ids are fixed by their numbers.
        for index in blocks.indices {
            let previous = index > 0 ? blocks[index - 1] : nil
            annotateBlock(&blocks[index], previous: previous, state: &state)
        }
        // Pass 2: the other headings, named after their text, avoiding the ids pass 1 gave out.
        for index in blocks.indices {
            guard case .heading(let level) = blocks[index].kind else { continue }
            if blocks[index].anchor == nil, level >= 2 {
                let id = state.uniqueSlug(for: blocks[index].plainText)
                blocks[index].anchor = Anchor(id: id, style: .heading, label: labels.section(blocks[index].plainText))
            }
            if let anchor = blocks[index].anchor, (2...4).contains(level) {
                state.headings.append(Heading(level: level, id: anchor.id, node: blocks[index]))
            }
        }
        document.children = blocks
        Self.checkRawHTML(document, problems: &state.problems)
        let problems = state.problems.map { (line: $0.line + lineOffset, message: $0.message) }
        return Result(document: document, headings: state.headings, problems: problems)
    }

    private struct State {
        let lineOffset: Int
        var article: Int?
        var articleLevel = 0
        var ids: [String: Int] = [:]  // id → line of first use
        var slugCounts: [String: Int] = [:]
        var headings: [Heading] = []
        var problems: [(line: Int, message: String)] = []

        mutating func claim(_ id: String, line: Int, what: String) -> Bool {
            if let first = ids[id] {
                problems.append((line, "\(what) appears twice (first at line \(first + lineOffset)): its link #\(id) must be unique; renumber one of them"))
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

    private func annotateBlock(_ block: inout MarkdownNode, previous: MarkdownNode?, state: inout State) {
        switch block.kind {
        case .heading(let level):
            if level == 1 {
                state.problems.append((block.line, "a level-1 heading (# …) in the body: the page title comes from front matter; use ## for articles"))
            }
            if let number = articleNumber(in: block.plainText) {
                state.article = number
                state.articleLevel = level
                let id = "art-\(number)"
                if state.claim(id, line: block.line, what: "article \(number)") {
                    block.anchor = Anchor(id: id, style: .heading, label: labels.article(String(number)))
                }
            } else if state.article != nil, level <= state.articleLevel {
                state.article = nil  // a new chapter or section ends the article
            }
        case .paragraph:
            annotateClauseParagraph(&block, state: &state)
        case .list(let style) where style.ordered:
            var base: [Int]?
            if let previous, case .paragraph = previous.kind, case .clause(let number)? = previous.anchor?.style {
                base = number.split(separator: ".").compactMap { Int($0) }
            } else if let article = state.article {
                base = [article]
            }
            if let base { annotateList(&block, under: base, state: &state) }
        default:
            break
        }
    }

    /// "5.2 De klant …" → `clause-5-2`, with "5.2" moved out of the text into the anchor.
    private func annotateClauseParagraph(_ paragraph: inout MarkdownNode, state: inout State) {
        guard let first = paragraph.children.first, case .text(let text) = first.kind,
            let (numbers, rest) = Self.leadingClauseNumber(text)
        else { return }
        let number = numbers.map(String.init).joined(separator: ".")
        let id = "clause-" + numbers.map(String.init).joined(separator: "-")
        guard state.claim(id, line: paragraph.line, what: "clause \(number)") else { return }
        paragraph.children[0].kind = .text(rest)
        paragraph.anchor = Anchor(id: id, style: .clause(number: number), label: labels.clause(number))
    }

    private func annotateList(_ list: inout MarkdownNode, under base: [Int], state: inout State) {
        guard case .list(let style) = list.kind, style.ordered else { return }
        for index in list.children.indices {
            let path = base + [style.start + index]
            let number = path.map(String.init).joined(separator: ".")
            let id = "clause-" + path.map(String.init).joined(separator: "-")
            if state.claim(id, line: list.children[index].line, what: "clause \(number)") {
                list.children[index].anchor = Anchor(id: id, style: .clause(number: number), label: labels.clause(number))
            }
            for childIndex in list.children[index].children.indices {
                if case .list(let nested) = list.children[index].children[childIndex].kind, nested.ordered {
                    annotateList(&list.children[index].children[childIndex], under: path, state: &state)
                }
            }
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
        var numbers: [Int] = []
        var index = text.startIndex
        while true {
            let digitsEnd = text[index...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
            guard digitsEnd > index, digitsEnd.utf16Offset(in: text) - index.utf16Offset(in: text) <= 4,
                let number = Int(text[index..<digitsEnd])
            else { return nil }
            numbers.append(number)
            index = digitsEnd
            guard index < text.endIndex, text[index] == "." else { break }
            let next = text.index(after: index)
            if next < text.endIndex, text[next].isASCII, text[next].isNumber {
                index = next
            } else {
                index = next  // a trailing dot: "5.2. text"
                break
            }
        }
        guard numbers.count >= 2, index < text.endIndex, text[index] == " " || text[index] == "\u{00A0}" else { return nil }
        let rest = text[index...].drop { $0 == " " || $0 == "\u{00A0}" }
        return (numbers, String(rest))
    }

    static let transliterations: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// An id from heading text: lowercase ASCII letters and digits joined by hyphens ("Définitions" → "definitions").
    static func slug(_ text: String) -> String {
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

    /// Raw HTML is not trusted: anything but a few inline tags without attributes is a content problem.
    static func checkRawHTML(_ node: MarkdownNode, problems: inout [(line: Int, message: String)], blockLine: Int = 0) {
        let line = node.line > 0 ? node.line : blockLine
        switch node.kind {
        case .htmlBlock(let html):
            problems.append((line, "raw HTML is not allowed (\(Self.excerpt(html))): write it in Markdown"))
        case .htmlInline(let html) where !HTMLRenderer.isAllowedInlineTag(html) && !html.hasPrefix("</"):
            // (A closing tag is escaped like its opening tag, which is the one reported.)
            problems.append((line, "raw HTML is not allowed (\(Self.excerpt(html))): write it in Markdown; only simple tags such as <sup> and <br> pass"))
        default:
            for child in node.children { checkRawHTML(child, problems: &problems, blockLine: line) }
        }
    }

    static func excerpt(_ html: String) -> String {
        let line = html.split(separator: "\n").first.map(String.init) ?? html
        return line.count > 60 ? String(line.prefix(60)) + "…" : line
    }
}
