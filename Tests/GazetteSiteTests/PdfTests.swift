import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteSite

/// The PDF of every version (WeasyPrint, installed by `make deps`), checked with pdfinfo (poppler-utils).
/// One suite, run serially: the first build renders, the others reuse or re-render.
@Suite("PDF of every version", .serialized)
struct PdfTests {
    static func pdfinfo(_ path: String) throws -> [String: String] {
        let tool = try #require(TestSupport.which("pdfinfo"), "pdfinfo is not installed: run `make deps` (poppler-utils)")
        let result = try runProgram(tool, [path])
        #expect(result.status == 0, "\(result.error)")
        var fields: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    static func inode(_ path: String) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? UInt64
    }

    @Test func everyVersionHasAValidPDFMadeOnlyWhenItsSourceChanged() throws {
        try #require(TestSupport.which("weasyprint") != nil, "weasyprint is not installed: run `make deps`")
        let fixture = SiteFixture(content: VersionTests.content, pdf: true)
        let first = try fixture.build(today: "2026-06-01")
        let pdfs = fixture.scratch.snapshot("Output/site").keys.filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(
            pdfs == [
                "en/privacy/2025-01-01/privacy-2025-01-01-en.pdf", "en/terms/2025-01-01/terms-2025-01-01-en.pdf",
                "en/terms/2026-01-01/terms-2026-01-01-en.pdf", "en/terms/2026-09-01/terms-2026-09-01-en.pdf",
                "nl/privacy/2025-01-01/privacy-2025-01-01-nl.pdf", "nl/privacy/2026-03-01/privacy-2026-03-01-nl.pdf",
                "nl/privacy/2026-10-01/privacy-2026-10-01-nl.pdf", "nl/terms/2025-01-01/terms-2025-01-01-nl.pdf",
                "nl/terms/2026-01-01/terms-2026-01-01-nl.pdf", "nl/terms/2026-09-01/terms-2026-09-01-nl.pdf",
            ])
        #expect(first.pdfs == 10 && first.pdfsRendered == 10)
        for pdf in pdfs {
            let bytes = try #require(fixture.scratch.snapshot("Output/site")[pdf])
            #expect(bytes.starts(with: Data("%PDF-".utf8)))
            #expect(String(decoding: bytes.suffix(32), as: UTF8.self).contains("%%EOF"))
            let info = try Self.pdfinfo(fixture.outputPath + "/" + pdf)
            #expect(Int(info["Pages"] ?? "") ?? 0 >= 1, "\(pdf)")
            #expect(info["Author"] == "Versions HR")
            #expect(info["CreationDate"] == nil, "no clock in the PDF")
        }
        #expect(try Self.pdfinfo(fixture.outputPath + "/en/terms/2026-01-01/terms-2026-01-01-en.pdf")["Title"] == "Terms")
        // Linked from the version page, the current page's list and the feed.
        let versionPage = try #require(fixture.page("en/terms/2026-01-01/index.html"))
        #expect(
            versionPage.contains(
                "<a href=\"../../../en/terms/2026-01-01/terms-2026-01-01-en.pdf\" type=\"application/pdf\" download>Download as PDF (to store or print)</a>"
            ))
        #expect(
            fixture.page("en/terms/index.html")?.contains("terms-2025-01-01-en.pdf\" type=\"application/pdf\" download>PDF</a>") == true)
        #expect(
            fixture.page("en/feed.xml")?.contains(
                "<link rel=\"enclosure\" type=\"application/pdf\" href=\"https://legal.versions.example/en/terms/2026-01-01/terms-2026-01-01-en.pdf\"/>"
            ) == true)
        // The text is in the PDF (its print HTML holds the document, not the day's notices).
        if let pdftotext = TestSupport.which("pdftotext") {
            let text = try runProgram(pdftotext, [fixture.outputPath + "/en/terms/2026-01-01/terms-2026-01-01-en.pdf", "-"]).output
            #expect(text.contains("The customer may terminate with one month notice."))
            #expect(text.contains("https://legal.versions.example/en/terms/2026-01-01/"))
            #expect(!text.contains("This version has been in force since"))
        }

        // A rebuild, another day: same PDFs, all from the cache, the very same files (hard links).
        let cached = fixture.path("Output/.cache/pdf")
        let inodes = pdfs.map { Self.inode(fixture.outputPath + "/" + $0) }
        let snapshot = fixture.scratch.snapshot("Output/site").filter { $0.key.hasSuffix(".pdf") }
        let second = try fixture.build(today: "2026-09-01")
        #expect(second.pdfs == 10 && second.pdfsRendered == 0)
        #expect(pdfs.map { Self.inode(fixture.outputPath + "/" + $0) } == inodes)
        #expect(fixture.scratch.snapshot("Output/site").filter { $0.key.hasSuffix(".pdf") } == snapshot)
        #expect(FileTree.files(below: cached, withSuffix: ".pdf")?.count == 10)

        // One version edited: only its PDF is made again.
        fixture.write(
            "policies/terms/2026-09-01.en.md",
            "---\ntitle: \"Terms\"\neffective: 2026-09-01\nannounced: 2026-07-15\n---\n## Article 1 – Use\n\n1.1 Edited.\n")
        let third = try fixture.build(today: "2026-09-01")
        #expect(third.pdfsRendered == 1)
        #expect(FileTree.files(below: cached, withSuffix: ".pdf")?.count == 10, "the replaced PDF left the cache")
        // A stylesheet change makes them all again.
        let templates = fixture.path("Templates")
        fixture.scratch.copy(TestSupport.path("Templates"), to: "Templates")
        try (String(contentsOfFile: templates + "/assets/print.css", encoding: .utf8) + "\nh1 { letter-spacing: 0.01em; }\n")
            .write(toFile: templates + "/assets/print.css", atomically: true, encoding: .utf8)
        let fourth = try fixture.build(today: "2026-09-01", templates: templates)
        #expect(fourth.pdfsRendered == 10)
    }

    /// WeasyPrint writes no dates and, with a fixed hash seed, the same font subsets: two builds in
    /// different folders with empty caches give the same bytes, PDFs included.
    @Test func rebuildsWithPDFsAreByteIdentical() throws {
        try #require(TestSupport.which("weasyprint") != nil, "weasyprint is not installed: run `make deps`")
        let fixture = SiteFixture(pdf: true)
        try fixture.build()
        let other = SiteFixture(pdf: true)
        try other.build()
        let first = fixture.scratch.snapshot("Output/site")
        #expect(first.keys.filter { $0.hasSuffix(".pdf") }.count == 7)
        #expect(other.scratch.snapshot("Output/site") == first)
    }

    @Test func withoutTheRendererTheBuildSaysWhatToDo() throws {
        #expect(
            throws: RunFailure(
                "weasyprint is not installed, and PDFs are on: run `make deps`, or set `pdf: false` under site: in gazette.yml")
        ) {
            try PDFStep.findRenderer(searchPath: "/nonexistent")
        }
    }

    @Test func pdfsCanBeTurnedOff() throws {
        let fixture = SiteFixture(pdf: false)
        let report = try fixture.build()
        #expect(report.pdfs == 0)
        #expect(!fixture.scratch.snapshot("Output/site").keys.contains { $0.hasSuffix(".pdf") })
        #expect(fixture.page("nl/terms/2026-01-01/index.html")?.contains(".pdf") == false)
        #expect(fixture.page("nl/feed.xml")?.contains("application/pdf") == false)
        #expect(!fixture.scratch.exists("Output/.cache"))
    }
}
