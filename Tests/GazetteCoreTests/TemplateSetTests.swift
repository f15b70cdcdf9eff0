import GazetteCore
import GazetteTestSupport
import Testing

@Suite("Strict Mustache templates")
struct TemplateSetTests {
    func templates(_ files: [String: String], required: [String] = []) throws(InputError) -> (TemplateSet, ScratchFolder) {
        let scratch = ScratchFolder()
        for (name, text) in files { scratch.write("t/\(name).mustache", text) }
        return (try TemplateSet.load(from: scratch.path + "/t", required: required), scratch)
    }

    @Test func rendersValuesEscapedAndUnescaped() throws {
        let (set, _) = try templates(["page": "<p>{{title}}</p>{{{html}}}{{#items}}[{{name}}]{{/items}}{{^none}}-{{/none}}"])
        let output = try set.render(
            "page", ["title": "A & <B>", "html": "<em>ok</em>", "items": [["name": "x"], ["name": "y"]], "none": false])
        #expect(output == "<p>A &amp; &lt;B&gt;</p><em>ok</em>[x][y]-")
    }

    @Test func aMissingKeyFailsNamingTemplateAndLine() throws {
        let (set, scratch) = try templates(["page": "<h1>{{title}}</h1>\n<p>{{tittle}}</p>\n"])
        #expect(
            throws: InputError(
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 2,
                    "no value named \"tittle\" when rendering page: check the spelling of the tag"))
        ) {
            try set.render("page", ["title": "x"])
        }
    }

    @Test func aMissingKeyInsideASectionIsFoundThroughTheStack() throws {
        let (set, _) = try templates(["page": "{{#items}}{{name}} of {{site}}; {{/items}}"])
        #expect(try set.render("page", ["site": "S", "items": [["name": "a"]]]) == "a of S; ")
        #expect(throws: InputError.self) { try set.render("page", ["items": [["name": "a"]]]) }
    }

    @Test func dottedNamesAreCheckedToo() throws {
        let (set, scratch) = try templates(["page": "{{t.site.contents}}\n{{t.site.contnets}}"])
        let words: TemplateValue = ["site": ["contents": "Inhoud"]]
        #expect(
            throws: InputError(
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 2,
                    "no value named \"contnets\" when rendering page: check the spelling of the tag"))
        ) {
            try set.render("page", ["t": words])
        }
        let (good, _) = try templates(["page": "{{t.site.contents}}"])
        #expect(try good.render("page", ["t": words]) == "Inhoud")
    }

    @Test func aMissingKeyInAPartialPointsAtThePartial() throws {
        let (set, scratch) = try templates(["page": "{{> part}}", "part": "ok\n{{nope}}"])
        #expect(
            throws: InputError(
                InputProblem(
                    path: scratch.path + "/t/part.mustache", line: 2,
                    "no value named \"nope\" when rendering page: check the spelling of the tag"))
        ) {
            try set.render("page", [:])
        }
    }

    @Test func aMissingPartialOrRequiredTemplateFailsTheLoad() throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", "a\n{{> site/missing}}")
        #expect(
            throws: InputError([
                InputProblem(
                    path: scratch.path + "/t/other.mustache", "template not found: Gazette needs it; restore it from the repository"),
                InputProblem(
                    path: scratch.path + "/t/page.mustache", line: 2,
                    "partial \"site/missing\" not found: no file \(scratch.path)/t/site/missing.mustache"),
            ])
        ) {
            try TemplateSet.load(from: scratch.path + "/t", required: ["page", "other"])
        }
    }

    @Test func aSyntaxErrorNamesTheLine() throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", "one\ntwo {{#open}}\nthree\n")
        do {
            // Required and there, but broken: one problem (its syntax), not also "not found".
            _ = try TemplateSet.load(from: scratch.path + "/t", required: ["page"])
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].path == scratch.path + "/t/page.mustache")
            #expect(error.problems[0].message.hasPrefix("template syntax: a section is opened but never closed"))
        }
    }

    @Test func aBrokenPartialHasItsSyntaxProblemOnlyNotAlsoNotFound() throws {
        let scratch = ScratchFolder()
        scratch.write("t/page.mustache", "{{> part}}\n")
        scratch.write("t/part.mustache", "one\ntwo {{#open}}\n")
        do {
            _ = try TemplateSet.load(from: scratch.path + "/t", required: ["page", "part"])
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.problems.map(\.path) == [scratch.path + "/t/part.mustache"], "\(error)")
            #expect(error.problems.allSatisfy { $0.message.hasPrefix("template syntax: ") })
        }
    }

    @Test func aMissingFolderIsAnInputError() {
        #expect(throws: InputError.self) { try TemplateSet.load(from: "/nonexistent/templates", required: []) }
    }

    @Test func subfoldersNameTemplates() throws {
        let (set, _) = try templates(["site/page": "{{> site/part}}!", "site/part": "x"])
        #expect(set.names == ["site/page", "site/part"])
        #expect(try set.render("site/page", [:]) == "x!")
    }
}
