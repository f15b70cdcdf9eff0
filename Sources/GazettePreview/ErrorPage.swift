import GazetteCore

/// The page for a request that cannot be answered: the inputs' problems with file and line (the
/// server keeps running, and the page reloads once the files change), or what was not found.
enum ErrorPage {
    static func html(_ failure: PreviewFailure, generation: Int) -> String {
        switch failure {
        case .input(let error):
            return PreviewLayout.page(title: "Input problems", generation: generation) { page in
                page.element(
                    "h1", text: "The preview cannot render: \(error.problems.count) input problem\(error.problems.count == 1 ? "" : "s")")
                page.element(
                    "p",
                    text:
                        "Fix the files named below and save; this page follows (with JavaScript on it reloads by itself, else reload it). The server keeps running."
                )
                page.element("ul", ["class": "problems"]) { list in
                    for problem in error.problems { list.element("li", text: problem.description) }
                }
            }
        case .notFound(let message):
            return simple("Not found", message, generation: generation)
        case .badRequest(let message):
            return simple("Bad request", message, generation: generation)
        case .run(let failure):
            return simple("The preview failed", failure.message, generation: generation)
        }
    }

    static func simple(_ title: String, _ message: String, generation: Int) -> String {
        PreviewLayout.page(title: title, generation: generation) { page in
            page.element("h1", text: title)
            page.element("p", text: message)
            page.element("p") { line in line.element("a", ["href": "/"], text: "All employees") }
        }
    }
}
