import Foundation
import GazetteCore
import GazetteSite

/// The policy site as `gazette preview` serves it under `/site/`: pages made on request from the
/// files as they are now (`SitePages`), loaded again when a watched file changes, as the emails are
/// (`PreviewStore`). A page carries the snapshot's generation; the browser waits on
/// `/generation/site` for it to move, then reloads.
public final class SitePreviewStore: Sendable {
    /// The inputs as loaded at one moment.
    final class Snapshot: Sendable {
        let generation: Int
        let content: FileStamps
        let templates: FileStamps
        let loaded: Result<SitePages, PreviewFailure>

        init(_ store: SitePreviewStore, generation: Int, previous: Snapshot?) {
            self.generation = generation
            // Stamped before reading, so that an edit made while loading is seen by the next request.
            let watched = SitePages.watchList(content: store.content, templates: store.templates)
            content = FileStamps(watched.content)
            templates = FileStamps(watched.templates)
            // Renderings of unchanged documents are reused, unless the words or templates changed.
            var reusable: SitePages?
            if let previous, previous.templates == templates, case .success(let pages) = previous.loaded { reusable = pages }
            do {
                loaded = .success(
                    try SitePages.load(content: store.content, templates: store.templates, today: store.today, reusing: reusable))
            } catch let error as InputError {
                loaded = .failure(.input(error))
            } catch let error as RunFailure {
                loaded = .failure(.run(error))
            } catch {
                loaded = .failure(.run(RunFailure("\(error)")))
            }
        }

        var isCurrent: Bool { content.isCurrent && templates.isCurrent }
    }

    /// The Content folder (gazette.yml's folder) and the templates.
    let content: String
    let templates: String
    let today: CivilDate?
    /// The latest snapshot, and the load in flight (at most one).
    private let snapshots = SnapshotCache<Snapshot>()

    /// The Content folder the pages are made from, for messages.
    public var contentFolder: String { content }

    public init(content: String, templates: String, today: CivilDate?) {
        self.content = content
        self.templates = templates
        self.today = today
    }

    /// The snapshot for the files as they are now (one `stat` per watched file).
    func snapshot() async -> Snapshot {
        await snapshots.snapshot(isCurrent: { $0.isCurrent }) { [self] latest in
            Snapshot(self, generation: (latest?.generation ?? 0) + 1, previous: latest)
        }
    }

    /// The generation, once it differs from `seen` or after `timeout` (a long poll: the browser
    /// learns of an edit within `interval` of it, not on its next poll).
    func generation(after seen: Int?, timeout: Duration = .seconds(25), interval: Duration = .milliseconds(20)) async -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var generation = await snapshot().generation
        while let seen, generation == seen, clock.now < deadline {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            generation = await snapshot().generation
        }
        return generation
    }
}
