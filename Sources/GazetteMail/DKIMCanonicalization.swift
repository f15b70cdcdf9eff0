import Crypto
import GazetteBytes

/// DKIM's canonical forms (RFC 6376 §3.4): what is hashed of a header field and of the body, so that
/// the small changes mail servers make in transit (refolding, trailing white space) do not break a
/// signature. Gazette signs `relaxed/relaxed`; `simple` is there for verifying other signers' mail.
public enum DKIMCanonicalization: String, Sendable, Equatable {
    case simple
    case relaxed

    // MARK: - Header fields

    /// The canonical form of one header field (its raw bytes, folding included, without the final
    /// line end), without a line end. Relaxed: the name in lowercase, no white space around the
    /// colon, the value unfolded, runs of spaces and tabs as one space, none at either end.
    public func header(_ field: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        switch self {
        case .simple: return Array(field)
        case .relaxed: return Self.relaxedHeader(field)
        }
    }

    static func relaxedHeader(_ field: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(field.count)
        var index = 0
        while index < field.count, field[index] != UInt8(ascii: ":") {
            let byte = field[index]
            if byte != 0x20, byte != 0x09, byte != 0x0D, byte != 0x0A {
                output.append((65...90).contains(byte) ? byte + 32 : byte)
            }
            index += 1
        }
        output.append(UInt8(ascii: ":"))
        index += 1
        var space = false
        var started = false
        while index < field.count {
            let byte = field[index]
            index += 1
            if byte == 0x0D || byte == 0x0A { continue }  // unfolding: the line break goes, its white space stays
            if byte == 0x20 || byte == 0x09 {
                space = true
                continue
            }
            if space, started { output.append(0x20) }
            space = false
            started = true
            output.append(byte)
        }
        return output
    }

    // MARK: - Body

    /// The SHA-256 of the canonical body, hashed as it is read: lines that are already canonical
    /// are hashed straight from `body`, in as few pieces as possible, so a digest body (short lines
    /// of quoted-printable, CRLF, no trailing white space) costs one pass of SHA-256 and one scan.
    public func bodyHash(_ body: UnsafeBufferPointer<UInt8>) -> SHA256.Digest {
        switch self {
        case .simple: return Self.simpleBodyHash(body)
        case .relaxed: return Self.relaxedBodyHash(body)
        }
    }

    public func bodyHash(_ body: [UInt8]) -> SHA256.Digest {
        body.withUnsafeBufferPointer { bodyHash($0) }
    }

    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Simple: the body as it is, without the empty lines at its end, ending in CRLF (an empty body is
    /// one CRLF).
    static func simpleBodyHash(_ body: UnsafeBufferPointer<UInt8>) -> SHA256.Digest {
        var end = body.count
        while end >= 2, body[end - 2] == 0x0D, body[end - 1] == 0x0A { end -= 2 }
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: body[0..<end])))
        // The CRLF that ended the last line was removed with the empty lines after it.
        hasher.update(data: crlf)
        return hasher.finalize()
    }

    /// The bytes of a word (eight bytes, the first in the low bits) the relaxed body scan must look
    /// at: tabs, line feeds, and spaces followed by a space, tab, CR or LF (or by the next word:
    /// the last byte's follower is not in this one). A byte marked by mistake is only looked at; none
    /// that matters is missed (`ByteScan.equal` marks every match).
    @inline(__always)
    static func relaxedCandidates(_ word: UInt64) -> UInt64 {
        let following = word >> 8
        let white =
            ByteScan.equal(following, 0x20) | ByteScan.equal(following, 0x09) | ByteScan.equal(following, 0x0D)
            | ByteScan.equal(following, 0x0A) | 0x8000_0000_0000_0000
        return ByteScan.equal(word, 0x09) | ByteScan.equal(word, 0x0A) | (ByteScan.equal(word, 0x20) & white)
    }

    /// Relaxed: per line, runs of spaces and tabs become one space and none is left at the end of
    /// the line; the empty lines at the end of the body go; every line ends in CRLF (a bare LF ends
    /// a line too). An empty body hashes as nothing (RFC 6376 errata 3192).
    static func relaxedBodyHash(_ body: UnsafeBufferPointer<UInt8>) -> SHA256.Digest {
        var hasher = SHA256()
        // body[runStart..<committed] is canonical and not yet hashed; body[committed..<line] holds
        // only empty CRLF lines, hashed only if more text follows. `pending`: empty lines owed
        // before the next text, from lines that were rewritten.
        var runStart = 0
        var committed = 0
        var pending = 0
        var line: [UInt8] = []
        func emitPending() {
            for _ in 0..<pending { hasher.update(data: crlf) }
            pending = 0
        }
        func flush(upTo end: Int) {
            if committed > runStart {
                emitPending()
                hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: body[runStart..<committed])))
            }
            pending += (end - committed) / 2
        }
        // Lines are read eight bytes at a time: only spaces, tabs and line feeds need a look (a
        // digest's lines are almost all canonical already, and hashed as they stand).
        let count = body.count
        var start = 0
        while start < count {
            var index = start
            var canonical = true
            var blank = true
            var previousSpace = false
            var newline = count
            while index < count {
                let next = ByteScan.nextCandidate(in: body, from: index, relaxedCandidates)
                // Bytes before `next` are text and single spaces followed by text (the scan skips
                // no tab, line feed or space before white space or a line end); in the last few
                // bytes of the body it returns `index` itself, and they are looked at one by one.
                if next > index {
                    // A CR just before the line feed ends the line; it is not text.
                    let textEnd = next < count && body[next] == 0x0A && body[next - 1] == 0x0D ? next - 1 : next
                    if textEnd > index {
                        blank = false
                        previousSpace = false
                    }
                    index = next
                    continue
                }
                guard index < count else { break }
                let byte = body[index]
                if byte == 0x0A {
                    newline = index
                    break
                } else if byte == 0x20 || byte == 0x09 {
                    // The whole run of white space, here: the scan marks only its first space.
                    var end = index + 1
                    while end < count, body[end] == 0x20 || body[end] == 0x09 { end += 1 }
                    if previousSpace || byte == 0x09 || end - index > 1 { canonical = false }  // a tab, or two or more
                    previousSpace = true
                    index = end
                    continue
                } else {
                    // In the tail, where bytes come one at a time.
                    if !(byte == 0x0D && index + 1 < count && body[index + 1] == 0x0A) {
                        blank = false
                        previousSpace = false
                    }
                }
                index += 1
            }
            let hasCRLF = newline < count && newline > start && body[newline - 1] == 0x0D
            let contentEnd = hasCRLF ? newline - 1 : newline
            let next = newline < count ? newline + 1 : count
            if !hasCRLF || previousSpace { canonical = false }  // a bare LF, no line end, or white space at the end
            if canonical {
                if !blank { committed = next }
            } else {
                flush(upTo: start)
                if blank {
                    pending += 1
                } else {
                    emitPending()
                    line.removeAll(keepingCapacity: true)
                    var space = false
                    for index in start..<contentEnd {
                        let byte = body[index]
                        if byte == 0x20 || byte == 0x09 {
                            space = true
                        } else {
                            if space { line.append(0x20) }
                            space = false
                            line.append(byte)
                        }
                    }
                    line.append(contentsOf: crlf)
                    hasher.update(data: line)
                }
                runStart = next
                committed = next
            }
            start = next
        }
        flush(upTo: count)
        return hasher.finalize()
    }
}
