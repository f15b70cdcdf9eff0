import GazetteCore
import Mustache

/// swift-mustache, made strict: the reference the compiled renderer (`CompiledTemplate`) is held
/// byte-identical to. Tests only: production renders with `CompiledTemplate` alone.
///
/// swift-mustache renders a name no context level has as nothing; here the bottom of the context
/// stack records such names, and the render fails naming them (with the line of the first tag that
/// asks for them), as the compiled renderer does.
public struct SwiftMustacheReference: TemplateRenderer {
    private let library: MustacheLibrary

    /// Parses every template of `templates` with swift-mustache.
    public init(_ templates: TemplateSet) throws {
        var library = MustacheLibrary()
        for name in templates.names {
            library.register(try MustacheTemplate(string: templates.source(of: name)!), named: name)
        }
        self.library = library
    }

    public func render(_ name: String, _ value: TemplateValue, in templates: TemplateSet) throws(InputError) -> [UInt8] {
        guard templates.contains(name), case .map = value else {
            throw InputError(InputProblem(path: templates.path(of: name), "template not found"))
        }
        let misses = MissRecorder()
        let root = StrictContext(values: value.plain as! [String: Any], misses: misses)
        let output = library.render(root, withTemplate: name) ?? ""
        if !misses.names.isEmpty {
            throw InputError(misses.names.sorted().map { problem(missing: $0, renderingFrom: name, in: templates) })
        }
        return Array(output.utf8)
    }

    /// The problem for a missed name, at the first tag that asks for it in the template or its partials.
    private func problem(missing key: String, renderingFrom name: String, in templates: TemplateSet) -> InputProblem {
        var seen: Set<String> = []
        var queue = [name]
        while let current = queue.popLast() {
            guard seen.insert(current).inserted, let text = templates.source(of: current) else { continue }
            if let line = TemplateSet.line(ofTagNamed: key, in: text) {
                return templates.problem(missing: key, line: line, in: current, renderingFrom: name)
            }
            queue.append(contentsOf: TemplateSet.partialReferences(in: text).map(\.name))
        }
        return templates.problem(missing: key, line: nil, in: name, renderingFrom: name)
    }
}

extension TemplateSet {
    /// Renders template `name` with swift-mustache (strictly), for comparing with the compiled renderer.
    public func renderWithSwiftMustache(_ name: String, _ value: TemplateValue) throws -> String {
        String(decoding: try SwiftMustacheReference(self).render(name, value, in: self), as: UTF8.self)
    }

    /// This set rendering through swift-mustache instead of the compiled renderer.
    public func referenceRendering() throws -> TemplateSet {
        var copy = self
        copy.substitute = try SwiftMustacheReference(self)
        return copy
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
        case let map as [String: Any]: return PlainRecord(values: map)
        case let list as [Any]: return list.map(PlainRecord.wrap)
        default: return value
        }
    }
}

/// Text handed to swift-mustache as itself: it renders a plain `String` through `String(describing:)`,
/// which copies it character by character.
struct RenderedText: MustacheCustomRenderable {
    let text: String
    var renderText: String { text }
    var isNull: Bool { false }
}
