import NIOCore

/// A message's bytes as the content of an SMTP DATA command (RFC 5321 4.5.2 and 2.3.8): every line
/// ends in CRLF (a bare LF or a bare CR becomes one), a line that starts with "." gets a second one,
/// and the end of the data is CRLF "." CRLF. Gazette writes its files with CRLF already, so for them
/// only the dots change; a file that does not end with a line end gets one.
enum SMTPData {
    /// Appends the DATA content of `message` (the terminating "." line included) to `buffer`.
    static func encode(_ message: [UInt8], into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: message.count + message.count / 64 + 5)
        message.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            var lineStart = true
            while index < count {
                if lineStart, bytes[index] == 0x2E { buffer.writeInteger(UInt8(0x2E)) }
                lineStart = false
                // The run of bytes up to the next CR or LF goes out as it is.
                var end = index
                while end < count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                if end > index { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index..<end]))) }
                guard end < count else {
                    index = end
                    break
                }
                buffer.writeInteger(UInt16(0x0D0A))
                lineStart = true
                index = bytes[end] == 0x0D && end + 1 < count && bytes[end + 1] == 0x0A ? end + 2 : end + 1
            }
            if !lineStart { buffer.writeInteger(UInt16(0x0D0A)) }
        }
        buffer.writeStaticString(".\r\n")
    }

    /// The DATA content as an array (for tests and the size check).
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: message.count + 16)
        encode(message, into: &buffer)
        return Array(buffer.readableBytesView)
    }
}
