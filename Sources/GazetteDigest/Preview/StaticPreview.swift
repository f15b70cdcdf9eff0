import Foundation
import GazetteCore
import GazetteHTML
import GazetteMail

#if canImport(Glibc)
import Glibc
#endif

/// `Output/preview/<week>/`: the week's batch as pages that open from disk (file://), no server.
///
/// `index.html` lists every employee of the manifest with outcome, skip reason, company, team and
/// language, and opens each written email's HTML and text part, written next to it as
/// `<company>/<employee>.html` and `.txt`. The parts are read back from the .eml files, so the preview
/// shows exactly what was written. The folder is built aside and swapped in whole; the same batch
/// gives the same bytes.
public enum StaticPreview {
    /// The preview folder for a week written to `mailDirectory`: `preview/<week>` next to the mail
    /// output folder (`Output/mail/2026-W53` → `Output/preview/2026-W53`).
    public static func directory(forMailDirectory mailDirectory: String) -> String {
        let output = (mailDirectory as NSString).deletingLastPathComponent
        let root = (output as NSString).deletingLastPathComponent
        return (root.isEmpty ? "" : root + "/") + "preview/" + (mailDirectory as NSString).lastPathComponent
    }

    /// Writes the preview of the week in `mailDirectory` (its .eml files and `manifest`), companies
    /// on up to `jobs` threads.
    public static func write(_ manifest: Manifest, export: HRExport, mailDirectory: String, jobs: Int = Parallel.defaultWorkers) throws {
        let target = directory(forMailDirectory: mailDirectory)
        let output = (mailDirectory as NSString).deletingLastPathComponent
        // From Output/preview/<week>/index.html to Output/mail/<week>/<path>.
        let emlPrefix = "../../" + (output as NSString).lastPathComponent + "/" + manifest.week.description + "/"
        // The written emails per company, in manifest order.
        var order: [String] = []
        var paths: [String: [(employee: String, path: String)]] = [:]
        for entry in manifest.entries {
            guard case .written(let path, _) = entry.outcome else { continue }
            if paths[entry.company] == nil { order.append(entry.company) }
            paths[entry.company, default: []].append((entry.employee, path))
        }
        let companies = order
        let written = paths
        try AtomicOutput.replaceDirectory(target) { staging in
            _ = try Parallel.map(companies.count, workers: jobs) { index in
                let company = companies[index]
                try AtomicOutput.makeDirectory(staging + "/" + company)
                for (employee, path) in written[company]! {
                    let parts = try Self.parts(ofMessageAt: mailDirectory + "/" + path)
                    let base = staging + "/" + company + "/" + employee
                    try AtomicOutput.writeStaged(parts.html, to: base + ".html")
                    // The byte-order mark makes browsers read a text file from disk as UTF-8.
                    try AtomicOutput.writeStaged([0xEF, 0xBB, 0xBF] + parts.text, to: base + ".txt")
                }
            }
            let page = StaticPreviewPage(manifest: manifest, export: export, emlPrefix: emlPrefix)
            try AtomicOutput.writeStaged(Array(page.html.utf8), to: staging + "/index.html")
        }
    }

    /// The text and HTML parts of the .eml at `path`, as bytes with LF line ends (MIME parts have
    /// CRLF; the files get the templates' LF).
    static func parts(ofMessageAt path: String) throws(RunFailure) -> (text: [UInt8], html: [UInt8]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunFailure("cannot read \(path) for the preview: \(String(cString: strerror(errno)))")
        }
        guard let message = ReadMessage([UInt8](data)), let text = message.parts.first(where: { $0.mediaType == "text/plain" }),
            let html = message.parts.first(where: { $0.mediaType == "text/html" })
        else { throw RunFailure("\(path) has no text and HTML part: cannot preview it") }
        return (withoutCR(text.content), withoutCR(html.content))
    }

    /// `bytes` with every CR that comes before an LF left out.
    static func withoutCR(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for index in bytes.indices where !(bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            output.append(bytes[index])
        }
        return output
    }
}

/// The page of a static preview: a list of the batch beside a frame that shows the chosen part.
struct StaticPreviewPage {
    let manifest: Manifest
    let export: HRExport
    let emlPrefix: String

    var html: String {
        var out = ""
        let week = manifest.week.description
        var written = 0
        var skipped: [SkipReason: Int] = [:]
        for entry in manifest.entries {
            switch entry.outcome {
            case .written: written += 1
            case .skipped(let reason): skipped[reason, default: 0] += 1
            }
        }
        let reasons = SkipReason.allCases.compactMap { reason in skipped[reason].map { "\(reason.rawValue) \($0)" } }
        out += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Digest preview: week \(week)</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>Digest preview: week \(week)</h1>
            <p>\(written) written, \(skipped.values.reduce(0, +)) skipped\(reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")"), \
            \(manifest.invalidRows.count) invalid rows. Choose a part to open it beside the list; \
            <code>gazette preview</code> shows headers, checks and the privacy panel.</p>
            </header>
            <main>
            <section aria-labelledby="batch">
            <h2 id="batch">Employees</h2>
            <table>
            <thead><tr><th scope="col">Employee</th><th scope="col">Company</th><th scope="col">Team</th>\
            <th scope="col">Language</th><th scope="col">Outcome</th><th scope="col">Open</th></tr></thead>
            <tbody>

            """
        for entry in manifest.entries {
            let employee = export.employeeIndex[entry.employee].map { export.employees[$0] }
            let company = export.companyIndex[entry.company].map { export.companies[$0] }
            out +=
                "<tr><td>" + Self.escape(employee?.fullName ?? "") + " <span class=\"id\">" + Self.escape(entry.employee) + "</span></td>"
            out += "<td>" + Self.escape(company?.name ?? entry.company) + "</td>"
            out += "<td>" + Self.escape(employee?.team ?? "") + "</td>"
            out += "<td>" + Self.escape(employee?.locale ?? company?.locale ?? "") + "</td>"
            switch entry.outcome {
            case .written(let path, _):
                let base = Self.escape(entry.company + "/" + entry.employee)
                out += "<td>written</td><td><a href=\"\(base).html\" target=\"email\">HTML</a> "
                out += "<a href=\"\(base).txt\" target=\"email\">text</a> "
                out += "<a href=\"" + Self.escape(emlPrefix + path) + "\" download>.eml</a></td></tr>\n"
            case .skipped(let reason):
                out += "<td class=\"skipped\">skipped: \(reason.rawValue)</td><td></td></tr>\n"
            }
        }
        out += "</tbody>\n</table>\n"
        if !manifest.invalidRows.isEmpty {
            out += "<h2>Invalid rows left out</h2>\n<ul>\n"
            for problem in manifest.invalidRows { out += "<li>" + Self.escape(problem.description) + "</li>\n" }
            out += "</ul>\n"
        }
        out += """
            </section>
            <section aria-labelledby="shown">
            <h2 id="shown">Email <span class="id">(choose HTML or text in the list)</span></h2>
            <iframe name="email" title="The chosen email part" sandbox></iframe>
            </section>
            </main>
            </body>
            </html>

            """
        return out
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    static let style = """
        body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d2430;background:#f6f7f9}\
        header{padding:12px 20px;background:#1d2430;color:#fff}header h1{margin:0;font-size:1.3em}header p{margin:4px 0 0}\
        main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,620px);gap:16px;padding:16px 20px}\
        main>section{min-width:0;overflow-x:auto}\
        h2{font-size:1.1em;margin:0 0 8px}table{border-collapse:collapse;width:100%;background:#fff}\
        th,td{text-align:left;padding:3px 5px;border-bottom:1px solid #dde1e6;vertical-align:top;font-size:.9em}\
        .id{display:block;color:#59616d;font-size:.85em}.skipped{color:#8a4b00}td:last-child{white-space:nowrap}\
        iframe{width:100%;height:85vh;border:1px solid #c8cdd4;background:#fff;position:sticky;top:8px}\
        a{color:#0b57d0}code{background:rgba(255,255,255,.15);padding:0 3px}\
        @media (max-width:1439px){main{grid-template-columns:minmax(0,1fr) minmax(0,520px)}}\
        @media (max-width:900px){main{grid-template-columns:1fr}}\
        @media (max-width:640px){main{padding:12px 10px}table,tbody,tr,td{display:block}thead{position:absolute;left:-9999px}\
        tr{padding:6px 4px;border-bottom:1px solid #dde1e6}td{border:0;padding:0 2px}td:empty{display:none}\
        td:nth-child(2),td:nth-child(3),td:nth-child(4){display:inline;color:#59616d}\
        td:nth-child(2)::after,td:nth-child(3):not(:empty)::after{content:" ·"}td:last-child{margin-top:2px}\
        td:last-child a{display:inline-block;padding:4px 10px 4px 0}}\
        @media (prefers-color-scheme:dark){body{background:#16181d;color:#e8e8e8}table{background:#22252b}\
        th,td{border-color:#3a3f47}.id{color:#b4b9c0}a{color:#8fc1ff}.skipped{color:#ffb86b}}
        """
}
