/// Finding bytes eight at a time in UTF-8 text (bit tricks on a 64-bit word), for the HTML escaper
/// (`GazetteHTML`) and the quoted-printable encoder: most text has nothing to replace, and checking
/// a word at a time is several times faster than a byte at a time.
///
/// Little-endian only: a word is loaded from memory as is, so its lowest byte is the first byte of
/// text, and the first marked byte is found by counting trailing zero bits. On a big-endian machine
/// that would find the last candidate of the word instead; the build refuses such a target below,
/// and `ByteScanTests` checks the first candidate at every position of a word.
#if !_endian(little)
#error("ByteScan reads 64-bit words as little-endian (the first byte of text is the lowest): port nextCandidate to count leading zero bits")
#endif
public enum ByteScan {
    /// The high bit of each byte of `word` that equals `byte`. Only the lowest bit set is exact (a
    /// borrow can mark a byte above it): the bytes below it are not `byte`.
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & 0x8080_8080_8080_8080
    }

    /// The position of the first byte at or after `start` that `candidates` may mark, reading eight
    /// bytes at a time while eight remain; in the last few bytes, `start` itself (the caller checks
    /// those one by one). `bytes.count` when none is left.
    /// - Parameter candidates: marks (high bits, as `equal` does) the bytes of a word to look at.
    @inlinable @inline(__always)
    public static func nextCandidate(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ candidates: (UInt64) -> UInt64) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= bytes.count {
            let found = candidates(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if found != 0 { return index + found.trailingZeroBitCount >> 3 }
            index += 8
        }
        return index
    }
}
