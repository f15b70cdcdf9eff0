import Foundation
import GazetteCore

/// Keeps the current snapshot of the inputs and makes a new one when a watched file changed.
///
/// Every request asks for the snapshot; that costs one `stat` per watched file. When a file changed,
/// the first request loads everything again (the others wait for it rather than load it too), so an
/// edit shows on the next request without a restart, and a broken file shows as an error page until
/// it is fixed.
public final class PreviewStore: Sendable {
    public let configuration: PreviewConfiguration
    /// SpamAssassin's results outlive snapshots: they belong to a message's bytes, not to the files.
    let spamAssassin: SpamAssassinRunner
    /// The policy site under /site/: Content is gazette.yml's folder, the templates are the digest's.
    public let site: SitePreviewStore
    private let current = Locked<PreviewSnapshot?>(nil)
    private let loading = NSLock()
    /// Where the server listens once it runs (`127.0.0.1:18125`): the unsubscribe links of the emails
    /// it shows point there when `digest.unsubscribe_url` is http on loopback elsewhere.
    private let servedAt = Locked<String?>(nil)

    public init(configuration: PreviewConfiguration) {
        self.configuration = configuration
        spamAssassin = SpamAssassinRunner(command: configuration.spamAssassin)
        let content = (configuration.sources.config as NSString).deletingLastPathComponent
        site = SitePreviewStore(content: content.isEmpty ? "." : content, templates: configuration.sources.templates, today: configuration.today)
    }

    /// Says where the server listens (the port may have been picked by the system); the next
    /// snapshot points the emails' loopback unsubscribe links there.
    public func serve(host: String, port: Int) {
        servedAt.withLock { $0 = (host.contains(":") ? "[\(host)]" : host) + ":" + String(port) }
    }

    /// The snapshot for the files as they are now.
    public func snapshot() -> PreviewSnapshot {
        let served = servedAt.withLock { $0 }
        let seen = current.withLock { $0 }
        if let seen, seen.stamps.isCurrent, seen.servedAt == served { return seen }
        loading.lock()
        defer { loading.unlock() }
        let latest = current.withLock { $0 }
        if let latest, latest !== seen, latest.stamps.isCurrent, latest.servedAt == served { return latest }
        let fresh = PreviewSnapshot(configuration, servedAt: served, generation: (latest?.generation ?? 0) + 1)
        current.withLock { $0 = fresh }
        return fresh
    }
}
