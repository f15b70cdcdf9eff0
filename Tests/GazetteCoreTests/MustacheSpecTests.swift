import GazetteCore
import GazetteTestSupport
import Testing

/// The Mustache spec (github.com/mustache/spec, `specs/*.yml`) for the parts Gazette's templates use:
/// interpolation, sections, inverted sections, partials, comments, and set delimiters (which Gazette
/// refuses). Each case follows one of the spec's cases; both the compiled renderer and swift-mustache
/// (the reference) must write the spec's expected output.
///
/// Where Gazette means to differ from the spec, the case says what Gazette does instead and why:
/// a name no context level has is an error (the spec renders it as nothing), a missing partial is an
/// error when the templates load, and set delimiters are refused when they load.
@Suite struct MustacheSpecTests {
    /// One case: its spec file and name, the template, the data, partials, and the expected output.
    struct Case: Sendable, CustomTestStringConvertible {
        var spec: String
        var name: String
        var template: String
        var data: TemplateValue = [:]
        var partials: [String: String] = [:]
        var expected: String

        var testDescription: String { "\(spec): \(name)" }
    }

    static let interpolation: [Case] = [
        Case(spec: "interpolation", name: "No Interpolation", template: "Hello from {Mustache}!\n", expected: "Hello from {Mustache}!\n"),
        Case(
            spec: "interpolation", name: "Basic Interpolation", template: "Hello, {{subject}}!\n", data: ["subject": "world"],
            expected: "Hello, world!\n"),
        Case(
            spec: "interpolation", name: "HTML Escaping", template: "These characters should be HTML escaped: {{forbidden}}\n",
            data: ["forbidden": "& \" < >"], expected: "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n"),
        Case(
            spec: "interpolation", name: "Triple Mustache", template: "These characters should not be HTML escaped: {{{forbidden}}}\n",
            data: ["forbidden": "& \" < >"], expected: "These characters should not be HTML escaped: & \" < >\n"),
        Case(
            spec: "interpolation", name: "Ampersand", template: "These characters should not be HTML escaped: {{&forbidden}}\n",
            data: ["forbidden": "& \" < >"], expected: "These characters should not be HTML escaped: & \" < >\n"),
        Case(
            spec: "interpolation", name: "Dotted Names - Basic Interpolation",
            template: "\"{{person.name}}\" == \"{{#person}}{{name}}{{/person}}\"",
            data: ["person": ["name": "Joe"]], expected: "\"Joe\" == \"Joe\""),
        Case(
            spec: "interpolation", name: "Dotted Names - Arbitrary Depth", template: "\"{{a.b.c.d.e.name}}\" == \"Phil\"",
            data: ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]]], expected: "\"Phil\" == \"Phil\""),
        Case(
            spec: "interpolation", name: "Dotted Names - Initial Resolution", template: "\"{{#a}}{{b.c.d.e.name}}{{/a}}\" == \"Phil\"",
            data: ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]], "b": ["c": ["d": ["e": ["name": "Wrong"]]]]],
            expected: "\"Phil\" == \"Phil\""),
        Case(
            spec: "interpolation", name: "Dotted Names - Context Precedence (the innermost first part)", template: "{{#a}}{{b.c}}{{/a}}",
            data: ["a": ["b": ["c": "inner"]], "b": ["c": "outer"]], expected: "inner"),
        Case(
            spec: "interpolation", name: "Implicit Iterators - Basic Interpolation", template: "Hello, {{.}}!\n", data: "world",
            expected: "Hello, world!\n"),
        Case(
            spec: "interpolation", name: "Interpolation - Surrounding Whitespace", template: "| {{string}} |", data: ["string": "---"],
            expected: "| --- |"),
        Case(
            spec: "interpolation", name: "Interpolation - Standalone", template: "  {{string}}\n", data: ["string": "---"],
            expected: "  ---\n"),
        Case(
            spec: "interpolation", name: "Triple Mustache - Standalone", template: "  {{{string}}}\n", data: ["string": "---"],
            expected: "  ---\n"),
        Case(
            spec: "interpolation", name: "Interpolation With Padding", template: "|{{ string }}|", data: ["string": "---"],
            expected: "|---|"),
        Case(
            spec: "interpolation", name: "Triple Mustache With Padding", template: "|{{{ string }}}|", data: ["string": "---"],
            expected: "|---|"),
        Case(
            spec: "interpolation", name: "Ampersand With Padding", template: "|{{& string }}|", data: ["string": "---"], expected: "|---|"),
    ]

    static let sections: [Case] = [
        Case(
            spec: "sections", name: "Truthy", template: "\"{{#boolean}}This should be rendered.{{/boolean}}\"", data: ["boolean": true],
            expected: "\"This should be rendered.\""),
        Case(
            spec: "sections", name: "Falsey", template: "\"{{#boolean}}This should not be rendered.{{/boolean}}\"",
            data: ["boolean": false],
            expected: "\"\""),
        Case(
            spec: "sections", name: "Context", template: "\"{{#context}}Hi {{name}}.{{/context}}\"", data: ["context": ["name": "Joe"]],
            expected: "\"Hi Joe.\""),
        Case(
            spec: "sections", name: "Parent contexts", template: "\"{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}\"",
            data: ["a": "foo", "b": "wrong", "sec": ["b": "bar"], "c": ["d": "baz"]], expected: "\"foo, bar, baz\""),
        Case(
            spec: "sections", name: "Variable test", template: "\"{{#foo}}{{.}} is {{foo}}{{/foo}}\"", data: ["foo": "bar"],
            expected: "\"bar is bar\""),
        Case(
            spec: "sections", name: "List Context",
            template:
                "{{#tops}}{{#middles}}{{tname.lower}}{{mname}}.{{#bottoms}}{{tname.upper}}{{mname}}{{bname}}.{{/bottoms}}{{/middles}}{{/tops}}",
            data: [
                "tops": [
                    [
                        "tname": ["upper": "A", "lower": "a"],
                        "middles": [["mname": "1", "bottoms": [["bname": "x"], ["bname": "y"]]]],
                    ]
                ]
            ], expected: "a1.A1x.A1y."),
        Case(
            spec: "sections", name: "List", template: "\"{{#list}}{{item}}{{/list}}\"",
            data: ["list": [["item": "1"], ["item": "2"], ["item": "3"]]],
            expected: "\"123\""),
        Case(spec: "sections", name: "Empty List", template: "\"{{#list}}Yay lists!{{/list}}\"", data: ["list": []], expected: "\"\""),
        Case(
            spec: "sections", name: "Doubled", template: "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n{{/bool}}\n",
            data: ["bool": true, "two": "second"], expected: "* first\n* second\n* third\n"),
        Case(
            spec: "sections", name: "Nested (Truthy)", template: "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": true],
            expected: "| A B C D E |"),
        Case(
            spec: "sections", name: "Nested (Falsey)", template: "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": false],
            expected: "| A  E |"),
        Case(
            spec: "sections", name: "Implicit Iterator - String", template: "\"{{#list}}({{.}}){{/list}}\"",
            data: ["list": ["a", "b", "c", "d", "e"]],
            expected: "\"(a)(b)(c)(d)(e)\""),
        Case(
            spec: "sections", name: "Implicit Iterator - Array", template: "\"{{#list}}({{#.}}{{.}}{{/.}}){{/list}}\"",
            data: ["list": [["1", "2", "3"], ["a", "b", "c"]]], expected: "\"(123)(abc)\""),
        Case(
            spec: "sections", name: "Dotted Names - Truthy", template: "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"Here\"",
            data: ["a": ["b": ["c": true]]],
            expected: "\"Here\" == \"Here\""),
        Case(
            spec: "sections", name: "Dotted Names - Falsey", template: "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"\"",
            data: ["a": ["b": ["c": false]]],
            expected: "\"\" == \"\""),
        Case(
            spec: "sections", name: "Surrounding Whitespace", template: " | {{#boolean}}\t|\t{{/boolean}} | \n", data: ["boolean": true],
            expected: " | \t|\t | \n"),
        Case(
            spec: "sections", name: "Internal Whitespace", template: " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n",
            data: ["boolean": true], expected: " |  \n  | \n"),
        Case(
            spec: "sections", name: "Indented Inline Sections", template: " {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n",
            data: ["boolean": true], expected: " YES\n GOOD\n"),
        Case(
            spec: "sections", name: "Standalone Lines", template: "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n",
            data: ["boolean": true],
            expected: "| This Is\n|\n| A Line\n"),
        Case(
            spec: "sections", name: "Indented Standalone Lines", template: "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n",
            data: ["boolean": true], expected: "| This Is\n|\n| A Line\n"),
        Case(
            spec: "sections", name: "Standalone Line Endings", template: "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", data: ["boolean": true],
            expected: "|\r\n|"),
        Case(
            spec: "sections", name: "Standalone Without Previous Line", template: "  {{#boolean}}\n#{{/boolean}}\n/",
            data: ["boolean": true],
            expected: "#\n/"),
        Case(
            spec: "sections", name: "Standalone Without Newline", template: "#{{#boolean}}\n/\n  {{/boolean}}", data: ["boolean": true],
            expected: "#\n/\n"),
        Case(spec: "sections", name: "Padding", template: "|{{# boolean }}={{/ boolean }}|", data: ["boolean": true], expected: "|=|"),
    ]

    static let inverted: [Case] = [
        Case(
            spec: "inverted", name: "Falsey", template: "\"{{^boolean}}This should be rendered.{{/boolean}}\"", data: ["boolean": false],
            expected: "\"This should be rendered.\""),
        Case(
            spec: "inverted", name: "Truthy", template: "\"{{^boolean}}This should not be rendered.{{/boolean}}\"", data: ["boolean": true],
            expected: "\"\""),
        Case(
            spec: "inverted", name: "Context", template: "\"{{^context}}Hi {{name}}.{{/context}}\"", data: ["context": ["name": "Joe"]],
            expected: "\"\""),
        Case(
            spec: "inverted", name: "List", template: "\"{{^list}}{{n}}{{/list}}\"", data: ["list": [["n": "1"], ["n": "2"], ["n": "3"]]],
            expected: "\"\""),
        Case(
            spec: "inverted", name: "Empty List", template: "\"{{^list}}Yay lists!{{/list}}\"", data: ["list": []],
            expected: "\"Yay lists!\""),
        Case(
            spec: "inverted", name: "Doubled", template: "{{^bool}}\n* first\n{{/bool}}\n* {{two}}\n{{^bool}}\n* third\n{{/bool}}\n",
            data: ["bool": false, "two": "second"], expected: "* first\n* second\n* third\n"),
        Case(
            spec: "inverted", name: "Nested (Falsey)", template: "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": false],
            expected: "| A B C D E |"),
        Case(
            spec: "inverted", name: "Nested (Truthy)", template: "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |", data: ["bool": true],
            expected: "| A  E |"),
        Case(
            spec: "inverted", name: "Dotted Names - Truthy", template: "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"\"",
            data: ["a": ["b": ["c": true]]],
            expected: "\"\" == \"\""),
        Case(
            spec: "inverted", name: "Dotted Names - Falsey", template: "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"",
            data: ["a": ["b": ["c": false]]], expected: "\"Not Here\" == \"Not Here\""),
        Case(
            spec: "inverted", name: "Surrounding Whitespace", template: " | {{^boolean}}\t|\t{{/boolean}} | \n", data: ["boolean": false],
            expected: " | \t|\t | \n"),
        Case(
            spec: "inverted", name: "Standalone Lines", template: "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n",
            data: ["boolean": false],
            expected: "| This Is\n|\n| A Line\n"),
        Case(
            spec: "inverted", name: "Standalone Indented Lines", template: "| This Is\n  {{^boolean}}\n|\n  {{/boolean}}\n| A Line\n",
            data: ["boolean": false], expected: "| This Is\n|\n| A Line\n"),
        Case(
            spec: "inverted", name: "Standalone Line Endings", template: "|\r\n{{^boolean}}\r\n{{/boolean}}\r\n|", data: ["boolean": false],
            expected: "|\r\n|"),
        Case(spec: "inverted", name: "Padding", template: "|{{^ boolean }}={{/ boolean }}|", data: ["boolean": false], expected: "|=|"),
    ]

    static let partials: [Case] = [
        Case(
            spec: "partials", name: "Basic Behavior", template: "\"{{>text}}\"", partials: ["text": "from partial"],
            expected: "\"from partial\""),
        Case(
            spec: "partials", name: "Context", template: "\"{{>partial}}\"", data: ["text": "content"], partials: ["partial": "*{{text}}*"],
            expected: "\"*content*\""),
        Case(
            spec: "partials", name: "Recursion", template: "{{>node}}", data: ["content": "X", "nodes": [["content": "Y", "nodes": []]]],
            partials: ["node": "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>"], expected: "X<Y<>>"),
        Case(
            spec: "partials", name: "Surrounding Whitespace", template: "| {{>partial}} |", partials: ["partial": "\t|\t"],
            expected: "| \t|\t |"),
        Case(
            spec: "partials", name: "Inline Indentation", template: "  {{data}}  {{> partial}}\n", data: ["data": "|"],
            partials: ["partial": ">\n>"],
            expected: "  |  >\n>\n"),
        Case(
            spec: "partials", name: "Standalone Line Endings", template: "|\r\n{{>partial}}\r\n|", partials: ["partial": ">"],
            expected: "|\r\n>|"),
        Case(
            spec: "partials", name: "Standalone Without Previous Line", template: "  {{>partial}}\n>", partials: ["partial": ">\n>"],
            expected: "  >\n  >>"),
        Case(
            spec: "partials", name: "Standalone Without Newline", template: ">\n  {{>partial}}", partials: ["partial": ">\n>"],
            expected: ">\n  >\n  >"),
        // The spec's "Standalone Indentation" case also indents a multi-line value inside the partial;
        // Gazette (like swift-mustache) indents the lines the partial writes, so only its template lines here.
        Case(
            spec: "partials", name: "Standalone Indentation (template lines)", template: "\\\n {{>partial}}\n/\n", data: ["content": "<->"],
            partials: ["partial": "|\n{{{content}}}\n|\n"], expected: "\\\n |\n <->\n |\n/\n"),
        Case(
            spec: "partials", name: "Padding Whitespace", template: "|{{> partial }}|", data: ["boolean": true],
            partials: ["partial": "[]"], expected: "|[]|"),
    ]

    static let comments: [Case] = [
        Case(spec: "comments", name: "Inline", template: "12345{{! Comment Block! }}67890", expected: "1234567890"),
        Case(
            spec: "comments", name: "Multiline", template: "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n",
            expected: "1234567890\n"),
        Case(spec: "comments", name: "Standalone", template: "Begin.\n{{! Comment Block! }}\nEnd.\n", expected: "Begin.\nEnd.\n"),
        Case(
            spec: "comments", name: "Indented Standalone", template: "Begin.\n  {{! Indented Comment Block! }}\nEnd.\n",
            expected: "Begin.\nEnd.\n"),
        Case(spec: "comments", name: "Standalone Line Endings", template: "|\r\n{{! Standalone Comment }}\r\n|", expected: "|\r\n|"),
        Case(spec: "comments", name: "Standalone Without Previous Line", template: "  {{! I'm Still Standalone }}\n!", expected: "!"),
        Case(spec: "comments", name: "Standalone Without Newline", template: "!\n  {{! I'm Still Standalone }}", expected: "!\n"),
        Case(
            spec: "comments", name: "Multiline Standalone", template: "Begin.\n{{!\nSomething's going on here...\n}}\nEnd.\n",
            expected: "Begin.\nEnd.\n"),
        Case(
            spec: "comments", name: "Indented Multiline Standalone",
            template: "Begin.\n  {{!\n    Something's going on here...\n  }}\nEnd.\n",
            expected: "Begin.\nEnd.\n"),
        Case(spec: "comments", name: "Indented Inline", template: "  12 {{! 34 }}\n", expected: "  12 \n"),
        Case(spec: "comments", name: "Surrounding Whitespace", template: "12345 {{! Comment Block! }} 67890", expected: "12345  67890"),
        Case(
            spec: "comments", name: "Variable Name Collision", template: "comments never render: {{! comment }}",
            data: ["! comment": "1", "!comment": "2", "!": "3"], expected: "comments never render: "),
    ]

    /// Writes the case's template (`page`) and partials, loads them, and renders with both renderers.
    func render(_ test: Case) throws -> (compiled: String, reference: String) {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", test.template)
        for (name, text) in test.partials { scratch.write("t/\(name).mustache", text) }
        let templates = try TemplateSet.load(from: scratch.path + "/t", required: ["page"])
        var compiled: [UInt8] = []
        try templates.render("page", test.data, into: &compiled)
        return (String(decoding: compiled, as: UTF8.self), try templates.renderWithSwiftMustache("page", test.data))
    }

    @Test(arguments: interpolation + sections + inverted + partials + comments)
    func spec(_ test: Case) throws {
        if case .map = test.data {
            let (compiled, reference) = try render(test)
            #expect(compiled == test.expected)
            #expect(reference == test.expected)
        } else {
            // A root that is not a map (implicit iterators): only the compiled renderer takes one as
            // the root; the reference needs a map there.
            let scratch = ScratchFolder()
            scratch.write("t/page.mustache", test.template)
            let templates = try TemplateSet.load(from: scratch.path + "/t", required: ["page"])
            #expect(try templates.render("page", test.data) == test.expected)
        }
    }

    // MARK: - Where Gazette differs from the spec, on purpose

    /// The spec renders a name no context level has as nothing ("Context Misses", "Dotted Names -
    /// Broken Chains"); Gazette reports it with its line, so a typo cannot publish an empty page.
    @Test(arguments: [
        ("[{{cannot}}]", "cannot"), ("\"{{a.b.c}}\" == \"\"", "b"), ("[{{#missing}}Found key 'missing'!{{/missing}}]", "missing"),
        ("[{{^missing}}Found key 'missing'!{{/missing}}]", "missing"),
    ])
    func aMissingNameIsAnError(template: String, name: String) throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", template)
        let templates = try TemplateSet.load(from: scratch.path + "/t", required: ["page"])
        let data: TemplateValue = ["a": ["d": "x"]]
        #expect(throws: InputError(templates.problem(missing: name, line: 1, in: "page", renderingFrom: "page"))) {
            try templates.render("page", data)
        }
    }

    /// The spec renders a missing partial as nothing ("Failed Lookup"); Gazette refuses the templates.
    @Test func aMissingPartialIsRefusedWhenLoading() throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", "\"{{>text}}\"")
        #expect(
            throws: InputError(
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 1,
                    "partial \"text\" not found: no file \(scratch.path)/t/text.mustache"))
        ) {
            try TemplateSet.load(from: scratch.path + "/t", required: [])
        }
    }

    /// The spec's delimiters.yml: Gazette's templates do not change delimiters, and a template that
    /// tries is refused with its line rather than rendered differently than its author expects.
    @Test(arguments: ["{{=<% %>=}}(<%text%>)", "[\n{{=| |=}}\n|text|\n]", "{{= @ @ =}}"])
    func setDelimitersAreRefused(template: String) throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", template)
        do {
            _ = try TemplateSet.load(from: scratch.path + "/t", required: [])
            Issue.record("set delimiters were accepted")
        } catch {
            #expect(error.problems.count == 1)
            #expect(
                error.problems.first?.message
                    == "template syntax: set delimiters and template inheritance are not supported in Gazette templates")
        }
    }
}
