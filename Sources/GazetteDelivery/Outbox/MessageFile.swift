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
        let header = Self.headerFields(bytes)
        guard let to = header.first(where: { $0.name == "to" })?.value else {
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
        let fileID = header.first(where: { $0.name == "message-id" })?.value.trimmingCharacters(in: .whitespaces)
        guard fileID == messageID else {
            throw .unusable(
                "its Message-ID \(fileID.map { OutboxFolder.quoted($0) } ?? "(none)") is not the manifest's \(messageID): the file was changed after the manifest was written"
            )
        }
        hasEightBitBytes = bytes.contains { $0 >= 0x80 }
        date = header.first(where: { $0.name == "date" }).flatMap { MessageDate.parse($0.value) }
    }

    /// The header's fields, names lowercased, values unfolded; only the header block is read.
    static func headerFields(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = bytes[index..<lineEnd]
            index = end + 1
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 {
                // A folded line continues the field before it.
                if !fields.isEmpty { fields[fields.count - 1].value += String(decoding: line, as: UTF8.self) }
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            fields.append((name, String(decoding: line[(colon + 1)...], as: UTF8.self)))
        }
        return fields
    }

    /// The mailboxes of an address list: split at commas outside quotes, comments and angle brackets.
    static func splitAddresses(_ value: String) -> [String] {
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
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
