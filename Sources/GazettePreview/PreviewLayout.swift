import GazetteHTML

/// The frame of every preview page: head, skip link, header, one `main`, footer.
enum PreviewLayout {
    static func page(title: String, generation: Int, _ content: (inout HTMLBuilder) -> Void) -> String {
        var page = HTMLBuilder()
        page.markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        page.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.open("meta", ["name": "gazette-generation", "content": String(generation)])
        page.markup("\n")
        page.element("title", text: title + " · Gazette preview")
        page.markup(
            "\n<link rel=\"stylesheet\" href=\"/assets/preview.css\">\n<script src=\"/assets/preview.js\" defer></script>\n</head>\n<body>\n"
        )
        page.markup("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
        page.markup("<header class=\"bar\"><a class=\"brand\" href=\"/\">Gazette preview</a></header>\n<main id=\"main\">\n")
        content(&page)
        page.markup("\n</main>\n<footer class=\"foot\"><p>Pages follow the files: edit a template, a locale file, a CSV file or ")
        page.markup("gazette.yml and reload (with JavaScript on, open pages reload by themselves).</p></footer>\n</body>\n</html>\n")
        return page.html
    }
}
