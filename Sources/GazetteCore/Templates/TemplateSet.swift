import Foundation

/// The Mustache templates of a run, loaded and compiled once, rendered strictly by `CompiledTemplate`
/// (the only renderer Gazette has).
///
/// A plain Mustache renderer renders a missing key as empty text and a missing partial as nothing.
/// Here both are errors that name the template and the line, so a typo in a template fails the build
/// instead of publishing an empty page or sending an empty email.
public struct TemplateSet: Sendable {
    /// The folder the templates came from, as the user named it.
    public let directory: String
    private let sources: [String: String]
    private let compiled: [String: CompiledTemplate]
    /// Hidden templates and folders that were left out (`warning: path: message`).
    public let warnings: [InputProblem]
    /// Renders in place of the compiled renderer: only tests set one (the swift-mustache reference of
    /// GazetteTestSupport, which they hold the compiled renderer byte-identical to).
    public var substitute: (any TemplateRenderer)?

    /// Loads and compiles every `*.mustache` file below `directory`; a template is named by its path
    /// without the extension (`site/layout`). Fails when a template does not compile, a partial it names
    /// does not exist, or a template in `required` is missing.
    public static func load(from directory: String, required: [String]) throws(InputError) -> TemplateSet {
        var problems = ProblemList()
        var sources: [String: String] = [:]
        var compiled: [String: CompiledTemplate] = [:]
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let listing = FileTree.listing(below: base, withSuffix: ".mustache") else {
            throw InputError(
                InputProblem(path: base, "templates folder not found: pass --templates with the folder that holds the .mustache files"))
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
            do throws(CompiledTemplate.SyntaxError) {
                compiled[name] = try CompiledTemplate(text)
                sources[name] = text
            } catch {
                problems.add(path, line: error.line, "template syntax: \(error.message)")
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
                problems.add(
                    base + "/" + name + ".mustache", line: reference.line,
                    "partial \"\(reference.name)\" not found: no file \(base)/\(reference.name).mustache")
            }
        }
        try problems.check()
        return TemplateSet(directory: base, sources: sources, compiled: compiled, warnings: problems.warnings)
    }

    /// The names of the loaded templates, sorted.
    public var names: [String] { sources.keys.sorted() }

    public func contains(_ name: String) -> Bool { sources[name] != nil }

    /// The text of template `name` as loaded (for the reference renderer of the tests).
    public func source(of name: String) -> String? { sources[name] }

    /// Renders template `name` with `value`. Every name a tag asks for must have a value: use `false`,
    /// `""` or `[]` for "nothing", never leave a key out. Throws naming the template, line and key.
    public func render(_ name: String, _ value: TemplateValue) throws(InputError) -> String {
        String(decoding: try renderBytes(name, value), as: UTF8.self)
    }

    /// Renders like `render(_:_:)`, into UTF-8 bytes (pages are written as bytes: no round trip
    /// through `String`).
    public func renderBytes(_ name: String, _ value: TemplateValue) throws(InputError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        try render(name, value, into: &output)
        return output
    }

    /// Renders template `name` with typed values straight into bytes (no dynamic casts, no
    /// intermediate strings); a name no context level has is an error naming the template and line.
    public func render(_ name: String, _ value: TemplateValue, into output: inout [UInt8]) throws(InputError) {
        if let substitute {
            output.append(contentsOf: try substitute.render(name, value, in: self))
            return
        }
        guard let template = compiled[name] else {
            throw InputError(InputProblem(path: path(of: name), "template not found"))
        }
        var misses: [CompiledTemplate.Miss] = []
        template.render(value, into: &output, partials: compiled, name: name, misses: &misses)
        if !misses.isEmpty {
            throw InputError(misses.map { problem(missing: $0.name, line: $0.line, in: $0.template, renderingFrom: name) })
        }
    }

    /// The file a template was loaded from.
    public func path(of name: String) -> String { directory + "/" + name + ".mustache" }

    // MARK: - Reporting

    /// "no value named …": what a render reports for a name no context level has (public for the
    /// reference renderer of the tests, which reports misses the same way).
    public func problem(missing key: String, line: Int?, in template: String, renderingFrom name: String) -> InputProblem {
        InputProblem(
            path: path(of: template), line: line, "no value named \"\(key)\" when rendering \(name): check the spelling of the tag")
    }

    /// Every `{{…}}` tag of `text` (what is between the braces) with its 1-based line, in order.
    public static func tags(in text: String) -> [(tag: Substring, line: Int)] {
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

    public static func line(ofTagNamed key: String, in text: String) -> Int? {
        tags(in: text).first { tag, _ in
            let name = tag.trimmingCharacters(in: CharacterSet(charactersIn: "{}#^/&! \t"))
            return name == key || name.hasPrefix(key + ".") || name.hasSuffix("." + key) || name.contains("." + key + ".")
        }?.line
    }

    public static func partialReferences(in text: String) -> [(name: String, line: Int)] {
        tags(in: text).compactMap { tag, line in
            let tag = tag.trimmingCharacters(in: .whitespaces)
            guard let first = tag.first, first == ">" || first == "<" else { return nil }
            let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
            return !name.isEmpty && !name.hasPrefix("*") ? (name, line) : nil
        }
    }
}

/// A renderer that takes the place of `CompiledTemplate` for one `TemplateSet` (tests only: the
/// swift-mustache reference).
public protocol TemplateRenderer: Sendable {
    func render(_ name: String, _ value: TemplateValue, in templates: TemplateSet) throws(InputError) -> [UInt8]
}
