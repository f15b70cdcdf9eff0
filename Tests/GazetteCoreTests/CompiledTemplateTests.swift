import GazetteCore
import GazetteTestSupport
import Testing

/// The compiled renderer must write exactly what swift-mustache writes: each case renders one template
/// with both and compares the bytes.
@Suite("Compiled templates match swift-mustache")
struct CompiledTemplateTests {
    static let values: TemplateValue = [
        "name": "Zoë & <Co> \"quoted\" 'single'",
        "empty": "",
        "yes": true,
        "no": false,
        "items": [["n": "a", "flag": true], ["n": "b", "flag": false], ["n": "c", "flag": true]],
        "none": [],
        "strings": ["x", "y"],
        "nested": ["inner": ["deep": "value"], "label": "N"],
        "t": ["site": ["contents": "Inhoud"]],
    ]

    static let cases: [(String, String)] = [
        ("plain", "Hello {{name}}!\n"),
        ("unescaped", "{{{name}}} and {{&name}}\n"),
        ("section bool", "{{#yes}}shown{{/yes}}{{#no}}hidden{{/no}}\n"),
        ("inverted", "{{^no}}inverted{{/no}}{{^yes}}never{{/yes}}{{^none}}empty list{{/none}}{{^items}}x{{/items}}\n"),
        ("list", "{{#items}}[{{n}}{{#flag}}!{{/flag}}]{{/items}}\n"),
        ("outer names inside sections", "{{#items}}{{n}} of {{name}};{{/items}}\n"),
        ("dot", "{{#strings}}<{{.}}>{{/strings}}\n"),
        ("dotted", "{{nested.inner.deep}} {{t.site.contents}} {{#nested}}{{label}}/{{inner.deep}}{{/nested}}\n"),
        ("empty string section", "{{#empty}}empty strings are truthy{{/empty}}\n"),
        ("standalone lines", "<ul>\n  {{#items}}\n  <li>{{n}}</li>\n  {{/items}}\n</ul>\n"),
        ("standalone inverted and comments", "a\n  {{! a comment }}\n{{^no}}\n  b\n{{/no}}\nc\n"),
        ("not standalone", "x {{#yes}}\ny{{/yes}} z\n  {{#yes}}in{{/yes}}  \n"),
        ("indented variable line", "  {{name}}\n\t{{#yes}}  tabbed {{/yes}}\n"),
        ("crlf", "a\r\n{{#items}}\r\n{{n}}\r\n{{/items}}\r\nb\r\n"),
        ("text pragma", "{{% CONTENT_TYPE: TEXT}}\n{{name}}\n"),
        ("no final newline", "{{#items}}{{n}}{{/items}}"),
        ("trailing whitespace at the end", "end  "),
        ("multi-line comment", "a{{! one\ntwo }}b\n"),
        ("braces that are not tags", "{ not a tag } {x}\n"),
        ("booleans as text", "{{yes}} {{no}}\n"),
    ]

    func set(_ files: [String: String]) throws -> (TemplateSet, ScratchFolder) {
        let scratch = ScratchFolder()
        for (name, text) in files { scratch.write("t/\(name).mustache", text) }
        return (try TemplateSet.load(from: scratch.path + "/t", required: []), scratch)
    }

    @Test(arguments: cases)
    func sameOutput(label: String, template: String) throws {
        let (templates, _) = try set(["page": template])
        let reference = try templates.renderWithSwiftMustache("page", Self.values)
        var compiled: [UInt8] = []
        try templates.render("page", Self.values, into: &compiled)
        #expect(String(decoding: compiled, as: UTF8.self) == reference, "\(label)")
    }

    /// Escaping scans eight bytes at a time: texts of every length, with the escaped characters at
    /// every position (and bytes next to them in value), as text and as bytes, against swift-mustache.
    @Test func escapingAtEveryPosition() throws {
        let (templates, _) = try set(["page": "{{v}}|{{b}}"])
        let pieces = ["a", "&", "<", ">", "\"", "'", "é", "%", "=", "?", "(", "🙂", " "]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<600 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let values: TemplateValue = ["v": .string(text), "b": .bytes(Array(text.utf8))]
            let reference = try templates.renderWithSwiftMustache("page", values)
            var compiled: [UInt8] = []
            try templates.render("page", values, into: &compiled)
            #expect(String(decoding: compiled, as: UTF8.self) == reference, "\(text.debugDescription)")
        }
    }

    @Test func partials() throws {
        let (templates, _) = try set([
            "page": "before\n{{> head}}\n{{#items}}{{> row}}{{/items}}\nafter\n", "row": "<{{n}}{{name}}>", "head": "[{{name}}]\n",
        ])
        let values: TemplateValue = ["items": [["n": "1"], ["n": "2"]], "name": "-"]
        var compiled: [UInt8] = []
        try templates.render("page", values, into: &compiled)
        #expect(String(decoding: compiled, as: UTF8.self) == (try templates.renderWithSwiftMustache("page", values)))
    }

    @Test func theDigestTemplatesCompile() throws {
        let templates = try TemplateSet.load(from: TestSupport.path("Templates"), required: [])
        for name in templates.names {
            var output: [UInt8] = []
            do {
                try templates.render(name, [:], into: &output)
            } catch {
                // Missing values are expected with no values; syntax errors are not.
                #expect(error.problems.allSatisfy { !$0.message.hasPrefix("template syntax") }, "\(name): \(error)")
            }
        }
    }

    @Test func aMissingNameIsReportedWithItsLine() throws {
        let (templates, scratch) = try set(["page": "ok {{name}}\n{{#items}}\n{{nme}}\n{{/items}}\n{{nested.inner.dep}}\n"])
        var output: [UInt8] = []
        #expect(
            throws: InputError([
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 3,
                    "no value named \"nme\" when rendering page: check the spelling of the tag"),
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 5,
                    "no value named \"dep\" when rendering page: check the spelling of the tag"),
            ])
        ) {
            try templates.render("page", Self.values, into: &output)
        }
    }

    @Test func unsupportedSyntaxIsReportedWhenLoaded() throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", "a\n{{=<% %>=}}\n")
        #expect(
            throws: InputError(
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 2,
                    "template syntax: set delimiters and template inheritance are not supported in Gazette templates"))
        ) {
            try TemplateSet.load(from: scratch.path + "/t", required: [])
        }
    }
}
