/// Writes HTML pages in Swift (the preview's). Markup comes only from string literals (`StaticString`); every text
/// and attribute value goes through `HTMLEscaping`, so nothing from the export, the settings or a
/// template error reaches a page as markup.
public struct HTMLBuilder: Sendable {
    public private(set) var html = ""

    public init() {}

    /// Literal markup.
    public mutating func markup(_ markup: StaticString) {
        html += markup.description
    }

    /// Escaped text.
    public mutating func text(_ text: String) {
        HTMLEscaping.appendText(text, to: &html)
    }

    /// A start tag; an attribute whose value is nil is left out (a boolean one is on with "").
    public mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        html += "<" + tag.description
        for (name, value) in attributes {
            guard let value else { continue }
            html += " " + name.description + "=\""
            HTMLEscaping.appendAttribute(value, to: &html)
            html += "\""
        }
        html += ">"
    }

    public mutating func close(_ tag: StaticString) {
        html += "</" + tag.description + ">"
    }

    /// An element holding escaped text.
    public mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// An element whose content `body` writes.
    public mutating func element(
        _ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ body: (inout HTMLBuilder) -> Void
    ) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }
}
