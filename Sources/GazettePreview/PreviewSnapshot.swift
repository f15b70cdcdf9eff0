import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail

/// The inputs as loaded at one moment, and what has been worked out from them since: per company
/// and week the index and the composer, per week the list of outcomes. Emails are composed on
/// request from these; nothing is read from disk again until a watched file changes (then the store
/// makes a new snapshot).
public final class PreviewSnapshot: Sendable {
    /// Counts the snapshots of a store; pages carry it, and reload when it changes.
    public let generation: Int
    let stamps: FileStamps
    /// Where the server listened when the snapshot was made (nil: not yet, or no socket in tests).
    let servedAt: String?
    let loaded: Result<PreviewInputs, InputError>
    private let cache = Locked(Cache())

    /// Loads everything `configuration` names; problems are kept to be shown, not thrown.
    init(_ configuration: PreviewConfiguration, servedAt: String? = nil, generation: Int) {
        self.generation = generation
        self.servedAt = servedAt
        // Stamped before reading, so that an edit made while loading is seen by the next request.
        stamps = FileStamps(FileStamps.watchList(for: configuration.sources))
        loaded = Result { () throws(InputError) in try PreviewInputs.load(configuration, servedAt: servedAt) }
    }

    struct Cache {
        var companyWeeks: [CompanyKey: CompanyWeek] = [:]
        var composers: [CompanyKey: CompanyComposer] = [:]
        var variants: [VariantKey: (export: HRExport, positions: [Int: Int])] = [:]
        var indexes: [ISOWeek: WeekIndex] = [:]
        var emails: [EmailKey: PreviewEmail] = [:]
        var replies: [String: Reply] = [:]

        /// Keeps memory bounded when someone browses through many weeks and languages: what is
        /// dropped is made again on request.
        mutating func trim() {
            if companyWeeks.count + composers.count > 2_000 || variants.count > 200 || indexes.count > 20 { self = Cache() }
            if emails.count > 500 { emails = [:] }
            // Pages are some 40 KB: at most about 10 MB of them.
            if replies.count > 250 { replies = [:] }
        }
    }

    struct EmailKey: Hashable {
        var week: ISOWeek
        var employee: String
        var language: String?
    }

    /// The reply kept for `key`, or the one `make` makes (kept; failures are not).
    func reply(for key: String, _ make: () throws(PreviewFailure) -> Reply) throws(PreviewFailure) -> Reply {
        if let reply = cache.withLock({ $0.replies[key] }) { return reply }
        let reply = try make()
        cache.withLock {
            $0.trim()
            $0.replies[key] = reply
        }
        return reply
    }

    /// A company in a week, in its own languages (`language` nil) or with everyone speaking one.
    struct CompanyKey: Hashable {
        var week: ISOWeek
        var company: Int
        var language: String?
    }

    struct VariantKey: Hashable {
        var company: Int
        var language: String
    }

    /// The loaded inputs, or the problems that stopped loading them.
    func inputs() throws(PreviewFailure) -> PreviewInputs {
        switch loaded {
        case .success(let inputs): return inputs
        case .failure(let error): throw .input(error)
        }
    }

    /// The week asked for (`2026-W53`), or the default week.
    func week(_ text: String?) throws(PreviewFailure) -> ISOWeek {
        let inputs = try inputs()
        guard let text, !text.isEmpty else { return inputs.defaultWeek }
        guard let week = ISOWeek(iso: text) else { throw .badRequest("week \"\(text)\" is not an ISO week: write it like 2026-W53") }
        return week
    }

    /// Every employee's outcome in `week`, as the batch would decide it.
    func index(of week: ISOWeek) throws(PreviewFailure) -> WeekIndex {
        let export = try inputs().digest.export
        if let index = cache.withLock({ $0.indexes[week] }) { return index }
        var outcomes = Array(repeating: WeekIndex.Outcome.written, count: export.employees.count)
        for company in export.companies.indices {
            let companyWeek = try self.companyWeek(CompanyKey(week: week, company: company))
            for position in export.employeesByCompany[company] {
                if let reason = SkipReason.before(content: export.employees[position], in: week) {
                    outcomes[position] = .skipped(reason)
                } else if DigestView(companyWeek, recipient: position).isEmpty {
                    outcomes[position] = .skipped(.empty)
                }
            }
        }
        let index = WeekIndex(week: week, outcomes: outcomes)
        cache.withLock {
            $0.trim()
            $0.indexes[week] = index
        }
        return index
    }

    /// The digest of the employee with id `employeeID` in `week`, in `language` (nil: their own);
    /// composed once per snapshot.
    func email(_ employeeID: String, week: ISOWeek, language: String?) throws(PreviewFailure) -> PreviewEmail {
        let key = EmailKey(week: week, employee: employeeID, language: language)
        if let email = cache.withLock({ $0.emails[key] }) { return email }
        let email = try compose(employeeID, week: week, language: language)
        cache.withLock {
            $0.trim()
            $0.emails[key] = email
        }
        return email
    }

    func compose(_ employeeID: String, week: ISOWeek, language: String?) throws(PreviewFailure) -> PreviewEmail {
        let inputs = try inputs()
        let export = inputs.digest.export
        guard let position = export.employeeIndex[employeeID] else {
            throw .notFound("no employee \"\(employeeID)\" in the export")
        }
        let company = export.companyOfEmployee[position]
        let own = export.employees[position].locale ?? export.companies[company].locale
        if let language, !inputs.digest.settings.languages.contains(language) {
            throw .badRequest("language \"\(language)\" is not one of \(inputs.digest.settings.languages.joined(separator: ", "))")
        }
        let shown = language ?? own
        let key = CompanyKey(week: week, company: company, language: shown == own ? nil : shown)
        let composer = try self.composer(key)
        var recipient = position
        if key.language != nil {
            recipient = cache.withLock {
                Self.variant(VariantKey(company: company, language: shown), of: export, in: &$0).positions[position]!
            }
        }
        let view = DigestView(composer.week, recipient: recipient)
        let digest: ComposedDigest
        do {
            digest = try composer.compose(view)
        } catch {
            throw .input(error)
        }
        let outcome = try index(of: week).outcomes[position]
        return PreviewEmail(
            week: week, position: position, ownLanguage: own, outcome: outcome, digest: digest, languages: inputs.digest.settings.languages)
    }

    // MARK: - Cached parts

    func companyWeek(_ key: CompanyKey) throws(PreviewFailure) -> CompanyWeek {
        let inputs = try inputs()
        return cache.withLock { cache in
            if let week = cache.companyWeeks[key] { return week }
            let week: CompanyWeek
            if let language = key.language {
                let variant = Self.variant(VariantKey(company: key.company, language: language), of: inputs.digest.export, in: &cache)
                week = CompanyWeek(export: variant.export, company: 0, week: key.week, cap: inputs.digest.settings.listCap)
            } else {
                week = CompanyWeek(export: inputs.digest.export, company: key.company, week: key.week, cap: inputs.digest.settings.listCap)
            }
            cache.trim()
            cache.companyWeeks[key] = week
            return week
        }
    }

    func composer(_ key: CompanyKey) throws(PreviewFailure) -> CompanyComposer {
        if let composer = cache.withLock({ $0.composers[key] }) { return composer }
        let week = try companyWeek(key)
        let inputs = try inputs()
        let composer: CompanyComposer
        do {
            composer = try inputs.digest.composer.company(week)
        } catch {
            throw .input(error)
        }
        cache.withLock { $0.composers[key] = composer }
        return composer
    }

    static func variant(_ key: VariantKey, of export: HRExport, in cache: inout Cache) -> (export: HRExport, positions: [Int: Int]) {
        if let variant = cache.variants[key] { return variant }
        let variant = export.company(key.company, speaking: key.language)
        cache.variants[key] = variant
        return variant
    }
}

/// What a snapshot loaded: the digest's inputs, the unsubscribe secret and the default week.
struct PreviewInputs: Sendable {
    let digest: DigestInputs
    let secret: UnsubscribeSecret
    let defaultWeek: ISOWeek
    /// `digest.unsubscribe_url` as the settings give it, when the previewed emails' links were
    /// pointed at this server instead (the pages say so); nil: they are the setting's.
    var unsubscribeURLInSettings: String? = nil
    /// The announcements due and written (nil: the content has no policies), or why they cannot be listed.
    var announcements: Result<AnnouncementsPreview, InputError>? = nil

    static func load(_ configuration: PreviewConfiguration, servedAt: String? = nil) throws(InputError) -> PreviewInputs {
        let sources = configuration.sources
        var digest = try DigestInputs.load(sources)
        // The sample's links name port 8025; a preview on another port answers them itself, so that
        // one-click works whatever --port says.
        let setting = digest.settings.unsubscribeURL
        let rewritten = servedAt.flatMap { digest.settings.unsubscribeURL(servedAt: $0) }
        if let rewritten { digest = digest.replacingUnsubscribeURL(rewritten) }
        let secret = try UnsubscribeSecret.resolve(file: sources.secretFile, environment: sources.environment)
        try UnsubscribePage.checkWords(digest.composer.locales, languages: digest.settings.languages)
        let options = DigestBatch.Options(sources: sources, week: configuration.week, today: configuration.today)
        let week =
            DigestBatch.weeks(for: options, export: digest.export).first
            ?? ISOWeek(containing: (configuration.today ?? Today.date(in: TimeZone(identifier: "UTC")!)).adding(days: 1))
        return PreviewInputs(
            digest: digest, secret: secret, defaultWeek: week, unsubscribeURLInSettings: rewritten == nil ? nil : setting,
            announcements: AnnouncementsPreview.load(configuration))
    }
}

extension PreviewInputs {
    /// What the pages say when the previewed emails' unsubscribe links were pointed at this server.
    var unsubscribeLinkNotice: String? {
        guard let setting = unsubscribeURLInSettings else { return nil }
        return "The unsubscribe links of these emails point at this server (\(digest.settings.unsubscribeURL)) instead of "
            + "digest.unsubscribe_url (\(setting)), so that one-click works on this port; gazette digest writes the setting's links."
    }
}

extension PreviewSnapshot {
    /// Nothing, or the problems that keep the inputs from loading (for the command line to print).
    public var problems: Result<Void, InputError> { loaded.map { _ in () } }

    /// The week shown by default, or "unknown" while the inputs do not load.
    public var defaultWeekDescription: String {
        (try? loaded.get().defaultWeek.description) ?? "unknown until the inputs load"
    }
}
