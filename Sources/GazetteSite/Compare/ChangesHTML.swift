import GazetteCore
import GazetteHTML
import GazetteMarkdown

/// Writes the rows of a comparison as HTML: changed, added and removed blocks in full, with `<ins>`
/// and `<del>`; runs of unchanged blocks folded into a `<details>` that says how many there are.
///
/// A heading stays visible when something below it (up to the next heading of its level) changed, so
/// every change is shown under its article; a whole unchanged article folds with its text.
struct ChangesHTML {
    struct Words {
        var added: String
        var removed: String
        /// "12 unchanged paragraphs", for a count.
        var unchanged: (Int) -> String
        /// "in 5.2": the clause a list item without a number of its own belongs to.
        var inClause: (String) -> String

        init(added: String, removed: String, unchanged: @escaping (Int) -> String, inClause: @escaping (String) -> String = { "in \($0)" })
        {
            self.added = added
            self.removed = removed
            self.unchanged = unchanged
            self.inClause = inClause
        }

        /// The words of a changes page in `words`' language (`site.changes.*`).
        init(_ words: LocaleWords) throws(InputError) {
            let one = try words.text("site.changes.unchanged_one")
            _ = try words.format("site.changes.unchanged_other", ["count": "0"])  // fails here, with its line, if the text is wrong
            _ = try words.format("site.changes.in_clause", ["number": "0"])
            self.init(
                added: try words.text("site.changes.added"), removed: try words.text("site.changes.removed"),
                unchanged: { count in
                    count == 1 ? one : (try? words.format("site.changes.unchanged_other", ["count": String(count)])) ?? ""
                },
                inClause: { number in (try? words.format("site.changes.in_clause", ["number": number])) ?? number })
        }
    }

    let words: Words

    /// How many blocks changed, were added, were removed.
    struct Counts: Equatable {
        var changed = 0
        var added = 0
        var removed = 0
    }

    static func counts(_ rows: [DiffRow]) -> Counts {
        var counts = Counts()
        for row in rows {
            switch row {
            case .changed: counts.changed += 1
            case .inserted: counts.added += 1
            case .deleted: counts.removed += 1
            case .unchanged: break
            }
        }
        return counts
    }

    /// Which rows are shown unfolded: every change, and the headings above a change.
    static func visibility(_ rows: [DiffRow]) -> [Bool] {
        var visible = rows.map { !$0.isUnchanged || isRenumberedArticle($0) }
        for (index, row) in rows.enumerated() {
            guard case .heading(let level) = row.block.kind, row.isUnchanged else { continue }
            var next = index + 1
            while next < rows.count {
                if case .heading(let other) = rows[next].block.kind, other <= level { break }
                if !rows[next].isUnchanged {
                    visible[index] = true
                    break
                }
                next += 1
            }
        }
        return visible
    }

    func render(_ rows: [DiffRow]) -> String {
        var out = ""
        let visible = Self.visibility(rows)
        var index = 0
        while index < rows.count {
            if visible[index] {
                render(rows[index], into: &out)
                index += 1
                continue
            }
            var end = index
            while end < rows.count, !visible[end] { end += 1 }
            let folded = rows[index..<end]
            out += "<details class=\"diff-unchanged\">\n<summary>"
            HTMLEscaping.appendText(words.unchanged(folded.count), to: &out)
            out += "</summary>\n"
            for row in folded { render(row, into: &out) }
            out += "</details>\n"
            index = end
        }
        return out
    }

    /// An article heading whose number changed and nothing else ("Article 8" is now "Article 9").
    static func isRenumberedArticle(_ row: DiffRow) -> Bool {
        guard case .unchanged(let old, let new) = row, let before = old.articleNumber, let after = new.articleNumber else { return false }
        return before != after
    }

    static func state(of row: DiffRow) -> String {
        switch row {
        case .unchanged: isRenumberedArticle(row) ? "renumbered" : "same"
        case .changed: "changed"
        case .inserted: "added"
        case .deleted: "removed"
        }
    }

    private func render(_ row: DiffRow, into out: inout String) {
        let block = row.block
        let state = Self.state(of: row)
        if block.cells != nil {
            renderTableRow(row, state: state, into: &out)
            return
        }
        let tag: String
        if case .heading(let level) = block.kind { tag = "h\(min(max(level, 2), 6))" } else { tag = "p" }
        out += "<\(tag) class=\"diff-block diff-\(state)"
        if block.depth > 0 { out += " depth-\(min(block.depth, 4))" }
        out += "\""
        // The new version's ids: a link to #clause-5-2 works on the changes page too. A removed
        // block has none (its id may belong to another block now).
        if case .deleted = row {
        } else if let id = block.id {
            out += " id=\""
            HTMLEscaping.appendAttribute(id, to: &out)
            out += "\""
        }
        out += ">"
        if block.number == nil, let parent = block.parentNumber {
            out += "<span class=\"diff-number diff-parent\">"
            HTMLEscaping.appendText(words.inClause(parent), to: &out)
            out += "</span> "
        }
        switch row {
        case .unchanged(let old, let new) where Self.isRenumberedArticle(row):
            appendRenumbered(new.text, old: old.articleNumber!, new: new.articleNumber!, into: &out)
        case .inserted:
            appendTag(words.added, into: &out)
            appendNumber(old: nil, new: block.number, into: &out)
            out += "<ins>"
            HTMLEscaping.appendText(block.text, to: &out)
            out += "</ins>"
        case .deleted:
            appendTag(words.removed, into: &out)
            appendNumber(old: nil, new: block.number, into: &out)
            out += "<del>"
            HTMLEscaping.appendText(block.text, to: &out)
            out += "</del>"
        case .unchanged(let old, let new):
            appendNumber(old: old.number, new: new.number, into: &out)
            HTMLEscaping.appendText(new.text, to: &out)
        case .changed(let old, let new, let pieces):
            appendNumber(old: old.number, new: new.number, into: &out)
            appendPieces(pieces, into: &out)
        }
        out += "</\(tag)>\n"
    }

    private func appendPieces(_ pieces: [WordDiff.Piece], into out: inout String) {
        for piece in pieces {
            switch piece {
            case .same(let text):
                HTMLEscaping.appendText(text, to: &out)
            case .inserted(let text):
                out += "<ins>"
                HTMLEscaping.appendText(text, to: &out)
                out += "</ins>"
            case .deleted(let text):
                out += "<del>"
                HTMLEscaping.appendText(text, to: &out)
                out += "</del>"
            }
        }
    }

    /// "Article 9 – Liability" with its number shown as "8 → 9".
    private func appendRenumbered(_ text: String, old: String, new: String, into out: inout String) {
        var range = text.range(of: new)
        // The number as a whole ("9", not the 9 in "19").
        while let found = range,
            (found.lowerBound > text.startIndex && text[text.index(before: found.lowerBound)].isNumber)
                || (found.upperBound < text.endIndex && text[found.upperBound].isNumber)
        {
            range = text.range(of: new, range: found.upperBound..<text.endIndex)
        }
        guard let found = range else {
            HTMLEscaping.appendText(text, to: &out)
            return
        }
        HTMLEscaping.appendText(String(text[..<found.lowerBound]), to: &out)
        out += "<span class=\"diff-number diff-renumbered\"><del>"
        HTMLEscaping.appendText(old, to: &out)
        out += "</del> → <ins>"
        HTMLEscaping.appendText(new, to: &out)
        out += "</ins></span>"
        HTMLEscaping.appendText(String(text[found.upperBound...]), to: &out)
    }

    /// A table row as a row of its table, under the table's column headers, each cell compared on
    /// its own (the header row itself: as the table's head).
    private func renderTableRow(_ row: DiffRow, state: String, into out: inout String) {
        let block = row.block
        out += "<div class=\"diff-block diff-\(state) diff-row"
        if block.depth > 0 { out += " depth-\(min(block.depth, 4))" }
        out += "\">"
        switch row {
        case .inserted: appendTag(words.added, into: &out)
        case .deleted: appendTag(words.removed, into: &out)
        default: break
        }
        let isHeaderRow = block.headers?.isEmpty ?? true
        var cells: [[WordDiff.Piece]]
        switch row {
        case .inserted(let new): cells = new.cells!.map { $0.isEmpty ? [] : [.inserted($0)] }
        case .deleted(let old): cells = old.cells!.map { $0.isEmpty ? [] : [.deleted($0)] }
        case .unchanged(_, let new): cells = new.cells!.map { [.same($0)] }
        case .changed(let old, let new, _):
            let before = old.cells ?? [old.text]
            let after = new.cells ?? [new.text]
            cells = (0..<max(before.count, after.count)).map { index in
                WordDiff.diff(index < before.count ? before[index] : "", index < after.count ? after[index] : "")
            }
        }
        out += "<table class=\"diff-table\">"
        if isHeaderRow {
            appendRow(cells, head: true, into: &out)
        } else {
            if let headers = block.headers, !headers.isEmpty {
                appendRow(headers.map { [.same($0)] }, head: true, into: &out)
            }
            appendRow(cells, head: false, into: &out)
        }
        out += "</table></div>\n"
    }

    /// One row of the table's head (column headers) or body, a cell for each cell's pieces.
    private func appendRow(_ cells: [[WordDiff.Piece]], head: Bool, into out: inout String) {
        out += head ? "<thead><tr>" : "<tbody><tr>"
        for pieces in cells {
            out += head ? "<th scope=\"col\">" : "<td>"
            appendPieces(pieces, into: &out)
            out += head ? "</th>" : "</td>"
        }
        out += head ? "</tr></thead>" : "</tr></tbody>"
    }

    private func appendTag(_ text: String, into out: inout String) {
        out += "<span class=\"diff-tag\">"
        HTMLEscaping.appendText(text, to: &out)
        out += "</span> "
    }

    /// "5.2", or "<del>6.1</del> <ins>7.1</ins>" for a renumbered clause.
    private func appendNumber(old: String?, new: String?, into out: inout String) {
        guard old != nil || new != nil else { return }
        out += "<span class=\"diff-number\">"
        if let old, let new, old != new {
            out += "<del>"
            HTMLEscaping.appendText(old, to: &out)
            out += "</del> <ins>"
            HTMLEscaping.appendText(new, to: &out)
            out += "</ins>"
        } else {
            HTMLEscaping.appendText(new ?? old ?? "", to: &out)
        }
        out += "</span> "
    }
}
