import GazetteCore
import GazetteHTML
import GazetteSite
import Hummingbird

/// `/site/…`: the policy site in the preview, each page made on request from the files as they are
/// now, with a script that reloads it when they change; the inputs' problems (file:line) in place of
/// a page until they are fixed.
struct SiteRoutes: Sendable {
    let store: SitePreviewStore

    /// Site pages may use their own stylesheets and scripts, and the reload script; nothing else.
    static let policy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "base-uri 'none'; frame-ancestors 'none'"

    func add(to router: Router<BasicRequestContext>) {
        // (The router matches /site/ here too: only /site without its slash is sent on.)
        router.get("/site") { request, _ in request.uri.path.hasSuffix("/") ? await page("") : Self.redirect(to: "/site/") }
        router.get("/site/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            // A folder's page needs its slash: its links are relative to it.
            let last = path.split(separator: "/").last ?? ""
            if !request.uri.path.hasSuffix("/"), !path.isEmpty, !last.contains(".") {
                return Self.redirect(to: "/site/" + path + "/")
            }
            return await page(path)
        }
        router.get("/generation/site") { request, _ in
            let seen = Query(request.uri.query)["seen"].flatMap { Int($0) }
            return Responses.text(String(await store.generation(after: seen))).response
        }
        router.get("/assets/site-reload.js") { _, _ in Responses.asset(Self.reloadScript, type: "text/javascript; charset=utf-8").response }
    }

    func page(_ path: String) async -> Response {
        let snapshot = await store.snapshot()
        let pages: SitePages
        switch snapshot.loaded {
        case .success(let loaded): pages = loaded
        case .failure(let failure): return problemsPage(failure, generation: snapshot.generation)
        }
        do {
            guard let page = try pages.page(at: path) else {
                return notFound(path, generation: snapshot.generation)
            }
            guard page.type.hasPrefix("text/html") else { return Reply(bytes: page.bytes, type: page.type).response }
            return Reply(bytes: Self.withReload(page.bytes, generation: snapshot.generation), type: page.type, policy: Self.policy).response
        } catch {
            return problemsPage(.input(error), generation: snapshot.generation)
        }
    }

    /// The page with the reload script before `</body>`.
    static func withReload(_ html: [UInt8], generation: Int) -> [UInt8] {
        let script = Array("<script src=\"/assets/site-reload.js\" data-generation=\"\(generation)\"></script>\n".utf8)
        let end = Array("</body>".utf8)
        guard html.count >= end.count,
            let index = stride(from: html.count - end.count, through: 0, by: -1).first(where: {
                html[$0..<$0 + end.count].elementsEqual(end)
            })
        else { return html + script }
        return Array(html[..<index]) + script + Array(html[index...])
    }

    /// The inputs' problems, each as `path:line: message`, with the reload script: the page follows
    /// the files, and shows the site again once they are fixed.
    func problemsPage(_ failure: PreviewFailure, generation: Int) -> Response {
        let problems: [String]
        switch failure {
        case .input(let error): problems = error.problems.map(\.description)
        case .run(let failure): problems = [failure.message]
        case .notFound(let message), .badRequest(let message): problems = [message]
        }
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The site cannot be shown</title>\n"
        html += "<link rel=\"stylesheet\" href=\"/assets/preview.css\">\n</head>\n<body>\n<main class=\"card\">\n"
        html += "<h1>The site cannot be shown: \(problems.count) problem\(problems.count == 1 ? "" : "s")</h1>\n"
        html +=
            "<p>Fix the files named below and save: this page shows the site again by itself. <code>gazette site</code> would stop on these too.</p>\n"
        html += "<ul class=\"problems\">\n"
        for problem in problems { html += "<li>" + HTMLEscaping.escape(problem) + "</li>\n" }
        html += "</ul>\n</main>\n</body>\n</html>\n"
        return Reply(
            bytes: Self.withReload(Array(html.utf8), generation: generation), type: "text/html; charset=utf-8",
            status: .internalServerError,
            policy: Self.policy
        ).response
    }

    func notFound(_ path: String, generation: Int) -> Response {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Not found</title>\n"
        html += "<link rel=\"stylesheet\" href=\"/assets/preview.css\">\n</head>\n<body>\n<main class=\"card\">\n<h1>Not found</h1>\n"
        html +=
            "<p>The site has no page /site/" + HTMLEscaping.escape(path)
            + " (PDFs and the search index are made by <code>gazette site</code>).</p>\n"
        html += "<p><a href=\"/site/\">The site's index</a></p>\n</main>\n</body>\n</html>\n"
        return Reply(
            bytes: Self.withReload(Array(html.utf8), generation: generation), type: "text/html; charset=utf-8", status: .notFound,
            policy: Self.policy
        )
        .response
    }

    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .found, headers: headers)
    }

    /// Waits on `/generation/site` (a long poll) and reloads the page when the generation moves.
    static let reloadScript = """
        // Gazette preview: reload the site's page as soon as a file it is made from changes.
        (function () {
          var script = document.currentScript;
          var seen = script && script.getAttribute('data-generation');
          if (!seen || !window.fetch) return;
          function wait() {
            fetch('/generation/site?seen=' + encodeURIComponent(seen), { cache: 'no-store' })
              .then(function (response) { return response.text(); })
              .then(function (generation) {
                if (generation.trim() !== seen) { location.reload(); } else { wait(); }
              })
              .catch(function () { setTimeout(wait, 1000); });
          }
          wait();
        })();
        """
}
