import Foundation
import GazetteCore

/// The benchmark's policy corpus as a Hugo site: the same Markdown files, one page each, with a
/// layout that shows the title, a table of contents and the text (as Gazette's pages do).
enum HugoProject {
    static func make(from corpus: String, at folder: String) throws -> String {
        try AtomicOutput.makeDirectory(folder + "/layouts/_default")
        try AtomicOutput.write(
            """
            baseURL = "https://legal.bench.example/"
            title = "Benchmark corpus"
            disableKinds = ["taxonomy", "term", "RSS"]
            [markup.goldmark.renderer]
            unsafe = false
            [markup.tableOfContents]
            startLevel = 2
            endLevel = 4

            """, to: folder + "/hugo.toml")
        try AtomicOutput.write(
            """
            <!DOCTYPE html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
            <body><main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>

            """, to: folder + "/layouts/_default/single.html")
        try AtomicOutput.write(
            """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
            <body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>

            """, to: folder + "/layouts/_default/list.html")
        let policies = corpus + "/policies"
        for slug in try FileManager.default.contentsOfDirectory(atPath: policies).sorted() {
            for file in try FileManager.default.contentsOfDirectory(atPath: policies + "/" + slug) where file.hasSuffix(".md") {
                let language = file.split(separator: ".").dropLast().last.map(String.init) ?? "en"
                let text = try String(contentsOfFile: policies + "/" + slug + "/" + file, encoding: .utf8)
                    .replacingOccurrences(of: "\neffective:", with: "\ndate:")
                try AtomicOutput.makeDirectory(folder + "/content/" + language)
                try AtomicOutput.write(text, to: folder + "/content/\(language)/\(slug).md")
            }
        }
        return folder
    }
}
