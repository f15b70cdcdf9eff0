import Foundation
import Mustache

/// The Mustache templates of a run, loaded once, rendered strictly.
///
/// swift-mustache renders a missing key as empty text and a missing partial as nothing. Here both are
/// errors that name the template and the line, so a typo in a template fails the build instead of
/// publishing an empty page or sending an empty email.
public struct TemplateSet: @unchecked Sendable {
    /// The folder the templates came from, as the user named it.
    public let directory: String
    private let library: MustacheLibrary
    private let sources: [String: String]
    /// The same templates compiled for `render(_:_:into:)`; a template the compiler refuses keeps its
    /// error, reported only when it is rendered that way.
    private let compiled: [String: Result<CompiledTemplate, CompiledTemplate.SyntaxError>]
    /// The templates that compiled, for partials.
    private let compiledPartials: [String: CompiledTemplate]
    /// Hidden templates and folders that were left out (`warning: path: message`).
    public let warnings: [InputProblem]

    /// Loads every `*.mustache` file below `directory`; a template is named by its path without the
    /// extension (`site/layout`). Fails when a template does not parse, a partial it names does not exist,
    /// or a template in `required` is missing.
    public static func load(from directory: String, required: [String]) throws(InputError) -> TemplateSet {
        var problems = ProblemList()
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let listing = FileTree.listing(below: base, withSuffix: ".mustache") else {
            throw InputError(InputProblem(path: base, "templates folder not found: pass --templates with the folder that holds the .mustache files"))
        }
        // Links are not followed (nothing outside the folder is read): a linked template is a problem.
        for oddity in listing.oddities {
            let message = oddity.message(what: "template", suffix: ".mustache")
            if oddity.isError { problems.add(base + "/" + oddity.path, message) } else { problems.warn(base + "/" + oddity.path, message) }
        }
        let files = listing.files
        for relative in files {
            let path = base + "/" + relative
            let name = String(relative.dropLast(".mustache".count))
            guard case .success(let data) = FileBytes.read(path, atMost: nil, followingLinks: false) else {
                problems.add(path, "cannot read the template")
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                problems.add(path, line: TextFile.invalidUTF8Line(data), "the template is not valid UTF-8: save it as UTF-8")
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                sources[name] = text
            } catch let error as MustacheTemplate.ParserError {
                problems.add(path, line: error.context.lineNumber,
                    "template syntax: \(Self.describe(error.error)) near \"\(error.context.line.trimmingCharacters(in: .whitespaces))\"")
            } catch {
                problems.add(path, "template syntax: \(error)")
            }
        }
        // A template that is there but broken has its own problem above; only an absent one is "not found".
        let present = Set(files.map { String($0.dropLast(".mustache".count)) })
        for name in required where !present.contains(name) {
            problems.add(base + "/" + name + ".mustache", "template not found: Gazette needs it; restore it from the repository")
        }
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            // A partial that is there but broken has its own problem above, as for a required template.
            for reference in Self.partialReferences(in: text) where !present.contains(reference.name) {
                problems.add(base + "/" + name + ".mustache", line: reference.line,
                    "partial \"\(reference.name)\" not found: no file \(base)/\(reference.name).mustache")
            }
        }
        try problems.check()
        var compiled: [String: Result<CompiledTemplate, CompiledTemplate.SyntaxError>] = [:]
        for (name, text) in sources {
            do {
                compiled[name] = .success(try CompiledTemplate(text))
            } catch {
                compiled[name] = .failure(error)
            }
        }
        return TemplateSet(
            directory: base, library: library, sources: sources, compiled: compiled,
            compiledPartials: compiled.compactMapValues { try? $0.get() }, warnings: problems.warnings)
    }

    /// The names of the loaded templates, sorted.
    public var names: [String] { sources.keys.sorted() }

    public func contains(_ name: String) -> Bool { sources[name] != nil }

    /// Which renderer `render(_:_:)` uses.
    public enum Engine: Sendable {
        /// `CompiledTemplate`: typed values, no dynamic casts (the default; tests hold it
        /// byte-identical to the reference).
        case compiled
        /// swift-mustache itself, the reference implementation.
        case reference
    }

    /// The renderer of `render(_:_:)`.
    public var engine: Engine = .compiled

    /// Renders template `name` with `values`. Every name a tag asks for must have a value: use `false`,
    /// `""` or `[]` for "nothing", never leave a key out. Throws naming the template, line and key.
    public func render(_ name: String, _ values: [String: Any]) throws(InputError) -> String {
        switch engine {
        case .compiled:
            var output: [UInt8] = []
            output.reserveCapacity(8192)
            try render(name, TemplateValue(plain: values), into: &output)
            return String(decoding: output, as: UTF8.self)
        case .reference:
            return try renderWithSwiftMustache(name, values)
        }
    }

    /// Renders like `render(_:_:)`, into UTF-8 bytes (pages are written as bytes: no round trip
    /// through `String`).
    public func renderBytes(_ name: String, _ values: [String: Any]) throws(InputError) -> [UInt8] {
        switch engine {
        case .compiled:
            var output: [UInt8] = []
            output.reserveCapacity(16_384)
            try render(name, TemplateValue(plain: values), into: &output)
            return output
        case .reference:
            return Array(try renderWithSwiftMustache(name, values).utf8)
        }
    }

    /// Renders with swift-mustache, strictly: the reference the compiled renderer is tested against.
    public func renderWithSwiftMustache(_ name: String, _ values: [String: Any]) throws(InputError) -> String {
        guard sources[name] != nil else {
            throw InputError(InputProblem(path: path(of: name), "template not found"))
        }
        let misses = MissRecorder()
        let root = StrictContext(values: values, misses: misses)
        let output = library.render(root, withTemplate: name) ?? ""
        if !misses.names.isEmpty {
            throw InputError(misses.names.sorted().map { problem(missing: $0, renderingFrom: name) })
        }
        return output
    }

    /// Renders template `name` with typed values straight into bytes (the fast path: no dynamic casts,
    /// no intermediate strings). Output equals `render(_:_:)`'s for the same values; a name no context
    /// level has is an error naming the template and line, as there.
    public func render(_ name: String, _ value: TemplateValue, into output: inout [UInt8]) throws(InputError) {
        guard let entry = compiled[name] else {
            throw InputError(InputProblem(path: path(of: name), "template not found"))
        }
        let template: CompiledTemplate
        switch entry {
        case .success(let compiledTemplate): template = compiledTemplate
        case .failure(let error): throw InputError(InputProblem(path: path(of: name), line: error.line, "template syntax: \(error.message)"))
        }
        var misses: [CompiledTemplate.Miss] = []
        template.render(value, into: &output, partials: compiledPartials, name: name, misses: &misses)
        if !misses.isEmpty {
            throw InputError(misses.map {
                InputProblem(path: path(of: $0.template), line: $0.line,
                    "no value named \"\($0.name)\" when rendering \(name): check the spelling of the tag")
            })
        }
    }

    /// The file a template was loaded from.
    public func path(of name: String) -> String { directory + "/" + name + ".mustache" }

    // MARK: - Reporting

    private func problem(missing key: String, renderingFrom name: String) -> InputProblem {
        // Look for the tag in the template and the partials it uses, to point at a line.
        var seen: Set<String> = []
        var queue = [name]
        while let current = queue.popLast() {
            guard seen.insert(current).inserted, let text = sources[current] else { continue }
            if let line = Self.line(ofTagNamed: key, in: text) {
                return InputProblem(path: path(of: current), line: line,
                    "no value named \"\(key)\" when rendering \(name): check the spelling of the tag")
            }
            queue.append(contentsOf: Self.partialReferences(in: text).map(\.name))
        }
        return InputProblem(path: path(of: name), "no value named \"\(key)\": check the spelling of the tag")
    }

    /// Every `{{…}}` tag of `text` (what is between the braces) with its 1-based line, in order.
    static func tags(in text: String) -> [(tag: Substring, line: Int)] {
        var result: [(Substring, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let close = rest.range(of: "}}") else { break }
                result.append((rest[..<close.lowerBound], index + 1))
                rest = rest[close.upperBound...]
            }
        }
        return result
    }

    static func line(ofTagNamed key: String, in text: String) -> Int? {
        tags(in: text).first { tag, _ in
            let name = tag.trimmingCharacters(in: CharacterSet(charactersIn: "{}#^/&! \t"))
            return name == key || name.hasPrefix(key + ".") || name.hasSuffix("." + key) || name.contains("." + key + ".")
        }?.line
    }

    static func partialReferences(in text: String) -> [(name: String, line: Int)] {
        tags(in: text).compactMap { tag, line in
            let tag = tag.trimmingCharacters(in: .whitespaces)
            guard let first = tag.first, first == ">" || first == "<" else { return nil }
            let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
            return !name.isEmpty && !name.hasPrefix("*") ? (name, line) : nil
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: return "a tag is not finished (missing }})"
        case MustacheTemplate.Error.expectedSectionEnd: return "a section is opened but never closed"
        case MustacheTemplate.Error.invalidSetDelimiter: return "a set-delimiter tag is malformed"
        default: return "\(error)"
        }
    }
}

/// Records the names no context level could resolve (shared by one render).
final class MissRecorder {
    var names: Set<String> = []
}

/// The bottom of the Mustache context stack: a name reaches it only when no level above had it, so a
/// miss here is a real miss.
struct StrictContext: MustacheParent {
    let values: [String: Any]
    let misses: MissRecorder

    func child(named name: String) -> Any? {
        if let value = values[name] {
            return StrictContext.wrap(value, root: self)
        }
        misses.names.insert(name)
        return nil
    }

    static func wrap(_ value: Any, root: StrictContext) -> Any {
        switch value {
        case let text as String: return RenderedText(text: text)
        case let typed as TemplateValue: return wrap(typed.plain, root: root)
        case let map as [String: Any]: return StrictRecord(values: map, root: root)
        case let list as [Any]: return list.map(PlainRecord.wrap)
        default: return value
        }
    }
}

/// A mapping reached by a dotted name (`t.site.contents`): a name it lacks is a miss unless the root
/// has it (the record may also sit on the stack as a section, where outer names are looked up through it).
struct StrictRecord: MustacheParent {
    let values: [String: Any]
    let root: StrictContext

    func child(named name: String) -> Any? {
        if let value = values[name] { return StrictContext.wrap(value, root: root) }
        if root.values[name] == nil { root.misses.names.insert(name) }
        return nil
    }
}

/// An item of a list: looked up like a plain mapping (a name it lacks is looked up further out), its
/// values wrapped like the root's.
struct PlainRecord: MustacheParent {
    let values: [String: Any]

    func child(named name: String) -> Any? {
        values[name].map(PlainRecord.wrap)
    }

    static func wrap(_ value: Any) -> Any {
        switch value {
        case let text as String: return RenderedText(text: text)
        case let typed as TemplateValue: return wrap(typed.plain)
        case let map as [String: Any]: return PlainRecord(values: map)
        case let list as [Any]: return list.map(PlainRecord.wrap)
        default: return value
        }
    }
}

/// Text handed to swift-mustache as itself: it renders a plain `String` through `String(describing:)`,
/// which copies it character by character (a page body of 60 KB, twice per page).
struct RenderedText: MustacheCustomRenderable {
    let text: String
    var renderText: String { text }
    var isNull: Bool { false }
}
