import GazetteMarkdown

/// Clauses pasted from Word or a PDF, one per line with no blank line between them ("4.1 …⏎4.2 …"):
/// Markdown makes them one paragraph; a line that continues the article's numbering starts a
/// paragraph (and so a clause) of its own. A number glued to the sentence before ("…beveiligen.2.2.
/// Indien …") is only warned of: it may as well be a reference inside the text.
extension Anchoring {
    /// Splits `paragraph` before the first line that starts with the next clause number (the new
    /// paragraph is the next block the anchoring pass meets), and warns of numbers glued to a sentence.
    func splitPastedClauses(_ paragraph: MarkdownDocument.Node, in document: inout MarkdownDocument, state: inout State) {
        var lines = 0
        var next = document.firstChild(paragraph)
        while let child = next {
            next = document.nextSibling(child)
            switch document.tag(child) {
            case .text:
                if let current = state.lastClause,
                    let glued = document.withLiteral(child, { Self.gluedClauseNumber(in: $0, after: current, article: state.article) })
                {
                    let inside = current.map(String.init).joined(separator: ".")
                    let number = glued.map(String.init).joined(separator: ".")
                    state.warnings.append(
                        (
                            document.line(paragraph) + lines,
                            "clause \(number) seems to start inside clause \(inside): start it on its own line"
                        ))
                }
            case .softBreak, .lineBreak:
                lines += 1
                guard let following = next, document.tag(following) == .text,
                    let numbers = document.withLiteral(following, { Self.leadingClauseNumber($0)?.numbers }),
                    Self.continues(state.lastClause, article: state.article, with: numbers)
                else { continue }
                _ = document.splitParagraph(paragraph, at: child, line: document.line(paragraph) + lines)
                return
            default:
                break
            }
        }
    }

    /// Whether `candidate` is a next clause number after `last` in the article: the first clause below
    /// it (4.2 → 4.2.1) or the next one at its level or a level up (4.2.1 → 4.2.2, 4.3), never another
    /// article's. With no clause yet, only the article's first clause (4.1 in article 4) continues.
    static func continues(_ last: [Int]?, article: Int?, with candidate: [Int]) -> Bool {
        guard let last else { return article.map { candidate == [$0, 1] } ?? false }
        if let article, last.first != article { return false }
        if candidate == last + [1] { return true }
        for kept in 1..<last.count where candidate == Array(last[..<kept]) + [last[kept] + 1] { return true }
        return false
    }

    /// A next clause number right after the end of a sentence, without a space: ".2.2. Indien" in
    /// "beveiligen.2.2. Indien", as text extracted from a PDF often is.
    static func gluedClauseNumber(in bytes: UnsafeBufferPointer<UInt8>, after last: [Int], article: Int?) -> [Int]? {
        func isLetter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte >= 0x80
        }
        var index = 1
        while index + 1 < bytes.count {
            defer { index += 1 }
            guard ".;:!?)".utf8.contains(bytes[index]), isLetter(bytes[index - 1]),
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
            else { continue }
            let rest = UnsafeBufferPointer(rebasing: bytes[(index + 1)...])
            if let numbers = leadingClauseNumber(rest)?.numbers, continues(last, article: article, with: numbers) {
                return numbers
            }
        }
        return nil
    }
}
