/// An RFC 4180 CSV reader over bytes that knows the line every record starts on.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; line ends are CRLF or LF; a UTF-8
/// byte-order mark is skipped; blank lines are ignored. A record with broken quoting or invalid UTF-8
/// is still returned, with its problem, so that a caller can report every bad record with its line and
/// go on with the others. (Why our own reader and not a package: see docs/digest.md.)
public struct CSVReader {
    /// One record: its fields, the line it starts on, and what is wrong with it, if anything.
    public struct Record: Equatable, Sendable {
        public var fields: [String]
        /// 1-based line of the record's first character.
        public var line: Int
        /// Broken quoting or invalid UTF-8; nil for a good record.
        public var problem: String?

        public init(fields: [String], line: Int, problem: String? = nil) {
            self.fields = fields
            self.line = line
            self.problem = problem
        }
    }

    private let bytes: [UInt8]
    private var index: Int
    private var line = 1

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Every record of `bytes`, in order (the header row is the first).
    public static func records(_ bytes: [UInt8]) -> [Record] {
        var reader = CSVReader(bytes)
        var result: [Record] = []
        while let record = reader.next() { result.append(record) }
        return result
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// The next record, or nil at the end of the input.
    public mutating func next() -> Record? {
        // Blank lines between records carry no data.
        while index < bytes.count, bytes[index] == Self.lf || bytes[index] == Self.cr {
            consumeLineEnd()
        }
        guard index < bytes.count else { return nil }
        let start = line
        var fields: [String] = []
        var problem: String?
        var field: [UInt8] = []
        while true {
            field.removeAll(keepingCapacity: true)
            let fieldLine = line
            // An unquoted field is read in place: its bytes become a String without a copy in between.
            if index >= bytes.count || bytes[index] != Self.quote {
                let fieldStart = index
                var high: UInt8 = 0
                while index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                    if bytes[index] == Self.quote {
                        problem =
                            problem
                            ?? "a quote inside unquoted field \(fields.count + 1): put the whole field in quotes and double the quote (\"\")"
                    }
                    high |= bytes[index]
                    index += 1
                }
                if let text = Self.text(bytes, fieldStart..<index, ascii: high < 0x80) {
                    fields.append(text)
                } else {
                    problem = problem ?? "field \(fields.count + 1) is not valid UTF-8: save the file as UTF-8"
                    fields.append(String(decoding: bytes[fieldStart..<index], as: UTF8.self))
                }
            } else {
                // A quoted field: doubled quotes and line breaks inside, copied byte by byte.
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == Self.quote {
                        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                            field.append(Self.quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == Self.lf { line += 1 }
                    field.append(byte)
                    index += 1
                }
                if !closed {
                    problem = problem ?? "a quoted field that starts on line \(fieldLine) is never closed: add the closing quote (\")"
                } else if index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                    problem =
                        problem
                        ?? "text after the closing quote of field \(fields.count + 1): put the whole field in quotes and double any quote inside it (\"\")"
                    while index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                        field.append(bytes[index])
                        index += 1
                    }
                }
                if let text = String(validating: field, as: UTF8.self) {
                    fields.append(text)
                } else {
                    problem = problem ?? "field \(fields.count + 1) is not valid UTF-8: save the file as UTF-8"
                    fields.append(String(decoding: field, as: UTF8.self))
                }
            }
            if index < bytes.count, bytes[index] == Self.comma {
                index += 1
                continue
            }
            if index < bytes.count { consumeLineEnd() }
            return Record(fields: fields, line: start, problem: problem)
        }
    }

    /// The text of `bytes[range]`: ASCII taken as it is, anything else validated as UTF-8 (nil if invalid).
    private static func text(_ bytes: [UInt8], _ range: Range<Int>, ascii: Bool) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            return ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
        }
    }

    /// Steps over CRLF, LF or a lone CR.
    private mutating func consumeLineEnd() {
        if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.lf { index += 1 }
        index += 1
        line += 1
    }
}
