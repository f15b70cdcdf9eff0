import GazetteMarkdown

/// Writes the preview's pages. Markup comes only from string literals (`StaticString`); every text
/// and attribute value goes through `HTMLEscaping`, so nothing from the export, the settings or a
/// template error reaches a page as markup.
struct HTMLBuilder {
    private(set) var html = ""

    /// Literal markup.
    mutating func markup(_ markup: StaticString) {
        html += markup.description
    }

    /// Escaped text.
    mutating func text(_ text: String) {
        HTMLEscaping.appendText(text, to: &html)
    }

    /// A start tag; an attribute whose value is nil is left out (a boolean one is on with "").
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        html += "<" + tag.description
        for (name, value) in attributes {
            guard let value else { continue }
            html += " " + name.description + "=\""
            HTMLEscaping.appendAttribute(value, to: &html)
            html += "\""
        }
        html += ">"
    }

    mutating func close(_ tag: StaticString) {
        html += "</" + tag.description + ">"
    }

    /// An element holding escaped text.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// An element whose content `body` writes.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ body: (inout HTMLBuilder) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }
}

/// The frame of every preview page: head, skip link, header, one `main`, footer.
enum PreviewLayout {
    static func page(title: String, generation: Int, _ content: (inout HTMLBuilder) -> Void) -> String {
        var page = HTMLBuilder()
        page.markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        page.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.open("meta", ["name": "gazette-generation", "content": String(generation)])
        page.markup("\n")
        page.element("title", text: title + " · Gazette preview")
        page.markup("\n<link rel=\"stylesheet\" href=\"/assets/preview.css\">\n<script src=\"/assets/preview.js\" defer></script>\n</head>\n<body>\n")
        page.markup("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
        page.markup("<header class=\"bar\"><a class=\"brand\" href=\"/\">Gazette preview</a></header>\n<main id=\"main\">\n")
        content(&page)
        page.markup("\n</main>\n<footer class=\"foot\"><p>Pages follow the files: edit a template, a locale file, a CSV file or ")
        page.markup("gazette.yml and reload (with JavaScript on, open pages reload by themselves).</p></footer>\n</body>\n</html>\n")
        return page.html
    }
}
