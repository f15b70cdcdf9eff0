import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import Hummingbird
import Logging

/// `gazette preview`: the HTTP server (Hummingbird 2). The routes are thin: each asks the store for
/// the current snapshot, lets it compose, and hands the result to a page.
///
/// ```
/// GET  /                            the week's employees (?week, company, team, locale, outcome, q, page)
/// GET  /emails/<id>                 one email (?week, lang, width=desktop|mobile, theme=light|dark)
/// GET  /emails/<id>/html            its HTML part, for the sandboxed iframe (strict CSP)
/// GET  /emails/<id>/text            its text part
/// GET  /emails/<id>/raw             the .eml as text; /eml the same as a download
/// GET  /emails/<id>/headers         every header field, as written and decoded (JSON)
/// GET  /emails/<id>/checks          the standards checks (JSON)
/// GET  /emails/<id>/spamassassin    SpamAssassin's score and rules (JSON; "pending" while it runs)
/// GET  /announcements/<name>/<company>/<n>   one policy-change announcement (due or written); /html,
///                                   /text, /raw, /eml its parts
/// GET  /generation                  changes when a watched file changes (live reload)
/// GET  /unsubscribe/<token>         confirmation page;  POST: RFC 8058 one-click opt-out
/// GET  /site/<path>                 the policy site, each page made on request (SiteRoutes)
/// GET  /generation/site?seen=N      the site's generation, once it differs from N (a long poll)
/// ```
public enum PreviewServer {
    /// The server for `store`; `onRunning` gets the address it listens on (`http://127.0.0.1:8025/`).
    public static func application(
        _ store: PreviewStore, onRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let configuration = store.configuration
        var logger = Logger(label: "gazette-preview")
        logger.logLevel = .error
        return Application(
            router: router(store),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                store.serve(host: configuration.host, port: port)
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                await onRunning("http://\(host):\(port)/")
            },
            logger: logger)
    }

    /// Every route of the preview.
    public static func router(_ store: PreviewStore) -> Router<BasicRequestContext> {
        // HEAD answers like GET without the body (link checkers and `curl -I` ask for it).
        let router = Router(options: .autoGenerateHeadEndpoints)
        let routes = PreviewRoutes(store: store)
        router.get("/") { request, _ in await routes.index(Query(request.uri.query)) }
        router.get("/emails/:employee") { request, context in
            await routes.email(context.parameters.get("employee") ?? "", part: nil, Query(request.uri.query))
        }
        router.get("/emails/:employee/:part") { request, context in
            await routes.email(
                context.parameters.get("employee") ?? "", part: context.parameters.get("part") ?? "", Query(request.uri.query))
        }
        router.get("/announcements/:name/:company/:number") { _, context in
            await routes.announcement(context.parameters, part: nil)
        }
        router.get("/announcements/:name/:company/:number/:part") { _, context in
            await routes.announcement(context.parameters, part: context.parameters.get("part") ?? "")
        }
        router.get("/generation") { _, _ in
            Responses.text(String(await store.snapshot().generation)).response
        }
        router.get("/assets/preview.css") { _, _ in Responses.asset(PreviewAssets.css, type: "text/css; charset=utf-8").response }
        router.get("/assets/unsubscribe.css") { _, _ in
            Responses.asset(PreviewAssets.unsubscribeCSS, type: "text/css; charset=utf-8").response
        }
        router.get("/assets/preview.js") { _, _ in
            Responses.asset(PreviewAssets.javascript, type: "text/javascript; charset=utf-8").response
        }
        SiteRoutes(store: store.site).add(to: router)
        router.get("/unsubscribe/:token") { _, context in await routes.unsubscribe(context.parameters.get("token") ?? "", confirm: false) }
        router.post("/unsubscribe/:token") { request, context in
            // RFC 8058's body is `List-Unsubscribe=One-Click`; it is read (bounded) but not required.
            var request = request
            _ = try? await request.collectBody(upTo: 4096)
            return await routes.unsubscribe(context.parameters.get("token") ?? "", confirm: true)
        }
        return router
    }
}

/// The query string's parameters: `+` and percent escapes decoded, the first value of a name kept.
struct Query {
    var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// The answers of the routes.
struct PreviewRoutes: Sendable {
    let store: PreviewStore
    let optOuts: OptOutStore

    init(store: PreviewStore) {
        self.store = store
        optOuts = OptOutStore(path: store.configuration.optOutsPath, now: store.configuration.now)
    }

    func index(_ query: Query) async -> Response {
        let snapshot = await store.snapshot()
        return answer(snapshot) { () throws(PreviewFailure) in
            let inputs = try snapshot.inputs()
            let week = try snapshot.week(query["week"])
            let filter = IndexFilter(query.values)
            return try snapshot.reply(for: "index \(week) \(filter.key)") { () throws(PreviewFailure) in
                Responses.page(
                    IndexPage(generation: snapshot.generation, inputs: inputs, index: try snapshot.index(of: week), filter: filter).html)
            }
        }
    }

    /// An email's page or one of its parts. A snapshot keeps what it answered (the files have not
    /// changed, so neither has the answer): asking again costs a lookup.
    func email(_ employee: String, part: String?, _ query: Query) async -> Response {
        let snapshot = await store.snapshot()
        return answer(snapshot) { () throws(PreviewFailure) in
            let week = try snapshot.week(query["week"])
            let language = query["lang"]
            let width = query["width"] == "mobile" ? "mobile" : "desktop"
            let theme = query["theme"] == "dark" ? "dark" : "light"
            let signer = try snapshot.inputs().digest.composer.signer
            if part == "spamassassin" {
                // Not kept with the replies: it changes when the run finishes.
                let email = try snapshot.email(employee, week: week, language: language)
                return Responses.json(
                    SpamAssassinJSON(employee: email.employee.id, week: week.description, state: store.spamAssassin.state(for: email.bytes))
                )
            }
            // The page shows SpamAssassin's result once there is one: a page made while it ran is
            // kept only until then.
            var spam: SpamAssassinRunner.State?
            if part == nil { spam = store.spamAssassin.state(for: try snapshot.email(employee, week: week, language: language).bytes) }
            let key =
                "email \(week) \(employee) \(part ?? "page") \(language ?? "") \(part == nil ? width + " " + theme : "") \(spam?.name ?? "")"
            return try snapshot.reply(for: key) { () throws(PreviewFailure) in
                let email = try snapshot.email(employee, week: week, language: language)
                switch part {
                case nil:
                    let page = EmailPage(
                        generation: snapshot.generation, email: email, index: try snapshot.index(of: week),
                        export: try snapshot.inputs().digest.export, width: width, theme: theme, requestedLanguage: language,
                        signer: signer,
                        spamAssassin: spam ?? .pending, linkNotice: try snapshot.inputs().unsubscribeLinkNotice)
                    return Responses.page(page.html)
                case "html": return Responses.emailHTML(email.digest.html)
                case "text": return Responses.text(email.digest.text)
                case "raw": return Responses.text(String(decoding: email.bytes, as: UTF8.self))
                case "eml": return Responses.download(email.bytes, fileName: email.fileName)
                case "headers":
                    return Responses.json(email.message.fields.map { HeaderJSON(name: $0.name, value: $0.value, decoded: $0.decoded) })
                case "checks":
                    let checks = MessageChecks.run(email.bytes, signer: signer)
                    return Responses.json(
                        ChecksJSON(
                            employee: email.employee.id, week: week.description, language: email.language,
                            passed: !checks.contains { $0.status == .fail }, checks: checks))
                default:
                    throw .notFound("no part \"\(part ?? "")\": use html, text, raw, eml, headers, checks or spamassassin")
                }
            }
        }
    }

    /// An announcement's page or one of its parts (`html`, `text`, `raw`, `eml`).
    func announcement(_ parameters: Parameters, part: String?) async -> Response {
        let snapshot = await store.snapshot()
        return answer(snapshot) { () throws(PreviewFailure) in
            guard let loaded = try snapshot.inputs().announcements else {
                throw .notFound("the content has no policies: nothing is announced")
            }
            let announcements: AnnouncementsPreview
            switch loaded {
            case .success(let value): announcements = value
            case .failure(let error): throw .input(error)
            }
            let name = parameters.get("name") ?? ""
            let company = parameters.get("company") ?? ""
            guard let number = Int(parameters.get("number") ?? "") else { throw .notFound("no such contact") }
            let key = "announcement \(name) \(company) \(number) \(part ?? "page")"
            return try snapshot.reply(for: key) { () throws(PreviewFailure) in
                let email = try announcements.email(name, company: company, number: number)
                let page = AnnouncementPage(
                    generation: snapshot.generation, name: name, contact: email.contact, companyID: company,
                    isWritten: email.item.isWritten,
                    bytes: email.bytes)
                switch part {
                case nil: return Responses.page(page.html)
                case "html": return Responses.emailHTML(page.message.text(ofType: "text/html") ?? "")
                case "text": return Responses.text(page.message.text(ofType: "text/plain") ?? "")
                case "raw": return Responses.text(String(decoding: email.bytes, as: UTF8.self))
                case "eml": return Responses.download(email.bytes, fileName: "\(name)-\(company)-\(number).eml")
                default: throw .notFound("no part \"\(part ?? "")\": use html, text, raw or eml")
                }
            }
        }
    }

    /// GET: the confirmation page (changes nothing: link scanners open links). POST: the opt-out.
    func unsubscribe(_ token: String, confirm: Bool) async -> Response {
        let snapshot = await store.snapshot()
        return answer(snapshot) { () throws(PreviewFailure) in
            let inputs = try snapshot.inputs()
            let locales = inputs.digest.composer.locales
            let languages = inputs.digest.settings.languages
            guard case .success(let verified) = UnsubscribeToken.verify(token, secret: inputs.secret) else {
                return Responses.page(UnsubscribePage.invalid(locales, languages: languages), status: .badRequest)
            }
            let export = inputs.digest.export
            guard let position = export.employeeIndex[verified.employee], export.employees[position].companyID == verified.company else {
                throw .notFound(
                    "the link is genuine, but employee \"\(verified.employee)\" of company \"\(verified.company)\" is not in the export")
            }
            let employee = export.employees[position]
            let company = export.companies[export.companyOfEmployee[position]]
            let words = locales[employee.locale ?? company.locale]
            do {
                guard confirm else {
                    return Responses.page(
                        try UnsubscribePage.confirmation(
                            words, name: employee.fullName, company: company.name, alreadyOut: employee.optedOut))
                }
                // Opted out in employees.csv (or already recorded): nothing to write.
                let added = employee.optedOut ? false : try optOuts.optOut(employee.id) == .added
                return Responses.page(try UnsubscribePage.result(words, name: employee.fullName, company: company.name, added: added))
            } catch let error as InputError {
                throw .input(error)
            } catch let error as RunFailure {
                throw .run(error)
            } catch {
                throw .run(RunFailure("\(error)"))
            }
        }
    }

    /// The response `body` makes, or the error page of its failure.
    func answer(_ snapshot: PreviewSnapshot, _ body: () throws(PreviewFailure) -> Reply) -> Response {
        do {
            return try body().response
        } catch {
            let status: HTTPResponse.Status
            switch error {
            case .input, .run: status = .internalServerError
            case .notFound: status = .notFound
            case .badRequest: status = .badRequest
            }
            return Responses.page(ErrorPage.html(error, generation: snapshot.generation), status: status).response
        }
    }
}

struct HeaderJSON: Encodable {
    var name: String
    var value: String
    var decoded: String
}

/// `/emails/<id>/spamassassin`: `state` is pending, done, failed or unavailable; `score`, `required`
/// and `rules` when done; `detail` says why when failed or unavailable.
struct SpamAssassinJSON: Encodable {
    var employee: String
    var week: String
    var state: String
    var score: Double?
    var required: Double?
    var rules: [SpamAssassinRunner.Rule]?
    var detail: String?

    init(employee: String, week: String, state: SpamAssassinRunner.State) {
        self.employee = employee
        self.week = week
        self.state = state.name
        switch state {
        case .done(let report): (score, required, rules) = (report.score, report.required, report.rules)
        case .failed(let reason), .unavailable(let reason): detail = reason
        case .pending: break
        }
    }
}

struct ChecksJSON: Encodable {
    var employee: String
    var week: String
    var language: String
    var passed: Bool
    var checks: [MessageCheck]
}
