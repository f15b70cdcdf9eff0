/// Word-level differences between two texts, for the changes pages.
///
/// Texts are split into tokens (words, runs of spaces, single punctuation marks) and compared with
/// Swift's `CollectionDifference` (Myers' O((N+M)·D) algorithm). Its memory grows with D², so a pair
/// is trimmed of its common start and end first, and a pair whose remaining tokens exceed
/// `maximumTokens` is reported as replaced as a whole rather than compared word by word. Callers keep
/// the pairs small by comparing documents clause by clause (see `BlockAlignment`).
public enum WordDiff {
    /// A run of text that is in both versions, only in the new one, or only in the old one.
    public enum Piece: Equatable, Sendable {
        case same(String)
        case inserted(String)
        case deleted(String)
    }

    /// Above this many differing tokens (old + new, after trimming) a text counts as replaced.
    public static let maximumTokens = 6_000

    /// The pieces that turn `old` into `new`, adjacent pieces of one kind merged; a change that only
    /// stops at a space continues over it, so that "a b" → "c d" reads as one replacement.
    public static func diff(_ old: String, _ new: String) -> [Piece] {
        let oldTokens = tokens(old)
        let newTokens = tokens(new)
        let prefix = zip(oldTokens, newTokens).prefix { $0 == $1 }.count
        let suffix = zip(oldTokens.dropFirst(prefix).reversed(), newTokens.dropFirst(prefix).reversed()).prefix { $0 == $1 }.count
        let oldMiddle = oldTokens[prefix..<(oldTokens.count - suffix)]
        let newMiddle = newTokens[prefix..<(newTokens.count - suffix)]
        var pieces: [Piece] = []
        if prefix > 0 { pieces.append(.same(oldTokens[..<prefix].joined())) }
        if oldMiddle.count + newMiddle.count > maximumTokens {
            if !oldMiddle.isEmpty { pieces.append(.deleted(oldMiddle.joined())) }
            if !newMiddle.isEmpty { pieces.append(.inserted(newMiddle.joined())) }
        } else {
            pieces += middle(Array(oldMiddle), Array(newMiddle))
        }
        if suffix > 0 { pieces.append(.same(oldTokens[(oldTokens.count - suffix)...].joined())) }
        return merged(absorbingSpaces(merged(pieces)))
    }

    /// Whether two texts have the same tokens.
    public static func isUnchanged(_ pieces: [Piece]) -> Bool {
        pieces.allSatisfy { if case .same = $0 { true } else { false } }
    }

    /// Words (letters, digits and the marks inside a word), runs of white space (as one space), and
    /// every other character on its own.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsWord = false
        var lastWasSpace = false
        func flush() {
            if !current.isEmpty { result.append(current) }
            current = ""
        }
        for character in text {
            if character.isWhitespace {
                flush()
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            let isWord = character.isLetter || character.isNumber || (currentIsWord && (character == "'" || character == "’"))
            if isWord {
                if !currentIsWord { flush() }
                current.append(character)
                currentIsWord = true
            } else {
                flush()
                result.append(String(character))
                currentIsWord = false
            }
        }
        flush()
        return result
    }

    private static func middle(_ old: [String], _ new: [String]) -> [Piece] {
        let (removed, inserted) = new.difference(from: old).offsets
        var pieces: [Piece] = []
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                pieces.append(.deleted(old[oldIndex]))
                oldIndex += 1
            } else if newIndex < new.count, inserted.contains(newIndex) {
                pieces.append(.inserted(new[newIndex]))
                newIndex += 1
            } else {
                pieces.append(.same(new[newIndex]))
                oldIndex += 1
                newIndex += 1
            }
        }
        return pieces
    }

    /// Joins neighbours of one kind; a deletion is always written before the insertion next to it.
    static func merged(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        var pendingDeleted = ""
        var pendingInserted = ""
        var pendingSame = ""
        func flushChanges() {
            if !pendingDeleted.isEmpty { result.append(.deleted(pendingDeleted)) }
            if !pendingInserted.isEmpty { result.append(.inserted(pendingInserted)) }
            pendingDeleted = ""
            pendingInserted = ""
        }
        for piece in pieces {
            switch piece {
            case .same(let text):
                flushChanges()
                pendingSame += text
            case .deleted(let text):
                if !pendingSame.isEmpty { result.append(.same(pendingSame)) }
                pendingSame = ""
                pendingDeleted += text
            case .inserted(let text):
                if !pendingSame.isEmpty { result.append(.same(pendingSame)) }
                pendingSame = ""
                pendingInserted += text
            }
        }
        flushChanges()
        if !pendingSame.isEmpty { result.append(.same(pendingSame)) }
        return result
    }

    /// A lone space between two changes belongs to both: "<del>twelve months</del><ins>six weeks</ins>"
    /// rather than "<del>twelve</del><ins>six</ins> <del>months</del><ins>weeks</ins>".
    static func absorbingSpaces(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        for (index, piece) in pieces.enumerated() {
            if case .same(let text) = piece, text.allSatisfy({ $0 == " " }), index > 0, index + 1 < pieces.count,
                isChange(pieces[index - 1]), isChange(pieces[index + 1])
            {
                result.append(.deleted(text))
                result.append(.inserted(text))
            } else {
                result.append(piece)
            }
        }
        return result
    }

    private static func isChange(_ piece: Piece) -> Bool {
        if case .same = piece { return false }
        return true
    }
}

extension CollectionDifference {
    /// The offsets removed from the old collection and inserted into the new one.
    var offsets: (removed: Set<Int>, inserted: Set<Int>) {
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in self {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        return (removed, inserted)
    }
}
