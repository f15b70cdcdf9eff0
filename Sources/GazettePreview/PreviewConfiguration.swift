import Foundation
import GazetteCore
import GazetteDigest

/// What `gazette preview` serves: the digest's inputs, the week, and where to listen.
public struct PreviewConfiguration: Sendable {
    /// The same sources as `gazette digest` (data, config, templates, secret, skip-invalid).
    public var sources: DigestInputs.Sources
    /// The week shown by default; nil takes the week `gazette digest` would write next (`today`).
    public var week: ISOWeek?
    /// Pinned "today" for choosing the default week; nil takes the system clock.
    public var today: CivilDate?
    /// 127.0.0.1 by default: the preview shows personal data and must not be reachable from elsewhere
    /// unless asked for.
    public var host: String
    /// 0 picks a free port (tests); the address in use is reported when the server runs.
    public var port: Int
    /// The clock for the `at` column of opt-outs (tests pin it).
    public var now: @Sendable () -> Date
    /// The `spamassassin` program that scores each email (nil: not installed, the page says so).
    public var spamAssassin: String?
    /// Where `gazette announce` writes, for the written announcements listed beside the digests.
    public var announcements: String = "Output/mail/announcements"
    /// The site's PDF cache, for the PDFs of announcements that are due but not written yet.
    public var pdfCache: String = "Output/.cache/pdf"

    public init(
        sources: DigestInputs.Sources = .init(), week: ISOWeek? = nil, today: CivilDate? = nil, host: String = "127.0.0.1",
        port: Int = 8025, now: @escaping @Sendable () -> Date = { Date() }, spamAssassin: String? = ChildProcess.find("spamassassin")
    ) {
        self.sources = sources
        self.week = week
        self.today = today
        self.host = host
        self.port = port
        self.now = now
        self.spamAssassin = spamAssassin
    }

    /// The export folder's optouts.csv, where one-click opt-outs are recorded.
    public var optOutsPath: String {
        (sources.data.hasSuffix("/") ? String(sources.data.dropLast()) : sources.data) + "/optouts.csv"
    }
}
