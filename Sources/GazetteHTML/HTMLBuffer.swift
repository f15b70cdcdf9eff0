/// Bytes of HTML being written: appending a string copies its UTF-8 bytes, with none of `String`'s
/// per-append bookkeeping (a 30 KB document is written in thousands of small pieces).
public struct HTMLBuffer: Sendable {
    /// (Set only through the appending methods and `HTMLEscaping`, which append to it in place.)
    public internal(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    public static func += (buffer: inout HTMLBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    public mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: run)
    }

    public func hasSuffix(_ byte: UInt8) -> Bool { bytes.last == byte }

    /// The HTML as text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
