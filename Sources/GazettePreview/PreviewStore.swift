import Foundation
import GazetteCore

/// Keeps the current snapshot of the inputs and makes a new one when a watched file changed.
///
/// Every request asks for the snapshot; that costs one `stat` per watched file. When a file changed,
/// one task loads everything again and every request that comes meanwhile awaits that same task
/// (no handler blocks a thread on a lock, and nothing is loaded twice), so an edit shows on the next
/// request without a restart, and a broken file shows as an error page until it is fixed.
public final class PreviewStore: Sendable {
    public let configuration: PreviewConfiguration
    /// SpamAssassin's results outlive snapshots: they belong to a message's bytes, not to the files.
    let spamAssassin: SpamAssassinRunner
    /// The policy site under /site/: Content is gazette.yml's folder, the templates are the digest's.
    public let site: SitePreviewStore
    /// The latest snapshot, and the load in flight (at most one).
    private let snapshots = SnapshotCache<PreviewSnapshot>()
    /// Where the server listens once it runs (`127.0.0.1:18125`): the unsubscribe links of the emails
    /// it shows point there when `digest.unsubscribe_url` is http on loopback elsewhere.
    private let servedAt = Locked<String?>(nil)

    public init(configuration: PreviewConfiguration) {
        self.configuration = configuration
        spamAssassin = SpamAssassinRunner(command: configuration.spamAssassin)
        let content = (configuration.sources.config as NSString).deletingLastPathComponent
        site = SitePreviewStore(
            content: content.isEmpty ? "." : content, templates: configuration.sources.templates, today: configuration.today)
    }

    /// Says where the server listens (the port may have been picked by the system); the next
    /// snapshot points the emails' loopback unsubscribe links there.
    public func serve(host: String, port: Int) {
        servedAt.withLock { $0 = (host.contains(":") ? "[\(host)]" : host) + ":" + String(port) }
    }

    /// The snapshot for the files as they are now.
    public func snapshot() async -> PreviewSnapshot {
        let served = servedAt.withLock { $0 }
        let configuration = configuration
        return await snapshots.snapshot(isCurrent: { $0.stamps.isCurrent && $0.servedAt == served }) { latest in
            PreviewSnapshot(configuration, servedAt: served, generation: (latest?.generation ?? 0) + 1)
        }
    }
}
