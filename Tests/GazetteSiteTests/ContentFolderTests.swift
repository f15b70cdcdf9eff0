import Foundation
import GazetteCore
import GazetteMarkdown
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// What a policies folder may hold besides documents, and input that was too large or too deep: each
/// used to be skipped silently, read from outside Content, or crash the build.
@Suite("Content folder and limits")
struct ContentFolderTests {
    static let valid = "---\ntitle: \"T\"\neffective: 2026-02-01\n---\n## Article 1\n\n1.1 Text.\n"

    /// Links are never followed: a document linked to /etc/passwd is refused, and its text is nowhere.
    @Test func symbolicLinksAreRefusedNotFollowed() throws {
        let fixture = SiteFixture()
        let policies = fixture.contentPath + "/policies"
        try FileManager.default.createSymbolicLink(atPath: policies + "/terms/2026-02-01.en.md", withDestinationPath: "/etc/passwd")
        fixture.scratch.write("elsewhere/2026-02-01.en.md", Self.valid)
        try FileManager.default.createSymbolicLink(atPath: policies + "/linked", withDestinationPath: fixture.path("elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: policies + "/terms/gone.nl.md", withDestinationPath: policies + "/missing.md")
        try FileManager.default.createSymbolicLink(atPath: policies + "/terms/notes", withDestinationPath: "/nonexistent/notes")
        #expect(
            fixture.problems() == [
                InputProblem(
                    path: policies + "/linked",
                    "a symbolic link (to \(fixture.path("elsewhere"))): links are not followed, so that nothing outside the folder is ever read; "
                        + "put the policy document itself here instead of a link"),
                InputProblem(
                    path: policies + "/terms/2026-02-01.en.md",
                    "a symbolic link (to /etc/passwd): links are not followed, so that nothing outside the folder is ever read; "
                        + "put the policy document itself here instead of a link"),
                InputProblem(
                    path: policies + "/terms/gone.nl.md", "a symbolic link to \(policies)/missing.md, which does not exist: remove the link"
                ),
                InputProblem(
                    path: policies + "/terms/notes", "a symbolic link to /nonexistent/notes, which does not exist: remove the link"),
            ])
        #expect(!FileManager.default.fileExists(atPath: fixture.outputPath))
    }

    /// A FIFO named like a document would block the build for ever if it were opened; a folder named
    /// like one is not a document. Both are reported.
    @Test func fifosAndFoldersNamedLikeDocumentsAreReported() throws {
        let fixture = SiteFixture()
        let policies = fixture.contentPath + "/policies"
        #expect(mkfifo(policies + "/terms/2026-02-01.en.md", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: policies + "/terms/2026-03-01.nl.md", withIntermediateDirectories: true)
        fixture.write("policies/terms/2026-03-01.nl.md/inside.md", Self.valid)
        #expect(
            fixture.problems() == [
                InputProblem(
                    path: policies + "/terms/2026-02-01.en.md",
                    "not a regular file (a FIFO, socket or device): remove it; a policy document is a plain file"),
                InputProblem(
                    path: policies + "/terms/2026-03-01.nl.md", "a folder named like a policy document (*.md): rename or remove it"),
            ])
    }

    /// Hidden documents and folders are left out, as before, but with a warning (a draft kept aside on
    /// purpose is no error); the site is built.
    @Test func hiddenDocumentsAndFoldersAreWarnedAbout() throws {
        let fixture = SiteFixture()
        fixture.write("policies/terms/.2026-02-01.en.md", Self.valid)
        fixture.write("policies/.drafts/2026-02-01.en.md", Self.valid)
        fixture.write("policies/terms/.DS_Store", "not a document")
        let report = try fixture.build()
        let policies = fixture.contentPath + "/policies"
        let hidden = "hidden (its name starts with \".\"), so it is not read: rename it without the dot to use it, or remove it"
        #expect(
            report.warnings.prefix(2) == [
                "warning: \(policies)/.drafts: \(hidden)", "warning: \(policies)/terms/.2026-02-01.en.md: \(hidden)",
            ])
        #expect(!report.warnings.contains { $0.contains(".DS_Store") }, "hidden files without the suffix are ignored like other files")
    }

    /// Templates and stylesheets get the same care: a link there is refused (a stylesheet linked to
    /// /etc/passwd would be published as assets/…).
    @Test func linksAmongTemplatesAndStylesheetsAreRefused() throws {
        let fixture = SiteFixture()
        fixture.scratch.copy(TestSupport.path("Templates"), to: "Templates")
        let templates = fixture.path("Templates")
        try FileManager.default.createSymbolicLink(atPath: templates + "/assets/secret.css", withDestinationPath: "/etc/passwd")
        try FileManager.default.removeItem(atPath: templates + "/site/toc.mustache")
        try FileManager.default.createSymbolicLink(
            atPath: templates + "/site/toc.mustache", withDestinationPath: TestSupport.path("Templates/site/toc.mustache"))
        do {
            try fixture.build(templates: templates)
            Issue.record("the build should fail")
        } catch let error as InputError {
            let links = error.problems.filter { $0.message.hasPrefix("a symbolic link") }
            #expect(
                links == [
                    InputProblem(
                        path: templates + "/assets/secret.css",
                        "a symbolic link (to /etc/passwd): links are not followed, so that nothing outside the folder is ever read; "
                            + "put the stylesheet itself here instead of a link"),
                    InputProblem(
                        path: templates + "/site/toc.mustache",
                        "a symbolic link (to \(TestSupport.path("Templates/site/toc.mustache"))): links are not followed, so that nothing "
                            + "outside the folder is ever read; put the template itself here instead of a link"),
                ])
            // The linked template is not loaded: also "not found", and the partial that uses it says so.
            #expect(error.problems.contains { $0.path == templates + "/site/toc.mustache" && $0.message.hasPrefix("template not found") })
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.outputPath))
    }

    /// A policy document over 5 MB is refused with its size before it is read (a 50 MB one took
    /// minutes and gigabytes); one at the limit is read.
    @Test func aDocumentOverTheSizeLimitIsRefusedWithItsSize() throws {
        let fixture = SiteFixture()
        // A level-1 heading first: a document that is read reports it, and the build stops there.
        let header = "---\ntitle: \"Big\"\neffective: 2026-02-01\n---\n# Big\n\n"
        let paragraph = String(repeating: "word ", count: 199) + "end.\n\n"
        let under = header + String(repeating: paragraph, count: (PolicyLoader.maximumBytes - header.utf8.count) / paragraph.utf8.count)
        fixture.write("policies/big/2026-02-01.en.md", under)
        #expect(under.utf8.count <= PolicyLoader.maximumBytes)
        let path = fixture.contentPath + "/policies/big/2026-02-01.en.md"
        // Under the limit the document is read.
        #expect(fixture.problems().map(\.line) == [5])
        fixture.write(
            "policies/big/2026-02-01.en.md", under + String(repeating: "x", count: PolicyLoader.maximumBytes - under.utf8.count + 1))
        #expect(
            fixture.problems() == [
                InputProblem(path: path, "the file is 5.0 MB, more than the 5 MB allowed: split it into several documents")
            ])
        fixture.write("policies/big/2026-02-01.en.md", header + String(repeating: "y", count: 12_500_000 - header.utf8.count))
        #expect(
            fixture.problems() == [
                InputProblem(path: path, "the file is 12.5 MB, more than the 5 MB allowed: split it into several documents")
            ])
    }

    @Test func aTitleOverTheLimitIsRefused() {
        let fixture = SiteFixture()
        fixture.write(
            "policies/terms/2026-02-01.en.md", "---\ntitle: \"\(String(repeating: "T", count: 201))\"\neffective: 2026-02-01\n---\nText\n")
        #expect(
            fixture.problems() == [
                InputProblem(
                    path: fixture.contentPath + "/policies/terms/2026-02-01.en.md", line: 2,
                    "\"title\" is 201 characters long, more than the 200 allowed: shorten it (the summary can say more)")
            ])
    }

    /// Nesting deeper than the limit is a problem of the document, at the line where it goes too deep.
    @Test(arguments: [
        ("- ", "bullet list"), ("1. ", "ordered list"), (">", "block quote"), ("*", "emphasis"),
    ])
    func nestingDeeperThanTheLimitIsRefusedAtItsLine(marker: String, kind: String) {
        let fixture = SiteFixture()
        let deep = String(repeating: marker, count: 10_000) + "deep" + (marker == "*" ? String(repeating: "*", count: 10_000) : "")
        fixture.write(
            "policies/terms/2026-02-01.en.md", "---\ntitle: \"T\"\neffective: 2026-02-01\n---\n## Article 1\n\nIntro.\n\n" + deep + "\n")
        #expect(
            fixture.problems() == [
                InputProblem(path: fixture.contentPath + "/policies/terms/2026-02-01.en.md", line: 9, Anchoring.overNestedMessage)
            ], "\(kind)")
    }

    /// A problem is always one line, whatever the file is called: a line break in a folder name would
    /// otherwise start what looks like a second problem.
    @Test func aPathWithALineBreakIsPrintedOnOneLine() {
        let fixture = SiteFixture()
        fixture.write("policies/bad\nslug/2026-02-01.en.md", Self.valid)
        let problems = fixture.problems()
        #expect(problems.count == 1)
        let text = problems.first?.description ?? ""
        #expect(!text.contains("\n"))
        #expect(
            text == fixture.contentPath + "/policies/bad\\nslug/2026-02-01.en.md: folder name \"bad\\nslug\" cannot be a URL: "
                + "use lowercase letters, digits and hyphens (e.g. privacy-policy)")
    }
}
