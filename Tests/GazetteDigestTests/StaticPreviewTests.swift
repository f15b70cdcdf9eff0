import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

/// Output/preview/<week>/: written by the batch next to the mail folder, opening from disk.
@Suite struct StaticPreviewTests {
    @Test func theBatchWritesAPreviewThatOpensFromDisk() throws {
        let folder = ScratchFolder("gazette-static-preview")
        let options = DigestBatch.Options(sources: Sample.sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53"))
        _ = try DigestBatch.run(options)
        let index = try #require(folder.read("preview/2026-W53/index.html"))
        #expect(index.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(index.contains("<h1>Digest preview: week 2026-W53</h1>"))
        #expect(
            index.contains(
                "52 written, 10 skipped (inactive 3, not_onboarded 3, opted_out 2, no_email 1, invalid_email 1), 0 invalid rows."))

        // Every employee is listed; every link leads to a file that exists (relative, for file://).
        for employee in Sample.export.employees {
            #expect(index.contains("<span class=\"id\">\(employee.id)</span>"), "\(employee.id)")
        }
        let links = index.matches(of: /href="([^"]+)"/).map { String($0.output.1) }
        #expect(links.count == 52 * 3)
        for link in links {
            #expect(!link.hasPrefix("/") && !link.contains("://"), "\(link)")
            #expect(FileManager.default.fileExists(atPath: folder.path + "/preview/2026-W53/" + link), "\(link)")
        }
        #expect(index.contains("<a href=\"../../mail/2026-W53/leie/E1001.eml\" download>.eml</a>"))
        #expect(index.contains("<td class=\"skipped\">skipped: opted_out</td><td></td>"))
        #expect(index.contains("<iframe name=\"email\" title=\"The chosen email part\" sandbox></iframe>"))

        // The parts are the digest's own HTML and text, their final line break too (the one before the
        // MIME boundary belongs to the boundary), the text with a byte-order mark so that a browser
        // reads it as UTF-8.
        for (id, digest) in try Sample.allDigests("2026-W53") {
            let company = Sample.export.companies[Sample.export.companyOfEmployee[Sample.employee(id)]].id
            let html = try #require(folder.read("preview/2026-W53/\(company)/\(id).html"))
            #expect(html == digest.html, "\(id)")
            let text = try #require(FileManager.default.contents(atPath: folder.path + "/preview/2026-W53/\(company)/\(id).txt"))
            #expect(Array(text.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: text.dropFirst(3), as: UTF8.self) == digest.text, "\(id)")
        }
        #expect(!folder.exists("preview/2026-W53/leie/E1015.html"))
    }

    /// The list laid out by headless Chromium: at 1280 px the "Open" column (HTML, text, .eml) fits
    /// beside the email's frame (it was cut after "HTML t": 664 px of content in a 604 px box); at
    /// 390 px each employee is a block with every link on the screen.
    @Test func theListFitsAtDesktopAndPhoneWidths() throws {
        let folder = ScratchFolder("gazette-static-preview-layout")
        _ = try DigestBatch.run(DigestBatch.Options(sources: Sample.sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53")))
        let widths = [1280, 390]
        let list = "main > section:first-child", links = "tbody td:last-child a"
        let layouts = try BrowserLayout.measure(
            "file://" + folder.path + "/preview/2026-W53/index.html", widths: widths,
            selectors: [list, "main > section table", links, "iframe"],
            screenshots: folder.path)
        BrowserLayout.keepScreenshots(from: folder.path, widths: widths, name: "static-preview")
        for width in widths {
            let layout = try #require(layouts[width])
            let section = try #require(layout.boxes[list]?.first)
            let table = try #require(layout.boxes["main > section table"]?.first)
            #expect(layout.scrollWidth <= width, "\(width): the page does not scroll sideways")
            #expect(
                section.scrollWidth <= section.clientWidth,
                "\(width): the list does not overflow its box (\(section.scrollWidth) in \(section.clientWidth))")
            #expect(table.right <= section.right + 0.5, "\(width)")
            let opened = try #require(layout.boxes[links])
            #expect(opened.count == 52 * 3)
            for link in opened {
                #expect(link.right > link.left && link.right <= section.right + 0.5, "\(width): every link is whole on the screen: \(link)")
            }
            let frame = try #require(layout.boxes["iframe"]?.first)
            if width == 1280 {
                #expect(frame.left >= section.right, "beside the list")
            } else {
                #expect(frame.top >= section.bottom, "under the list")
            }
        }
    }

    @Test func anotherRunReplacesThePreviewWhole() throws {
        let folder = ScratchFolder("gazette-static-preview-rerun")
        _ = try DigestBatch.run(DigestBatch.Options(sources: Sample.sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53")))
        folder.write("preview/2026-W53/leie/E9999.html", "stale")
        // E1001 opts out: their parts go with the next run.
        let copy = ExportCopy()
        copy.append(to: "optouts.csv", "E1001,2026-12-28T09:00:00Z")
        var sources = Sample.sources
        sources.data = copy.data
        _ = try DigestBatch.run(DigestBatch.Options(sources: sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53")))
        #expect(!folder.exists("preview/2026-W53/leie/E9999.html"))
        #expect(!folder.exists("preview/2026-W53/leie/E1001.html"))
        #expect(folder.read("preview/2026-W53/index.html")!.contains("51 written, 11 skipped"))
        // Nothing is left beside the folder (staging folders are renamed or removed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/preview") == ["2026-W53"])
    }

    /// `digest.static_preview: false` (very large exports, benchmarks) writes no preview, and so does a
    /// gazette.yml that does not mention it: off by default outside the sample, which turns it on.
    @Test func theSettingTurnsItOffAndItIsOffByDefault() throws {
        let folder = ScratchFolder("gazette-static-preview-off")
        let sample = try #require(
            FileManager.default.contents(atPath: TestSupport.path("Content/gazette.yml")).map {
                String(decoding: $0, as: UTF8.self)
            })
        #expect(sample.contains("\n  static_preview: true\n"))
        var sources = Sample.sources
        sources.config = folder.path + "/gazette.yml"
        for (index, text) in [
            sample.replacingOccurrences(of: "static_preview: true", with: "static_preview: false"),
            sample.replacingOccurrences(of: "  static_preview: true\n", with: ""),
        ].enumerated() {
            folder.write("gazette.yml", text)
            _ = try DigestBatch.run(
                DigestBatch.Options(sources: sources, output: folder.path + "/mail\(index)", week: ISOWeek(iso: "2026-W53")))
            #expect(folder.exists("mail\(index)/2026-W53/manifest.json"))
            #expect(!folder.exists("preview"))
        }
        let line = sample.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("static_preview") }! + 1
        folder.write("gazette.yml", sample.replacingOccurrences(of: "static_preview: true", with: "static_preview: maybe"))
        #expect(
            throws: InputError(
                InputProblem(path: folder.path + "/gazette.yml", line: line, "\"static_preview\" is \"maybe\": expected true or false"))
        ) {
            try DigestBatch.run(DigestBatch.Options(sources: sources, output: folder.path + "/mail", week: ISOWeek(iso: "2026-W53")))
        }
        #expect(try DigestSettings(from: SettingsFile.load(TestSupport.path("Content/gazette.yml"))).staticPreview)
    }

    @Test(arguments: [
        ("Output/mail/2026-W53", "Output/preview/2026-W53"), ("/srv/gazette/mail/2027-W12", "/srv/gazette/preview/2027-W12"),
        ("mail/2026-W53", "preview/2026-W53"),
    ])
    func thePreviewSitsNextToTheMailFolder(_ mail: String, _ preview: String) {
        #expect(StaticPreview.directory(forMailDirectory: mail) == preview)
    }

    @Test func namesAreEscaped() throws {
        let copy = ExportCopy()
        copy.replaceLine(
            in: "employees.csv", startingWith: "E1001,",
            with:
                "E1001,leie,<b>Vermeulen</b>,\"Wouter \"\"&\"\"\",wouter.vermeulen@brouwerij-leie.example,,Brouwzaal,2009-03-01,,1978-05-14,true,true,false,CC-100"
        )
        var sources = Sample.sources
        sources.data = copy.data
        _ = try DigestBatch.run(DigestBatch.Options(sources: sources, output: copy.folder.path + "/mail", week: ISOWeek(iso: "2026-W53")))
        let index = try #require(copy.folder.read("preview/2026-W53/index.html"))
        #expect(index.contains("<td>Wouter &quot;&amp;&quot; &lt;b&gt;Vermeulen&lt;/b&gt; <span class=\"id\">E1001</span></td>"))
        #expect(!index.contains("<b>Vermeulen"))
    }
}
