import Glibc

/// The header block of a message as written: each field's name and the byte range of the whole
/// field (name, colon, value and folding, without the final line end), and where the body starts.
///
/// DKIM works on the bytes as sent, so signing and verifying read fields here rather than through
/// `ReadMessage`, which unfolds and decodes them for people.
public struct RawHeader: Sendable {
    public struct Field: Sendable, Equatable {
        /// The name as written (`List-Unsubscribe`).
        public var name: String
        /// The name in lowercase ASCII, for comparing (`list-unsubscribe`).
        public var lowercasedName: String
        /// The whole field in the message's bytes, folding included, final CRLF (or LF) excluded.
        public var range: Range<Int>
        /// Where the value starts (after the colon).
        public var valueStart: Int
    }

    public var fields: [Field]
    /// The first byte of the body: after the empty line, or the end of the message when there is none.
    public var bodyStart: Int

    /// Splits `bytes` into header fields and body. A line that is neither a field nor a folded
    /// continuation ends the header block there (as mail software does); a message without the empty
    /// line is all header.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var fields: [Field] = []
        var index = 0
        let count = bytes.count
        bodyStart = count
        while index < count {
            let lineEnd = Self.lineEnd(in: bytes, from: index)
            let contentEnd = lineEnd > index && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            let next = lineEnd < count ? lineEnd + 1 : count
            if contentEnd == index {
                bodyStart = next
                break
            }
            let first = bytes[index]
            if first == 0x20 || first == 0x09 {
                if !fields.isEmpty {
                    fields[fields.count - 1].range = fields[fields.count - 1].range.lowerBound..<contentEnd
                }
            } else if let colon = Self.colon(in: bytes, from: index, to: contentEnd) {
                // The name ends before any white space preceding the colon (`Subject :` is obsolete syntax).
                var nameEnd = colon
                while nameEnd > index, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                let raw = UnsafeBufferPointer(rebasing: bytes[index..<nameEnd])
                fields.append(
                    Field(
                        name: String(decoding: raw, as: UTF8.self), lowercasedName: Self.lowercased(raw), range: index..<contentEnd,
                        valueStart: colon + 1))
            } else {
                bodyStart = index
                break
            }
            index = next
        }
        self.fields = fields
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { RawHeader($0) }
    }

    /// The fields named `name` (any case), top to bottom.
    public func fields(named name: String) -> [Field] {
        let lowered = Self.lowercased(name)
        return fields.filter { $0.lowercasedName == lowered }
    }

    /// A field's value as written, unfolded (line ends removed), without the white space around it.
    public static func value(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var value: [UInt8] = []
        value.reserveCapacity(field.range.upperBound - field.valueStart)
        for index in field.valueStart..<field.range.upperBound where bytes[index] != 0x0D && bytes[index] != 0x0A {
            value.append(bytes[index])
        }
        while let first = value.first, first == 0x20 || first == 0x09 { value.removeFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
        return String(decoding: value, as: UTF8.self)
    }

    /// The position of the next LF at or after `start`, or `bytes.count`.
    @inline(__always)
    package static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The first colon of a field line, when what comes before it is a field name (printable ASCII
    /// without spaces, possibly followed by white space).
    static func colon(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        var sawSpace = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return index > start ? index : nil }
            if byte == 0x20 || byte == 0x09 {
                sawSpace = true
            } else if sawSpace || byte < 0x21 || byte > 0x7E {
                return nil
            }
            index += 1
        }
        return nil
    }

    static func lowercased(_ name: String) -> String {
        var name = name
        return name.withUTF8 { lowercased($0) }
    }

    /// ASCII letters in lowercase, written straight into the new string (every field of every
    /// message the batch checks has its name lowercased).
    package static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            for (index, byte) in bytes.enumerated() { output[index] = (65...90).contains(byte) ? byte + 32 : byte }
            return bytes.count
        }
    }
}
