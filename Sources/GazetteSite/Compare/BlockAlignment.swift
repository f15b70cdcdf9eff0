/// One line of a comparison: a block of the new version next to the block of the old version it
/// replaces, or a block only one of them has.
public enum DiffRow: Equatable, Sendable {
    /// The same text (perhaps under another number: a clause moved up or down by an insertion).
    case unchanged(old: DiffBlock, new: DiffBlock)
    case changed(old: DiffBlock, new: DiffBlock, pieces: [WordDiff.Piece])
    case inserted(DiffBlock)
    case deleted(DiffBlock)

    /// The block as the reader finds it now (the old block for a deletion).
    public var block: DiffBlock {
        switch self {
        case .unchanged(_, let new), .changed(_, let new, _), .inserted(let new): new
        case .deleted(let old): old
        }
    }

    public var isUnchanged: Bool {
        if case .unchanged = self { return true }
        return false
    }
}

/// Lines two versions up block by block before words are compared, so that a change shows inside
/// its clause and an inserted article does not make every later article look rewritten.
///
/// 1. Blocks with the same text (headings: the same words, numbers aside) are matched with Myers'
///    algorithm (`CollectionDifference`) over the block sequences: these are the unchanged ones, even
///    when renumbered.
/// 2. Between two matches, the remaining old and new blocks are paired where they are alike: the
///    pairing with the greatest total likeness that keeps document order (a small dynamic programme
///    over the gap), where likeness is the share of words in common, with a bonus for blocks that have
///    the same anchor (`clause-5-2` in both): alignment follows the clause numbers where they match.
/// 3. A pair is compared word by word (`WordDiff`); what stays unpaired was inserted or deleted.
public enum BlockAlignment {
    /// Gaps larger than this (old × new blocks) are paired by anchor only, keeping memory bounded.
    static let maximumGapCells = 250_000
    /// Least likeness for two blocks to count as one block changed (with the same anchor: `sameAnchorLikeness`).
    static let likeness = 0.4
    static let sameAnchorLikeness = 0.2

    public static func rows(from old: [DiffBlock], to new: [DiffBlock]) -> [DiffRow] {
        var rows: [DiffRow] = []
        var oldGap: [DiffBlock] = []
        var newGap: [DiffBlock] = []
        func closeGap() {
            rows += pairGap(oldGap, newGap)
            oldGap = []
            newGap = []
        }
        let oldKeys = old.map(key)
        let newKeys = new.map(key)
        let (removed, inserted) = newKeys.difference(from: oldKeys).offsets
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                oldGap.append(old[oldIndex])
                oldIndex += 1
            } else if newIndex < new.count, inserted.contains(newIndex) {
                newGap.append(new[newIndex])
                newIndex += 1
            } else {
                closeGap()
                rows.append(.unchanged(old: old[oldIndex], new: new[newIndex]))
                oldIndex += 1
                newIndex += 1
            }
        }
        closeGap()
        return rows
    }

    /// What "the same block" means in step 1.
    private static func key(_ block: DiffBlock) -> String {
        block.isHeading ? "h\u{0}" + block.matchKey : "t\u{0}" + block.text
    }

    /// Step 2: pairs alike blocks of a gap in order; the others are deletions and insertions.
    static func pairGap(_ old: [DiffBlock], _ new: [DiffBlock]) -> [DiffRow] {
        if old.isEmpty { return new.map { .inserted($0) } }
        if new.isEmpty { return old.map { .deleted($0) } }
        let pairs = old.count * new.count <= maximumGapCells ? bestPairs(old, new) : pairsByAnchor(old, new)
        var rows: [DiffRow] = []
        var oldIndex = 0
        var newIndex = 0
        for (i, j) in pairs {
            while oldIndex < i {
                rows.append(.deleted(old[oldIndex]))
                oldIndex += 1
            }
            while newIndex < j {
                rows.append(.inserted(new[newIndex]))
                newIndex += 1
            }
            let pieces = WordDiff.diff(old[i].text, new[j].text)
            rows.append(
                WordDiff.isUnchanged(pieces) ? .unchanged(old: old[i], new: new[j]) : .changed(old: old[i], new: new[j], pieces: pieces))
            oldIndex = i + 1
            newIndex = j + 1
        }
        rows += old[oldIndex...].map { .deleted($0) }
        rows += new[newIndex...].map { .inserted($0) }
        return rows
    }

    /// The order-keeping pairing with the greatest total likeness (weighted longest common subsequence).
    private static func bestPairs(_ old: [DiffBlock], _ new: [DiffBlock]) -> [(Int, Int)] {
        let oldWords = old.map(wordCounts)
        let newWords = new.map(wordCounts)
        let n = old.count
        let m = new.count
        var score = [Double](repeating: 0, count: (n + 1) * (m + 1))
        var weight = [Double](repeating: -1, count: n * m)
        for i in 0..<n {
            for j in 0..<m where old[i].isHeading == new[j].isHeading {
                let alike = likeness(oldWords[i], newWords[j])
                let sameAnchor = old[i].id != nil && old[i].id == new[j].id
                if alike >= likeness || (sameAnchor && alike >= sameAnchorLikeness) {
                    weight[i * m + j] = alike + (sameAnchor ? 0.25 : 0)
                }
            }
        }
        for i in 1...n {
            for j in 1...m {
                var best = max(score[(i - 1) * (m + 1) + j], score[i * (m + 1) + j - 1])
                let w = weight[(i - 1) * m + j - 1]
                if w >= 0 { best = max(best, score[(i - 1) * (m + 1) + j - 1] + w) }
                score[i * (m + 1) + j] = best
            }
        }
        var pairs: [(Int, Int)] = []
        var i = n
        var j = m
        while i > 0, j > 0 {
            let here = score[i * (m + 1) + j]
            let w = weight[(i - 1) * m + j - 1]
            if w >= 0, here == score[(i - 1) * (m + 1) + j - 1] + w {
                pairs.append((i - 1, j - 1))
                i -= 1
                j -= 1
            } else if here == score[(i - 1) * (m + 1) + j] {
                i -= 1
            } else {
                j -= 1
            }
        }
        return pairs.reversed()
    }

    /// For very large gaps: blocks with the same anchor, in order.
    private static func pairsByAnchor(_ old: [DiffBlock], _ new: [DiffBlock]) -> [(Int, Int)] {
        var newIndexByID: [String: Int] = [:]
        for (index, block) in new.enumerated() { if let id = block.id { newIndexByID[id] = index } }
        var pairs: [(Int, Int)] = []
        var lastNew = -1
        for (i, block) in old.enumerated() {
            if let id = block.id, let j = newIndexByID[id], j > lastNew {
                pairs.append((i, j))
                lastNew = j
            }
        }
        return pairs
    }

    private static func wordCounts(_ block: DiffBlock) -> [String: Int] {
        var counts: [String: Int] = [:]
        for token in WordDiff.tokens(block.text) where token.first?.isLetter == true || token.first?.isNumber == true {
            counts[token.lowercased(), default: 0] += 1
        }
        return counts
    }

    /// Dice's coefficient over words: 1 for the same words, 0 for none in common.
    static func likeness(_ a: [String: Int], _ b: [String: Int]) -> Double {
        let total = a.values.reduce(0, +) + b.values.reduce(0, +)
        guard total > 0 else { return 1 }
        var common = 0
        for (word, count) in a { common += min(count, b[word] ?? 0) }
        return Double(2 * common) / Double(total)
    }
}
