import Foundation
import GazetteCore
import GazetteMail

/// One .eml file as written (and signed) by Gazette, read just before it is sent: its bytes, which go
/// out unchanged apart from the SMTP transparency rules, and from its header the envelope recipient
/// (the one address of `To:`) and the Message-ID, checked against the manifest's.
struct MessageFile: Sendable {
    let bytes: [UInt8]
    /// The address of `To:`, the envelope recipient (`RCPT TO`).
    let recipient: String
    /// Whether any byte is outside ASCII (then `BODY=8BITMIME` when the relay offers it).
    let hasEightBitBytes: Bool
    /// The moment of its `Date:` header, when it has one that reads.
    let date: Date?

    /// Why a file cannot be sent.
    enum Problem: Error, Equatable {
        /// The file is not there or cannot be read: may be passing (retried), reason in words.
        case unreadable(String)
        /// The file can never be sent as it is (failed), reason in words.
        case unusable(String)

        var text: String {
            switch self {
            case .unreadable(let text), .unusable(let text): return text
            }
        }
    }

    /// Reads `path` and checks its header; `messageID` is the manifest's.
    static func read(_ path: String, messageID: String) throws(Problem) -> MessageFile {
        guard let bytes = FileBytes.read(path) else {
            throw .unreadable("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return try MessageFile(bytes: bytes, messageID: messageID)
    }

    init(bytes: [UInt8], messageID: String) throws(Problem) {
        self.bytes = bytes
        // Only the three fields it needs, found on bytes (a digest's header has twenty fields, some
        // of them long; making each a String cost more than reading the file).
        let header = Self.fields(Self.wanted, in: bytes)
        guard let to = header[0] else {
            throw .unusable("the message has no To: header, so it has no recipient")
        }
        let mailboxes = Self.splitAddresses(to)
        guard mailboxes.count == 1, let mailbox = MailAddress.parse(mailboxes[0]) else {
            throw .unusable(
                mailboxes.count > 1
                    ? "its To: names \(mailboxes.count) addresses; Gazette sends one message per recipient"
                    : "its To: holds no valid address")
        }
        recipient = mailbox.address
        let fileID = header[1].map { $0.trimmingSpaces() }
        guard fileID == messageID else {
            throw .unusable(
                "its Message-ID \(fileID.map { OutboxFolder.quoted($0) } ?? "(none)") is not the manifest's \(messageID): the file was changed after the manifest was written"
            )
        }
        hasEightBitBytes = Self.hasEightBitBytes(bytes)
        date = header[2].flatMap { MessageDate.parse($0) }
    }

    /// The header fields a message is sent by: To (the recipient), Message-ID (checked against the
    /// manifest's), Date (held until then), as lowercase ASCII.
    static let wanted: [[UInt8]] = ["to", "message-id", "date"].map { Array($0.utf8) }

    /// The value of the first field of each name in `names` (lowercase ASCII), unfolded (a folded
    /// line continues the value, its line break left out); nil for a name the header lacks. Only the
    /// header block is read, and only the wanted values become strings.
    static func fields(_ names: [[UInt8]], in bytes: [UInt8]) -> [String?] {
        var values: [String?] = Array(repeating: nil, count: names.count)
        bytes.withUnsafeBufferPointer { bytes in
            var found: Int?
            var index = 0
            while index < bytes.count {
                let end = RawHeader.lineEnd(in: bytes, from: index)
                var lineEnd = end
                if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[index..<lineEnd])
                index = end + 1
                if line.isEmpty { break }
                if line[0] == 0x20 || line[0] == 0x09 {
                    // A folded line continues the field before it.
                    if let found { values[found]! += String(decoding: line, as: UTF8.self) }
                    continue
                }
                found = nil
                guard let colon = line.firstIndex(of: 0x3A) else { continue }
                for (number, name) in names.enumerated() where values[number] == nil && name.count == colon {
                    // ASCII case-insensitively (an upper-case letter is its lower case less 0x20).
                    var same = true
                    for offset in 0..<colon {
                        let byte = line[offset]
                        if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != name[offset] {
                            same = false
                            break
                        }
                    }
                    if same {
                        values[number] = String(decoding: UnsafeBufferPointer(rebasing: line[(colon + 1)...]), as: UTF8.self)
                        found = number
                        break
                    }
                }
            }
        }
        return values
    }

    /// Whether any byte is outside ASCII, eight bytes at a time.
    static func hasEightBitBytes(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return true }
                index += 1
            }
            return false
        }
    }

    /// The mailboxes of an address list: split at commas outside quotes, comments and angle brackets.
    static func splitAddresses(_ value: String) -> [String] {
        // One mailbox (no comma at all), as every message Gazette writes has.
        if !value.utf8.contains(0x2C) {
            let mailbox = value.trimmingSpaces()
            return mailbox.isEmpty ? [] : [mailbox]
        }
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var depth = 0
        var angle = false
        for character in value {
            if escaped {
                escaped = false
            } else if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if character == "<" {
                angle = true
            } else if character == ">" {
                angle = false
            } else if character == ",", depth == 0, !angle {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
