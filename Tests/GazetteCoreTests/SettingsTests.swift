import GazetteCore
import GazetteTestSupport
import Testing

@Suite("gazette.yml")
struct SettingsTests {
    func load(_ yaml: String) throws(InputError) -> (SiteSettings, String) {
        let scratch = ScratchFolder()
        scratch.write("gazette.yml", yaml)
        let path = scratch.path + "/gazette.yml"
        return (try SiteSettings(from: try SettingsFile.load(path)), path)
    }

    @Test func theSampleSettingsLoad() throws {
        let settings = try SiteSettings(from: try SettingsFile.load(TestSupport.path("Content/gazette.yml")))
        #expect(settings.languages == ["nl", "en", "fr"])
        #expect(settings.baseURL == "https://legal.koraal-hr.example")
        #expect(settings.prevailingLanguage == "nl")
    }

    @Test func defaultsAndTrailingSlash() throws {
        let (settings, _) = try load("site:\n  title: T\n  base_url: https://x.example/\n  languages: [en, fr]\n")
        #expect(
            settings
                == SiteSettings(
                    title: "T", baseURL: "https://x.example", languages: ["en", "fr"], prevailingLanguage: "en", timeZone: "UTC"))
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let scratch = ScratchFolder()
        scratch.write(
            "gazette.yml",
            """
            site:
              title: ""
              base_url: legal.example.com
              languages: [nl, EN, nl]
              time_zone: Europe/Gent
              colour: blue
            digests: {}

            """)
        let path = scratch.path + "/gazette.yml"
        do {
            _ = try SiteSettings(from: try SettingsFile.load(path))
            Issue.record("expected problems")
        } catch {
            #expect(
                error.problems == [
                    InputProblem(path: path, line: 7, "unknown key \"digests\": expected one of site, digest, preview, delivery")
                ])
        }
        scratch.write("gazette.yml", String(scratch.read("gazette.yml")!.split(separator: "\n").dropLast().joined(separator: "\n")))
        do {
            _ = try SiteSettings(from: try SettingsFile.load(path))
            Issue.record("expected problems")
        } catch {
            #expect(
                error.problems == [
                    InputProblem(path: path, line: 2, "\"title\" is empty: give it a value"),
                    InputProblem(
                        path: path, line: 3,
                        "site.base_url \"legal.example.com\" is not an absolute URL: write it like https://legal.example.com"),
                    InputProblem(path: path, line: 4, "site.languages has \"EN\": expected a lowercase language code like nl, en or fr"),
                    InputProblem(path: path, line: 4, "site.languages lists \"nl\" twice"),
                    InputProblem(
                        path: path, line: 5, "site.time_zone \"Europe/Gent\" is not an IANA time zone: write it like Europe/Brussels"),
                    InputProblem(
                        path: path, line: 6,
                        "unknown key \"colour\" in site: expected one of title, base_url, languages, prevailing_language, time_zone, pdf, notice_days, objection_days, publisher, file_links, search"
                    ),
                ])
        }
    }

    @Test func brokenYAMLNamesTheLine() {
        let scratch = ScratchFolder()
        scratch.write("gazette.yml", "site:\n  title: \"unclosed\n  base_url: x\n")
        do {
            _ = try SettingsFile.load(scratch.path + "/gazette.yml")
            Issue.record("expected a YAML error")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].message.hasPrefix("invalid YAML:"))
            #expect(error.problems[0].line != nil)
        }
    }

    @Test func aMissingFileIsAnInputError() {
        #expect(
            throws: InputError(InputProblem(path: "/nonexistent/gazette.yml", "cannot read the file: it does not exist or is not readable"))
        ) {
            try SettingsFile.load("/nonexistent/gazette.yml")
        }
    }
}
