import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A message's bytes as the content of an SMTP DATA command (RFC 5321 4.5.2 and 2.3.8): every line
/// ends in CRLF (a bare LF or a bare CR becomes one), a line that starts with "." gets a second one,
/// and the end of the data is CRLF "." CRLF. Gazette writes its files with CRLF already, so for them
/// only the dots change; a file that does not end with a line end gets one.
enum SMTPData {
    /// Appends the DATA content of `message` (the terminating "." line included) to `buffer`.
    ///
    /// Lines are found with `memchr`, and the bytes between the changes (a dot to double) are copied
    /// in one piece: for a file of CRLF lines that is one copy, where a byte-by-byte loop took a
    /// twentieth of `gazette send`'s time. A bare CR or LF (never in Gazette's files) sends the rest
    /// of the message through the byte-by-byte loop, which mends them.
    static func encode(_ message: [UInt8], into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: message.count + message.count / 64 + 5)
        message.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let count = raw.count
            // Bytes from `copied` up to the line being looked at go out as they are.
            var copied = 0
            var lineStart = 0
            while lineStart < count {
                let end = memchr(base + lineStart, 0x0A, count - lineStart).map { UnsafeRawPointer($0) - base } ?? count
                let crlf = end < count && end > lineStart && raw[end - 1] == 0x0D
                let contentEnd = crlf ? end - 1 : end
                guard end < count ? crlf : true, memchr(base + lineStart, 0x0D, contentEnd - lineStart) == nil else {
                    // A bare LF or CR in this line.
                    write(raw, copied..<lineStart, into: &buffer)
                    encodeByteByByte(raw, from: lineStart, into: &buffer)
                    return
                }
                if raw[lineStart] == 0x2E {
                    write(raw, copied..<lineStart, into: &buffer)
                    buffer.writeInteger(UInt8(0x2E))
                    copied = lineStart
                }
                if end == count {
                    // The last line has no line end: it gets one.
                    write(raw, copied..<count, into: &buffer)
                    buffer.writeInteger(UInt16(0x0D0A))
                    copied = count
                }
                lineStart = end + 1
            }
            write(raw, copied..<min(lineStart, count), into: &buffer)
        }
        buffer.writeStaticString(".\r\n")
    }

    private static func write(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, into buffer: inout ByteBuffer) {
        guard !range.isEmpty else { return }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[range]))
    }

    /// From the start of a line at `start` to the end: every CR, LF or CRLF becomes CRLF, dots at the
    /// start of a line are doubled, and a last line without an end gets one.
    private static func encodeByteByByte(_ bytes: UnsafeRawBufferPointer, from start: Int, into buffer: inout ByteBuffer) {
        let count = bytes.count
        var index = start
        var lineStart = true
        while index < count {
            if lineStart, bytes[index] == 0x2E { buffer.writeInteger(UInt8(0x2E)) }
            lineStart = false
            // The run of bytes up to the next CR or LF goes out as it is.
            var end = index
            while end < count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            write(bytes, index..<end, into: &buffer)
            guard end < count else { break }
            buffer.writeInteger(UInt16(0x0D0A))
            lineStart = true
            index = bytes[end] == 0x0D && end + 1 < count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
        }
        if !lineStart { buffer.writeInteger(UInt16(0x0D0A)) }
    }

    /// The DATA content made by the byte-by-byte loop alone (the tests hold `encode` to it).
    static func encodeByteByByte(_ message: [UInt8]) -> [UInt8] {
        bytes(reserving: message.count) { buffer in
            message.withUnsafeBytes { encodeByteByByte($0, from: 0, into: &buffer) }
            buffer.writeStaticString(".\r\n")
        }
    }

    /// The DATA content as an array (for tests and the size check).
    static func encode(_ message: [UInt8]) -> [UInt8] {
        bytes(reserving: message.count) { encode(message, into: &$0) }
    }

    /// What `fill` writes into a new buffer, as an array.
    private static func bytes(reserving count: Int, _ fill: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: count + 16)
        fill(&buffer)
        return Array(buffer.readableBytesView)
    }
}
