import Foundation
import GazetteHTML

/// A Mustache template parsed once into a flat `Program` and rendered straight into bytes: Gazette's
/// only template renderer, for the site's pages and the digest's emails (tens of thousands a run).
///
/// It follows the Mustache spec for the parts Gazette's templates use (variables, `{{{ }}}`/`{{& }}`,
/// sections, inverted sections, comments, partials, standalone-line rules) and swift-mustache's
/// CONTENT_TYPE pragma; `MustacheSpecTests` holds it to the spec's cases, and tests hold it
/// byte-identical to swift-mustache (the reference, in GazetteTestSupport) on every sample page and
/// email. It reads typed `TemplateValue`s, so it needs no dynamic casts, and it is strict by
/// construction: a name that no context level has is reported with its template line.
public struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(path: [String], escaped: Bool, line: Int)
        case section(path: [String], inverted: Bool, body: [Node], line: Int)
        case partial(name: String, indentation: [UInt8], line: Int)
        case contentType(escapesHTML: Bool)
    }

    /// A template the compiler does not accept, with its line.
    public struct SyntaxError: Error, Equatable {
        public var line: Int
        public var message: String
    }

    /// The template as one flat program (see `Program`).
    let program: Program

    /// Compiles `text`: first into a tree of `Node`s (the parser's output), then into the flat
    /// `Program` that is rendered. Set delimiters, template inheritance and transforms are refused:
    /// Gazette's templates do not use them.
    public init(_ text: String) throws(SyntaxError) {
        var parser = Parser(bytes: Array(text.utf8))
        program = Program(try parser.parse(section: nil))
    }

    /// A missing name met while rendering: the name and the line of its tag.
    public struct Miss: Hashable, Sendable {
        public var name: String
        public var line: Int
        /// The template it was met in (a partial's name when it was in a partial).
        public var template: String
    }

    /// Renders with `value` as the root context, appending to `output`. Names no level has are added
    /// to `misses` (the output is then not to be used).
    func render(
        _ value: TemplateValue, into output: inout [UInt8], partials: [String: CompiledTemplate], name: String, misses: inout [Miss]
    ) {
        var renderer = Renderer(partials: partials, stack: [value], escapesHTML: true)
        renderer.render(program, template: name, into: &output)
        misses.append(contentsOf: renderer.misses)
    }
}

/// A compiled template as flat arrays: fixed-size instructions, one buffer for every text, one list
/// of name parts. A section's body is the instructions up to its `end`. Rendering walks these in
/// place, where a tree of enum nodes made the renderer copy (retain and release) every node, path and
/// body it met, tens of millions of times in a digest batch.
struct Program: Sendable {
    enum Code: UInt8, Sendable {
        case text, variable, section, invertedSection, partial, contentType
    }

    struct Instruction: Sendable {
        var code: Code
        /// variable: HTML-escaped (`{{ }}`); contentType: the content is HTML.
        var flag = false
        /// text: its bytes; partial: the indentation's bytes.
        var bytesStart: Int32 = 0
        var bytesCount: Int32 = 0
        /// variable, section: the name's parts in `names` (no part: `.`); partial: its name in `names`.
        var nameStart: Int32 = 0
        var nameCount: Int32 = 0
        /// section: the index after its body.
        var end: Int32 = 0
        var line: Int32 = 0
    }

    private(set) var instructions: [Instruction] = []
    private(set) var bytes: [UInt8] = []
    private(set) var names: [String] = []
    /// `TemplateMap.hash` of each name part, computed once.
    private(set) var nameHashes: [UInt64] = []

    init(_ nodes: [CompiledTemplate.Node]) {
        append(nodes)
        nameHashes = names.map(TemplateMap.hash)
    }

    private mutating func append(_ nodes: [CompiledTemplate.Node]) {
        for node in nodes {
            switch node {
            case .text(let text):
                var instruction = Instruction(code: .text)
                (instruction.bytesStart, instruction.bytesCount) = store(text)
                instructions.append(instruction)
            case .variable(let path, let escaped, let line):
                var instruction = Instruction(code: .variable, flag: escaped, line: Int32(clamping: line))
                (instruction.nameStart, instruction.nameCount) = store(path)
                instructions.append(instruction)
            case .section(let path, let inverted, let body, let line):
                var instruction = Instruction(code: inverted ? .invertedSection : .section, line: Int32(clamping: line))
                (instruction.nameStart, instruction.nameCount) = store(path)
                let index = instructions.count
                instructions.append(instruction)
                append(body)
                instructions[index].end = Int32(instructions.count)
            case .partial(let name, let indentation, let line):
                var instruction = Instruction(code: .partial, line: Int32(clamping: line))
                (instruction.nameStart, instruction.nameCount) = store([name])
                (instruction.bytesStart, instruction.bytesCount) = store(indentation)
                instructions.append(instruction)
            case .contentType(let escapesHTML):
                instructions.append(Instruction(code: .contentType, flag: escapesHTML))
            }
        }
    }

    private mutating func store(_ text: [UInt8]) -> (Int32, Int32) {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        return (start, Int32(text.count))
    }

    private mutating func store(_ path: [String]) -> (Int32, Int32) {
        let start = Int32(names.count)
        names.append(contentsOf: path)
        return (start, Int32(path.count))
    }
}

// MARK: - Rendering

private struct Renderer {
    let partials: [String: CompiledTemplate]
    var stack: [TemplateValue]
    var escapesHTML: Bool
    var misses: [CompiledTemplate.Miss] = []
    var depth = 0

    init(partials: [String: CompiledTemplate], stack: [TemplateValue], escapesHTML: Bool) {
        self.partials = partials
        self.stack = stack
        self.escapesHTML = escapesHTML
    }

    /// A program's arrays, read in place while it renders.
    struct View {
        let instructions: UnsafeBufferPointer<Program.Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let names: UnsafeBufferPointer<String>
        let nameHashes: UnsafeBufferPointer<UInt64>
        let template: String
    }

    mutating func render(_ program: Program, template: String, into out: inout [UInt8]) {
        program.instructions.withUnsafeBufferPointer { instructions in
            program.bytes.withUnsafeBufferPointer { bytes in
                program.names.withUnsafeBufferPointer { names in
                    program.nameHashes.withUnsafeBufferPointer { nameHashes in
                        let view = View(instructions: instructions, bytes: bytes, names: names, nameHashes: nameHashes, template: template)
                        render(view, from: 0, to: instructions.count, into: &out)
                    }
                }
            }
        }
    }

    /// Renders instructions `start..<end`. A content-type pragma lasts to the end of the section or
    /// partial it is in, as in swift-mustache.
    mutating func render(_ view: View, from start: Int, to end: Int, into out: inout [UInt8]) {
        let savedEscaping = escapesHTML
        defer { escapesHTML = savedEscaping }
        var index = start
        while index < end {
            let instruction = view.instructions[index]
            index += 1
            switch instruction.code {
            case .text:
                out.append(contentsOf: Self.slice(view.bytes, instruction.bytesStart, instruction.bytesCount))
            case .variable:
                guard let value = lookup(view, instruction) else { continue }
                let escaped = instruction.flag
                switch value {
                case .string(let text):
                    if escaped && escapesHTML {
                        HTMLEscaping.appendMustacheEscaped(text, to: &out)
                    } else {
                        out.append(contentsOf: text.utf8)
                    }
                case .bytes(let bytes):
                    if escaped && escapesHTML {
                        bytes.withUnsafeBufferPointer { HTMLEscaping.appendMustacheEscaped($0, to: &out) }
                    } else {
                        out.append(contentsOf: bytes)
                    }
                case .bool(let flag):
                    out.append(contentsOf: (flag ? "true" : "false").utf8)
                case .list, .map:
                    let text = String(describing: value.plain)
                    if escaped && escapesHTML {
                        HTMLEscaping.appendMustacheEscaped(text, to: &out)
                    } else {
                        out.append(contentsOf: text.utf8)
                    }
                }
            case .invertedSection:
                let bodyEnd = Int(instruction.end)
                let empty: Bool
                switch lookup(view, instruction) {
                case .none, .bool(false): empty = true
                case .list(let items): empty = items.isEmpty
                default: empty = false
                }
                if empty { render(view, from: index, to: bodyEnd, into: &out) }
                index = bodyEnd
            case .section:
                let bodyEnd = Int(instruction.end)
                switch lookup(view, instruction) {
                case .none, .bool(false):
                    break
                case .bool(true):
                    render(view, from: index, to: bodyEnd, into: &out)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(view, from: index, to: bodyEnd, into: &out)
                        stack.removeLast()
                    }
                case .some(let item):
                    stack.append(item)
                    render(view, from: index, to: bodyEnd, into: &out)
                    stack.removeLast()
                }
                index = bodyEnd
            case .partial:
                let name = view.names[Int(instruction.nameStart)]
                guard let partial = partials[name], depth < 64 else { continue }
                depth += 1
                if instruction.bytesCount == 0 {
                    render(partial.program, template: name, into: &out)
                } else {
                    // Indent every line the partial writes after the first (the first follows the
                    // indentation already written).
                    let indentation = Self.slice(view.bytes, instruction.bytesStart, instruction.bytesCount)
                    var inner: [UInt8] = []
                    render(partial.program, template: name, into: &inner)
                    for (position, byte) in inner.enumerated() {
                        out.append(byte)
                        if byte == 0x0A, position < inner.count - 1 { out.append(contentsOf: indentation) }
                    }
                }
                depth -= 1
            case .contentType:
                escapesHTML = instruction.flag
            }
        }
    }

    static func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int32, _ count: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + count)])
    }

    /// Resolves a dotted name: the first part through the context stack (innermost first), the rest
    /// inside what it found. A name that resolves nowhere is a miss.
    mutating func lookup(_ view: View, _ instruction: Program.Instruction) -> TemplateValue? {
        let count = Int(instruction.nameCount)
        if count == 0 { return stack.last }
        let first = Int(instruction.nameStart)
        let name = view.names[first]
        let hash = view.nameHashes[first]
        var found: TemplateValue?
        var level = stack.count - 1
        while level >= 0 {
            if case .map(let map) = stack[level], let child = map.value(forKey: name, hash: hash) {
                found = child
                break
            }
            level -= 1
        }
        guard var current = found else {
            misses.append(.init(name: name, line: Int(instruction.line), template: view.template))
            return nil
        }
        for part in first + 1..<first + count {
            guard case .map(let map) = current, let child = map.value(forKey: view.names[part], hash: view.nameHashes[part]) else {
                misses.append(.init(name: view.names[part], line: Int(instruction.line), template: view.template))
                return nil
            }
            current = child
        }
        return current
    }
}

// MARK: - Parsing

/// Parses template bytes the way swift-mustache does: text line by line, tags, and standalone lines
/// (a section, comment, partial or pragma tag alone on its line takes the whole line with it).
private struct Parser {
    let bytes: [UInt8]
    var position = 0
    var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position >= bytes.count }

    func error(_ message: String) -> CompiledTemplate.SyntaxError {
        CompiledTemplate.SyntaxError(line: line, message: message)
    }

    func startsWith(_ text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in (0..<count).allSatisfy { bytes[index + $0] == pattern[$0] } }
    }

    /// Parses up to the end of `section` (or of the text). `newLine`: whether parsing starts at the
    /// start of a line (a section whose tag was standalone starts on the next line).
    mutating func parse(section: (name: String, line: Int)?, newLine startsOnNewLine: Bool = true) throws(CompiledTemplate.SyntaxError)
        -> [CompiledTemplate.Node]
    {
        var nodes: [CompiledTemplate.Node] = []
        var newLine = startsOnNewLine
        var whitespace: [UInt8] = []
        while !atEnd {
            if newLine {
                whitespace = []
                while !atEnd, bytes[position] == 0x20 || bytes[position] == 0x09 {
                    whitespace.append(bytes[position])
                    position += 1
                }
            }
            // Text up to a tag or the end of the line.
            var text: [UInt8] = []
            var foundTag = false
            while !atEnd {
                let byte = bytes[position]
                if byte == 0x0A { break }
                if byte == 0x7B, startsWith("{{", at: position) {
                    foundTag = true
                    break
                }
                text.append(byte)
                position += 1
            }
            if !atEnd, bytes[position] == 0x0A {
                nodes.append(.text(whitespace + text + [0x0A]))
                whitespace = []
                position += 1
                line += 1
                newLine = true
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespace + text))
                whitespace = []
                newLine = false
            }
            guard foundTag else { break }
            position += 2
            let tagLine = line
            var standalone = false
            let kind: UInt8 = atEnd ? 0 : bytes[position]
            switch kind {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let name = try readName()
                standalone = newLine && lineFinished()
                if !standalone, !whitespace.isEmpty {
                    nodes.append(.text(whitespace))
                    whitespace = []
                }
                var body = Parser(bytes: bytes)
                body.position = position
                body.line = line
                let children = try body.parse(section: (name, tagLine), newLine: standalone)
                position = body.position
                line = body.line
                nodes.append(.section(path: Self.path(name), inverted: kind == UInt8(ascii: "^"), body: children, line: tagLine))
            case UInt8(ascii: "/"):
                position += 1
                let name = try readName()
                guard let section, name == section.name else {
                    throw error(
                        section.map { "{{/\(name)}} closes a section opened as {{#\($0.name)}} on line \($0.line)" }
                            ?? "{{/\(name)}} closes a section that was never opened")
                }
                standalone = newLine && lineFinished()
                if !standalone, !whitespace.isEmpty { nodes.append(.text(whitespace)) }
                return nodes
            case UInt8(ascii: "!"):
                while !atEnd, !startsWith("}}", at: position) {
                    if bytes[position] == 0x0A { line += 1 }
                    position += 1
                }
                guard !atEnd else { throw error("a comment is not closed with }}") }
                position += 2
                standalone = newLine && lineFinished()
            case UInt8(ascii: "{"):
                if !whitespace.isEmpty {
                    nodes.append(.text(whitespace))
                    whitespace = []
                }
                position += 1
                let name = try readName()
                guard !atEnd, bytes[position] == UInt8(ascii: "}") else { throw error("{{{\(name)}} needs a third }") }
                position += 1
                nodes.append(.variable(path: Self.path(name), escaped: false, line: tagLine))
            case UInt8(ascii: "&"):
                if !whitespace.isEmpty {
                    nodes.append(.text(whitespace))
                    whitespace = []
                }
                position += 1
                let name = try readName()
                nodes.append(.variable(path: Self.path(name), escaped: false, line: tagLine))
            case UInt8(ascii: ">"):
                position += 1
                let name = try readName(allowSlash: true)
                if !whitespace.isEmpty { nodes.append(.text(whitespace)) }
                standalone = newLine && lineFinished()
                nodes.append(.partial(name: name, indentation: standalone ? whitespace : [], line: tagLine))
                whitespace = []
            case UInt8(ascii: "%"):
                position += 1
                let pragma = try readRaw()
                let parts = pragma.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0] == "CONTENT_TYPE", parts[1] == "TEXT" || parts[1] == "HTML" else {
                    throw error("unknown pragma {{%\(pragma)}}: only CONTENT_TYPE: TEXT or HTML")
                }
                nodes.append(.contentType(escapesHTML: parts[1] == "HTML"))
                standalone = newLine && lineFinished()
            case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"):
                throw error("set delimiters and template inheritance are not supported in Gazette templates")
            default:
                if !whitespace.isEmpty {
                    nodes.append(.text(whitespace))
                    whitespace = []
                }
                let name = try readName()
                nodes.append(.variable(path: Self.path(name), escaped: true, line: tagLine))
            }
            newLine = standalone
        }
        if let section {
            throw CompiledTemplate.SyntaxError(line: section.line, message: "a section is opened but never closed: {{#\(section.name)}}")
        }
        return nodes
    }

    /// Reads a tag name up to `}}`: letters, digits and `. - _ ? *`.
    mutating func readName(allowSlash: Bool = false) throws(CompiledTemplate.SyntaxError) -> String {
        let raw = try readRaw()
        let name = raw.trimmingCharacters(in: .whitespaces)
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*" + (allowSlash ? "/" : ""))
        guard !name.isEmpty, name.allSatisfy({ allowed.contains($0) }) else {
            if name.contains("(") { throw error("transforms such as \(name) are not supported in Gazette templates") }
            throw error("\"\(name)\" is not a tag name: use letters, digits, ., -, _")
        }
        return name
    }

    /// The raw text of a tag up to its closing `}}`.
    mutating func readRaw() throws(CompiledTemplate.SyntaxError) -> String {
        let start = position
        while !atEnd, !startsWith("}}", at: position) {
            if bytes[position] == 0x0A { throw error("a tag is not finished (missing }})") }
            position += 1
        }
        guard !atEnd else { throw error("a tag is not finished (missing }})") }
        let raw = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 2
        return raw
    }

    /// Whether only spaces and tabs follow up to the end of the line; if so they and the line break
    /// are consumed.
    mutating func lineFinished() -> Bool {
        var index = position
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        if index >= bytes.count {
            position = index
            return true
        }
        if bytes[index] == 0x0A {
            position = index + 1
            line += 1
            return true
        }
        if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
            position = index + 2
            line += 1
            return true
        }
        return false
    }

    static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".").map(String.init)
    }
}
