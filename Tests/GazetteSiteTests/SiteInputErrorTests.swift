import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

@Suite("Site input errors")
struct SiteInputErrorTests {
    static let valid = "---\ntitle: \"T\"\neffective: 2026-01-01\n---\n## Article 1\n\n1.1 Text.\n"

    /// Writes `text` as Content/policies/terms/2026-02-01.en.md and returns the problems of a build.
    func problems(file: String = "policies/terms/2026-02-01.en.md", _ text: String) -> (problems: [InputProblem], path: String) {
        let fixture = SiteFixture()
        fixture.write(file, text)
        return (fixture.problems(), fixture.contentPath + "/" + file)
    }

    @Test(arguments: [
        (
            "no front matter\n", 1,
            "no front matter: start the file with a line \"---\", then title: and effective: (YYYY-MM-DD), then \"---\""
        ),
        ("---\ntitle: T\neffective: 2026-01-01\n", 1, "front matter is not closed: add a line \"---\" after the last front matter key"),
        ("---\neffective: 2026-02-01\n---\nText\n", 2, "missing required key \"title\""),
        ("---\ntitle: \"\"\neffective: 2026-02-01\n---\nText\n", 2, "\"title\" is empty: give it a value"),
        ("---\ntitle: T\n---\nText\n", 2, "missing required key \"effective\""),
        (
            "---\ntitle: T\neffective: 2026-02-30\n---\nText\n", 3,
            "\"effective\" is 2026-02-30: February 2026 has 28 days; give a day that exists"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-31\n---\nText\n", 3,
            "\"effective\" is 2026-02-31: February 2026 has 28 days; give a day that exists"
        ),
        (
            "---\ntitle: T\neffective: 2028-02-30\n---\nText\n", 3,
            "\"effective\" is 2028-02-30: February 2028 has 29 days; give a day that exists"
        ),
        (
            "---\ntitle: T\neffective: 2026-13-01\n---\nText\n", 3,
            "\"effective\" is 2026-13-01: there is no month 13 (months go from 01 to 12); give a day that exists"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nannounced: 2026-04-31\n---\nText\n", 4,
            "\"announced\" is 2026-04-31: April 2026 has 30 days; give a day that exists"
        ),
        (
            "---\ntitle: T\neffective: 2026-03-01\n---\nText\n", 3,
            "the file is named 2026-02-01 but \"effective\" is 2026-03-01: rename the file to 2026-03-01.en.md, or correct effective"
        ),
        (
            "---\ntitle: T\neffective: 1 februari 2026\n---\nText\n", 3,
            "\"effective\" is \"1 februari 2026\": expected the day this version takes effect, as YYYY-MM-DD (e.g. 2026-02-01)"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nsumary: typo\n---\nText\n", 4,
            "unknown key \"sumary\" in front matter: expected one of title, effective, summary, announced, notify, notice, notice_reason"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nnotify: [customers, staff]\n---\nText\n", 4,
            "\"notify\" has \"staff\": expected customers and/or employees, like notify: [customers, employees]"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nnotify: []\n---\nText\n", 4,
            "\"notify\" is empty: list customers and/or employees, or leave it out (customers)"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nnotice: short\n---\nText\n", 4,
            "\"notice: short\" needs a reason: add notice_reason: \"…\" saying why this version cannot get the full notice period"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nnotice: urgent\nnotice_reason: \"x\"\n---\nText\n", 4,
            "\"notice\" is \"urgent\": the only value is short (with notice_reason: why this change cannot wait), or leave it out"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nnotice_reason: \"x\"\n---\nText\n", 4,
            "\"notice_reason\" without \"notice: short\": add notice: short, or remove the reason"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nannounced: soon\n---\nText\n", 4,
            "\"announced\" is \"soon\": expected the day customers were told of this version, as YYYY-MM-DD"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\nannounced: 2026-02-02\n---\nText\n", 4,
            "\"announced\" (2026-02-02) is after \"effective\" (2026-02-01): a version is announced before it takes effect"
        ),
        ("---\ntitle: [a, b]\neffective: 2026-02-01\n---\nText\n", 2, "\"title\" must be text, found a list"),
        ("---\n- a list\n---\nText\n", 2, "expected a mapping of keys to values (key: value), found a list"),
        ("---\ntitle: T\neffective: 2026-02-01\n---\n\n  \n", 5, "the document has no text below its front matter"),
        (
            "---\ntitle: T\neffective: 2026-02-01\n---\n# Title again\n", 5,
            "a level-1 heading (# …) in the body: the page title comes from front matter; use ## for articles"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\n---\nIntro\n\n<script>alert(1)</script>\n", 7,
            "raw HTML is not allowed (<script>alert(1)</script>): write it in Markdown"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\n---\nClick <a href=\"x\" onclick=\"y\">here</a>\n", 5,
            "raw HTML is not allowed (<a href=\"x\" onclick=\"y\">): write it in Markdown; only simple tags such as <sup> and <br> pass"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\n---\n## Article 1\n\n1.1 a\n\n1.1 b\n", 9,
            "clause 1.1 appears twice (first at line 7): its link #clause-1-1 must be unique; renumber one of them"
        ),
        (
            "---\ntitle: T\neffective: 2026-02-01\n---\n## Article 2\n\nx\n\n## Article 2\n", 9,
            "article 2 appears twice (first at line 5): its link #art-2 must be unique; renumber one of them"
        ),
    ])
    func frontMatterAndContentProblems(text: String, line: Int, message: String) {
        let (problems, path) = problems(text)
        #expect(problems == [InputProblem(path: path, line: line, message)])
    }

    /// `notify` as a list or one word; `notice: short` with its reason.
    @Test func notifyAndShortNoticeAreRead() throws {
        let folder = ScratchFolder("gazette-notify")
        folder.write(
            "policies/terms/2026-02-01.en.md",
            "---\ntitle: T\neffective: 2026-02-01\nannounced: 2026-01-20\nnotify: employees\nnotice: short\nnotice_reason: \"The law.\"\n---\nText\n"
        )
        folder.write("policies/terms/2026-01-01.en.md", "---\ntitle: T\neffective: 2026-01-01\nnotify: [customers, employees]\n---\nText\n")
        folder.write("policies/terms/2025-01-01.en.md", "---\ntitle: T\neffective: 2025-01-01\n---\nText\n")
        var problems = ProblemList()
        let versions = PolicyLoader.load(from: folder.path + "/policies", languages: ["en"], problems: &problems)
        #expect(problems.isEmpty)
        let byDay = Dictionary(uniqueKeysWithValues: versions.map { ($0.effective.description, $0) })
        #expect(byDay["2026-02-01"]?.notify == [.employees])
        #expect(byDay["2026-02-01"]?.shortNoticeReason == "The law.")
        #expect(byDay["2026-02-01"]?.announcedLine == 4)
        #expect(byDay["2026-01-01"]?.notify == [.customers, .employees])
        #expect(byDay["2025-01-01"]?.notify == [.customers])
        #expect(byDay["2025-01-01"]?.shortNoticeReason == nil)
    }

    @Test func invalidYAMLNamesTheFileLine() {
        let (problems, path) = problems("---\ntitle: \"T\neffective: 2026-02-01\n---\nText\n")
        #expect(problems.count == 1)
        #expect(problems.first?.path == path)
        #expect(problems.first?.message.hasPrefix("invalid YAML:") == true)
        #expect(problems.first?.message.contains("that starts on line 2") == true)
        #expect(problems.first?.line == 3)
    }

    @Test func fileNamesAreChecked() {
        let fixture = SiteFixture()
        fixture.write("policies/terms/2026-02-01.de.md", Self.valid)
        fixture.write("policies/terms/2026-02-01.md", Self.valid)
        fixture.write("policies/Bad Slug/2026-02-01.en.md", Self.valid)
        fixture.write("policies/terms/copy.nl.md", "---\ntitle: \"Copy\"\neffective: 2026-01-01\n---\nText\n")
        fixture.write("policies/loose.en.md", Self.valid)
        fixture.write("policies/terms/notes.txt", "ignored: not Markdown")
        let base = fixture.contentPath + "/policies/"
        #expect(
            fixture.problems() == [
                InputProblem(
                    path: base + "Bad Slug/2026-02-01.en.md",
                    "folder name \"Bad Slug\" cannot be a URL: use lowercase letters, digits and hyphens (e.g. privacy-policy)"),
                InputProblem(
                    path: base + "loose.en.md", "policy files go one level deep: \(fixture.contentPath)/policies/<slug>/<name>.<lang>.md"),
                InputProblem(
                    path: base + "terms/2026-02-01.de.md",
                    "language \"de\" is not in site.languages (nl, en, fr): rename the file or add the language to gazette.yml"),
                InputProblem(
                    path: base + "terms/2026-02-01.md", "the file name has no language: name it <name>.<lang>.md, e.g. 2026-02-01.nl.md"),
                InputProblem(
                    path: base + "terms/copy.nl.md", line: 2,
                    "\(base)terms/2026-01-01.nl.md is also the nl version of \"terms\" effective 2026-01-01: keep one file per document, date and language"
                ),
            ])
    }

    @Test func everyProblemOfEveryFileIsReportedAtOnce() {
        let fixture = SiteFixture()
        fixture.write("policies/terms/2026-02-01.en.md", "---\ntitle: T\n---\nx\n")
        fixture.write("policies/terms/2026-02-01.nl.md", "---\ntitle: T\neffective: 2026-02-01\n---\n# H\n\n<b onclick=x>y</b>\n")
        #expect(fixture.problems().count == 3)
    }

    @Test func invalidUTF8IsReported() {
        let fixture = SiteFixture()
        fixture.write("policies/terms/2026-02-01.en.md", "")
        let path = fixture.contentPath + "/policies/terms/2026-02-01.en.md"
        try! Data(Array("---\ntitle: T\neffective: 2026-02-01\n---\nok\nbad \u{00E9}".utf8.dropLast(1))).write(
            to: URL(fileURLWithPath: path))
        #expect(fixture.problems() == [InputProblem(path: path, line: 6, "the file is not valid UTF-8: save it as UTF-8")])
    }

    @Test func aMissingTemplateOrKeyFailsTheBuildAndNamesIt() throws {
        let fixture = SiteFixture()
        fixture.scratch.copy(TestSupport.path("Templates"), to: "Templates")
        let templates = fixture.path("Templates")
        try FileManager.default.removeItem(atPath: templates + "/site/index.mustache")
        #expect(
            throws: InputError(
                InputProblem(
                    path: templates + "/site/index.mustache",
                    "template not found: Gazette needs it; restore it from the repository"))
        ) {
            try fixture.build(templates: templates)
        }
        fixture.scratch.copy(TestSupport.path("Templates/site/index.mustache"), to: "Templates/site/index.mustache")
        let document = templates + "/site/document.mustache"
        let text = try String(contentsOfFile: document, encoding: .utf8).replacingOccurrences(of: "{{title}}", with: "{{titel}}")
        try text.write(toFile: document, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{titel}}") }! + 1
        #expect(
            throws: InputError(
                InputProblem(
                    path: document, line: line,
                    "no value named \"titel\" when rendering site/document: check the spelling of the tag"))
        ) {
            try fixture.build(templates: templates)
        }
    }

    @Test func aMissingLocaleFileIsReported() throws {
        let fixture = SiteFixture()
        fixture.scratch.copy(TestSupport.path("Templates"), to: "Templates")
        try FileManager.default.removeItem(atPath: fixture.path("Templates/locales/fr.yml"))
        #expect(
            throws: InputError(
                InputProblem(
                    path: fixture.path("Templates/locales/fr.yml"),
                    "locale file not found for language \"fr\": copy en.yml and translate it"))
        ) {
            try fixture.build(templates: fixture.path("Templates"))
        }
    }

    @Test func aFailedBuildLeavesThePublishedSiteAsItWas() throws {
        let fixture = SiteFixture()
        try fixture.build()
        let published = fixture.scratch.snapshot("Output/site")
        fixture.write("policies/terms/2026-02-01.en.md", "---\ntitle: T\neffective: 2026-02-31\n---\nText\n")
        #expect(throws: InputError.self) { try fixture.build() }
        #expect(fixture.scratch.snapshot("Output/site") == published)
        // The site and its lock file (empty; it stays, as the digest's week locks do).
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: fixture.path("Output"))) == ["site", ".site.lock"])
    }
}
