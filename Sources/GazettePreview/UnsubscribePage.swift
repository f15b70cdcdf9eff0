import GazetteCore
import GazetteHTML

/// The pages behind an unsubscribe link, in the recipient's language (the words are under
/// `digest.unsubscribe_page` in Templates/locales/<lang>.yml): the confirmation with its one button,
/// and the result. They stand alone (no preview header): this is what a recipient sees, so they look
/// like the emails (their card, colours and type; `/assets/unsubscribe.css`), with a labelled form,
/// a visible focus ring and text that passes WCAG AA contrast.
enum UnsubscribePage {
    static let keys = ["title", "question", "button", "done", "already", "invalid"].map { "digest.unsubscribe_page." + $0 }

    /// Fails, with file and line, when a language lacks a word or uses an unknown placeholder.
    static func checkWords(_ locales: LocaleCatalog, languages: [String]) throws(InputError) {
        var problems = ProblemList()
        for language in languages {
            for key in keys {
                _ = problems.collect { () throws(InputError) in try locales[language].format(key, ["name": "", "company": ""]) }
            }
        }
        try problems.check()
    }

    /// The confirmation: a form that POSTs `List-Unsubscribe=One-Click` to the same URL (RFC 8058's
    /// body), or, when the employee is already out, a line that says so without a button.
    static func confirmation(_ words: LocaleWords, name: String, company: String, alreadyOut: Bool) throws(InputError) -> String {
        let values = ["name": name, "company": company]
        let title = try words.text("digest.unsubscribe_page.title")
        let question = try words.format("digest.unsubscribe_page.question", values)
        let already = try words.format("digest.unsubscribe_page.already", values)
        let button = try words.text("digest.unsubscribe_page.button")
        return page(language: words.language, title: title, company: company) { page in
            if alreadyOut {
                page.element("p", ["role": "status"], text: already)
            } else {
                page.element("p", ["id": "question"], text: question)
                // The question labels the form; the button says what it does.
                page.element("form", ["method": "post", "aria-labelledby": "question"]) { form in
                    form.open("input", ["type": "hidden", "name": "List-Unsubscribe", "value": "One-Click"])
                    form.element("button", ["type": "submit"], text: button)
                }
            }
        }
    }

    /// After the POST: done, or already done (nothing changed).
    static func result(_ words: LocaleWords, name: String, company: String, added: Bool) throws(InputError) -> String {
        let values = ["name": name, "company": company]
        let title = try words.text("digest.unsubscribe_page.title")
        let line = try words.format(added ? "digest.unsubscribe_page.done" : "digest.unsubscribe_page.already", values)
        return page(language: words.language, title: title, company: company) { page in
            page.element("p", ["role": "status"], text: line)
        }
    }

    /// An invalid link: the language is unknown, so the line is given in every language.
    static func invalid(_ locales: LocaleCatalog, languages: [String]) -> String {
        page(language: languages.first ?? "en", title: "Unsubscribe") { page in
            for language in languages {
                if let line = try? locales[language].text("digest.unsubscribe_page.invalid") {
                    page.element("p", ["lang": language], text: line)
                }
            }
        }
    }

    static func page(language: String, title: String, company: String? = nil, _ content: (inout HTMLBuilder) -> Void) -> String {
        var page = HTMLBuilder()
        page.markup("<!DOCTYPE html>\n")
        page.open("html", ["lang": language])
        page.markup("\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.markup("<meta name=\"color-scheme\" content=\"light dark\">\n")
        page.element("title", text: title)
        page.markup("\n<link rel=\"stylesheet\" href=\"/assets/unsubscribe.css\">\n</head>\n<body>\n<main id=\"main\" class=\"optout\">\n")
        if let company { page.element("p", ["class": "company"], text: company) }
        page.element("h1", text: title)
        content(&page)
        page.markup("\n</main>\n</body>\n</html>\n")
        return page.html
    }
}
