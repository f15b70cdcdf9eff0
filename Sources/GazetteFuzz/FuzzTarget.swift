import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteMarkdown
import GazetteSite

/// The fuzz targets: each feeds arbitrary bytes to the code that reads what users write (the HR
/// export, policy files, Markdown, the values that reach a mail header, unsubscribe links) and stops
/// the process (`preconditionFailure`) when a property every input must keep is broken. A crash or a
/// broken property is what libFuzzer reports; the same entry points replay the seed corpora and every
/// crash kept under Tests/Fuzz in `make test` (docs/fuzzing.md).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The six CSV files of an HR export (split at the byte 0x1E), read and checked; the sample week
    /// planned and a few digests composed.
    case csv
    /// A whole policy file: front matter (YAML), then its Markdown.
    case frontMatter = "front-matter"
    /// A policy body (two versions split at 0x1E): anchored, rendered, compared.
    case markdown
    /// The values that reach a digest's header and body (split at 0x1F), written as a message.
    case mime
    /// An unsubscribe link or token, verified.
    case token

    /// Runs the target on one input.
    public func run(_ input: [UInt8]) {
        switch self {
        case .csv: Self.csv(input)
        case .frontMatter: Self.policyFile(String(decoding: input, as: UTF8.self))
        case .markdown: Self.markdown(input)
        case .mime: Self.mime(input)
        case .token: Self.token(input)
        }
    }

    /// Runs the target on every file below `path` (or on `path`, a file), in order; the files run, or
    /// nil when one cannot be read.
    public func replay(_ path: String) -> [String]? {
        let files = FileTree.files(below: path).map { $0.map { path + "/" + $0 } } ?? [path]
        for file in files {
            guard let bytes = FileBytes.read(file) else { return nil }
            run(bytes)
        }
        return files
    }

    /// The repository (this file is Sources/GazetteFuzz/FuzzTarget.swift): the templates and settings
    /// the targets render with.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Everything a target renders with, loaded once.
    struct Fixtures: Sendable {
        let settings: DigestSettings
        let composer: DigestComposer
        let words: LocaleWords
        let secret: UnsubscribeSecret

        init() {
            do {
                settings = try DigestSettings(from: SettingsFile.load(repository + "/Content/gazette.yml"))
                let templates = try TemplateSet.load(from: repository + "/Templates", required: DigestComposer.requiredTemplates)
                let locales = try LocaleCatalog.load(from: repository + "/Templates/locales", languages: settings.languages)
                secret = UnsubscribeSecret(Array("fuzz-secret-never-used-for-real-mail".utf8))!
                composer = DigestComposer(settings: settings, templates: templates, locales: locales, secret: secret)
                words = locales["en"]
            } catch {
                fatalError("the fuzz targets need the repository's Content and Templates: \(error)")
            }
        }
    }

    static let fixtures = Fixtures()

    // MARK: - Properties every input keeps

    /// A problem is one line, whatever the input held.
    static func checkOneLine(_ problems: [InputProblem]) {
        for problem in problems {
            let text = problem.description
            precondition(!text.utf8.contains(0x0A) && !text.utf8.contains(0x0D), "a problem printed on two lines: \(text.debugDescription)")
        }
    }

    // MARK: - csv

    static func csv(_ input: [UInt8]) {
        var files: [String: [UInt8]] = [:]
        for (name, part) in zip(HRExport.files, input.split(separator: 0x1E, omittingEmptySubsequences: false)) {
            files[name] = Array(part)
        }
        let export: HRExport
        do {
            export = try HRExport.load(files: files, in: "data", languages: fixtures.settings.languages)
        } catch {
            checkOneLine(error.problems)
            return
        }
        checkOneLine(export.invalidRows)
        for problem in export.invalidRows {
            precondition(problem.line != nil, "a problem of a row without its line: \(problem)")
        }
        // The sample's week, for the first companies: planned, and a few digests composed and read back.
        let week = ISOWeek(iso: "2026-W53")!
        for company in export.companies.indices.prefix(2) {
            let companyWeek = CompanyWeek(export: export, company: company, week: week, cap: fixtures.settings.listCap)
            guard let composer = try? fixtures.composer.company(companyWeek) else { continue }
            var composed = 0
            for position in export.employeesByCompany[company] where composed < 3 {
                guard SkipReason.before(content: export.employees[position], in: week) == nil else { continue }
                let view = DigestView(companyWeek, recipient: position)
                guard !view.isEmpty, let digest = try? composer.compose(view) else { continue }
                composed += 1
                checkMessage(digest.bytes(), subject: digest.subject)
            }
        }
    }

    // MARK: - Policy files and Markdown

    static let validFrontMatter = "---\ntitle: \"Fuzz\"\neffective: 2026-01-01\n---\n"

    /// Renders a whole file; every problem one line, every page safe.
    @discardableResult
    static func policyFile(_ text: String) -> PolicyFile.Rendered? {
        do {
            let rendered = try PolicyFile.render(text, path: "policies/fuzz/2026-01-01.en.md", words: fixtures.words)
            checkSafeHTML(rendered.bodyHTML)
            for heading in rendered.contents { checkSafeHTML(Array(heading.utf8)) }
            return rendered
        } catch {
            checkOneLine(error.problems)
            return nil
        }
    }

    static func markdown(_ input: [UInt8]) {
        let parts = input.split(separator: 0x1E, maxSplits: 1, omittingEmptySubsequences: false)
        let newBody = String(decoding: parts.last!, as: UTF8.self)
        // The renderer on its own, on whatever cmark-gfm makes of the text (not refused by the checks).
        let document = CmarkParser.parse(newBody)
        checkSafeHTML(HTMLRenderer().renderBytes(document))
        guard let new = policyFile(validFrontMatter + newBody) else { return }
        let oldBody = parts.count == 2 ? String(decoding: parts[0], as: UTF8.self) : String(newBody.drop { $0 != "\n" })
        guard let old = policyFile(validFrontMatter + oldBody) else { return }
        do {
            checkSafeHTML(Array(try PolicyFile.changesHTML(from: old, to: new, words: fixtures.words).utf8))
        } catch {
            preconditionFailure("the changes page failed: \(error)")
        }
    }

    /// Tags the renderers write; nothing else may appear as a tag in HTML made from Markdown.
    static let tags = Set<String>([
        "a", "blockquote", "code", "del", "details", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "li", "ol", "p",
        "pre", "span", "strong", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul",
    ]).union(HTMLRenderer.allowedInlineTags)
    static let attributes: Set<String> = [
        "alt", "aria-label", "class", "href", "id", "role", "scope", "src", "start", "style", "tabindex", "title",
    ]

    /// Every `<` starts a tag the renderer writes, with attributes it writes; links and images never
    /// carry a script-capable URL. (Raw HTML from the Markdown shows as escaped text.)
    static func checkSafeHTML(_ html: [UInt8]) {
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == 0x2D }
        var index = 0
        while let open = html[index...].firstIndex(of: UInt8(ascii: "<")) {
            var cursor = open + 1
            if cursor < html.count, html[cursor] == UInt8(ascii: "/") { cursor += 1 }
            let nameStart = cursor
            while cursor < html.count, isLetter(html[cursor]) { cursor += 1 }
            let name = String(decoding: html[nameStart..<cursor], as: UTF8.self).lowercased()
            precondition(
                tags.contains(name),
                "unexpected tag <\(name)> in \(String(decoding: html[open..<min(html.count, open + 80)], as: UTF8.self).debugDescription)")
            guard let close = html[cursor...].firstIndex(of: UInt8(ascii: ">")) else { preconditionFailure("a tag that is not closed") }
            // Attributes: name="value" pairs; values are escaped, so they hold no quote.
            var rest = String(decoding: html[cursor..<close], as: UTF8.self)[...]
            while let equals = rest.firstIndex(of: "=") {
                let attribute = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                precondition(attributes.contains(attribute), "unexpected attribute \(attribute) on <\(name)>")
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else {
                    preconditionFailure("an unquoted attribute")
                }
                let value = rest[rest.index(after: rest.startIndex)..<end].lowercased()
                if attribute == "href" || attribute == "src" {
                    for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
                        precondition(!value.hasPrefix(scheme), "a \(scheme) URL got through: \(value)")
                    }
                }
                rest = rest[rest.index(after: end)...]
            }
            index = close + 1
        }
    }

    // MARK: - mime

    /// The fields a digest takes from the export and the words, from the input: the recipient's
    /// name, the subject, both bodies, the company (the list's name) and the recipient's address.
    static func mime(_ input: [UInt8]) {
        let fields = input.split(separator: 0x1F, maxSplits: 5, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        let address = MailAddress.isValid(field(5)) ? field(5) : "someone@example.com"
        guard let to = MailAddress(displayName: field(0), address: address) else { return }
        let settings = fixtures.settings
        let message = MailMessage(
            date: MailDate(day: CivilDate(iso: "2026-12-28")!, hour: 7, minute: 0, offsetSeconds: 3600), from: settings.from, to: to,
            subject: field(1), messageID: MailMessage.messageID(for: [field(0), field(1)], domain: settings.from.domain), language: "en",
            list: (name: field(4), id: settings.listID),
            unsubscribe: (https: settings.unsubscribeLink(token: "abc"), mailto: "mailto:u@example.com"),
            text: field(2), html: field(3))
        let bytes = message.bytes()
        checkMessage(bytes, subject: field(1))
        guard let read = ReadMessage(bytes) else { preconditionFailure("a message that does not read back") }
        precondition(read.parts.count == 2, "the message does not have its two parts")
    }

    /// The header section: CRLF line ends only, no line over 998 octets, exactly the fields written
    /// (no value can end its field or add one), the subject decoding back to itself.
    static func checkMessage(_ bytes: [UInt8], subject: String) {
        var end = 0
        while end + 3 < bytes.count, !(bytes[end] == 0x0D && bytes[end + 1] == 0x0A && bytes[end + 2] == 0x0D && bytes[end + 3] == 0x0A) {
            end += 1
        }
        precondition(end + 3 < bytes.count, "no end of the header section")
        var names: [String] = []
        var lineStart = 0
        var position = 0
        while position < end + 2 {
            let byte = bytes[position]
            if byte == 0x0A { preconditionFailure("a bare LF in the header section") }
            if byte == 0x0D {
                precondition(bytes[position + 1] == 0x0A, "a bare CR in the header section")
                precondition(position - lineStart <= 998, "a header line over 998 octets")
                let line = bytes[lineStart..<position]
                if let first = line.first, first != 0x20, first != 0x09 {
                    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { preconditionFailure("a header line that is no field") }
                    names.append(String(decoding: line[lineStart..<colon], as: UTF8.self))
                }
                position += 2
                lineStart = position
                continue
            }
            position += 1
        }
        let expected = [
            "Date", "From", "To", "Subject", "Message-ID", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted",
            "X-Auto-Response-Suppress", "Precedence", "Content-Language", "MIME-Version", "Content-Type",
        ]
        precondition(names.filter { !$0.hasPrefix("DKIM-") } == expected, "header fields \(names), not the ones written")
        guard let read = ReadMessage(bytes), let decoded = read.field("Subject")?.decoded else {
            preconditionFailure("no Subject read back")
        }
        precondition(decoded == subject, "the subject reads back as \(decoded.debugDescription), not \(subject.debugDescription)")
    }

    // MARK: - token

    /// Verifying never crashes; a token that verifies is exactly the one Gazette signs for what it
    /// names (no second spelling of a valid token).
    static func token(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        guard case .success(let token) = UnsubscribeToken.verify(linkOrToken: text, secret: fixtures.secret) else { return }
        let canonical = token.signed(with: fixtures.secret)
        precondition(text.contains(canonical), "\(text.debugDescription) verifies but is not the token signed for \(token)")
    }
}
