import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDigest

/// What a batch killed mid-write leaves (a manifest's temporary file, a company's or the static
/// preview's staging folder) is removed by the next run of the week, which then writes exactly what a
/// clean run writes; never while another run of the week may still be writing it.
@Suite struct LeftoversTests {
    static let week = ISOWeek(iso: "2026-W53")!

    /// The files of a killed run, relative to the scratch folder: one of each kind the batch makes.
    static let leftovers = [
        "mail/2026-W53/.manifest.json.4242-2071.tmp",
        "mail/2026-W53/.leie.new-4242-0A1B2C3D/E1001.eml",
        "mail/2026-W53/.sambre.old-4242-0A1B2C3D/E2001.eml",
        "mail/2026-W53/.shards/.manifest.1-of-2.json.4242-17.tmp",
        "mail/2026-W53/.shards/.manifest.2-of-2.json.4243-18.tmp",
        "preview/.2026-W53.new-4242-ABCDEF12/index.html",
        "preview/.2026-W53.old-4242-ABCDEF12/leie/E1001.html",
    ]

    static func plant(_ folder: ScratchFolder) {
        for path in leftovers { folder.write(path, "half") }
    }

    /// Files below the folder whose name says they are temporary or staged.
    static func temporaries(_ folder: ScratchFolder) -> [String] {
        folder.snapshot().keys.filter { path in
            path.split(separator: "/").contains {
                $0.hasPrefix(".") && ($0.hasSuffix(".tmp") || $0.contains(".new-") || $0.contains(".old-"))
            }
        }.sorted()
    }

    @Test func aRerunRemovesWhatAKilledRunLeft() throws {
        let folder = ScratchFolder("gazette-leftovers")
        let options = BatchTests.options(output: folder.path + "/mail", week: "2026-W53")
        _ = try DigestBatch.run(options)
        let clean = folder.snapshot()
        Self.plant(folder)
        #expect(Self.temporaries(folder).count == Self.leftovers.count)
        _ = try DigestBatch.run(options)
        #expect(Self.temporaries(folder) == [])
        #expect(folder.snapshot() == clean)
    }

    /// Nightly mode leaves a complete week alone, but not the leftovers of a run killed after its
    /// manifest (while it wrote the static preview).
    @Test func aNightlyRunOfACompleteWeekStillRemovesLeftovers() throws {
        let folder = ScratchFolder("gazette-leftovers-nightly")
        _ = try DigestBatch.run(BatchTests.options(output: folder.path + "/mail", week: "2026-W53"))
        let clean = folder.snapshot()
        Self.plant(folder)
        let reports = try DigestBatch.run(BatchTests.options(output: folder.path + "/mail", today: "2026-12-27"))
        #expect(reports.map(\.generated) == [false])
        #expect(folder.snapshot() == clean)
    }

    /// While another shard of the week runs (it holds the week's lock, shared), a shard removes only
    /// its own leftovers: the manifest's temporary file or the preview's staging folder may be the
    /// other shard's, being written.
    @Test func aShardLeavesWhatAnotherRunningShardMayOwn() throws {
        let folder = ScratchFolder("gazette-leftovers-shards")
        try AtomicOutput.makeDirectory(folder.path + "/mail")
        Self.plant(folder)
        let other = try WeekLock(Self.week, in: folder.path + "/mail", shard: Shard(index: 2, count: 2))
        var options = BatchTests.options(output: folder.path + "/mail", week: "2026-W53")
        options.shard = Shard(index: 1, count: 2)
        _ = try DigestBatch.run(options)
        other.release()
        // Its own part's temporary file and its own companies' staging folders are gone; the rest stays.
        let remaining = Self.temporaries(folder)
        #expect(!remaining.contains("mail/2026-W53/.shards/.manifest.1-of-2.json.4242-17.tmp"))
        #expect(remaining.contains("mail/2026-W53/.manifest.json.4242-2071.tmp"))
        #expect(remaining.contains("mail/2026-W53/.shards/.manifest.2-of-2.json.4243-18.tmp"))
        #expect(remaining.contains("preview/.2026-W53.new-4242-ABCDEF12/index.html"))
        // Alone, the next shard run removes them all.
        options.shard = Shard(index: 2, count: 2)
        _ = try DigestBatch.run(options)
        #expect(Self.temporaries(folder) == [])
        #expect(Manifest.isComplete(Self.week, in: folder.path + "/mail/2026-W53"))
    }

    /// A shard that finds no other shard running takes the week alone first (and says so); the next
    /// shard then shares it.
    @Test func aShardAloneKnowsIt() throws {
        let folder = ScratchFolder("gazette-shard-alone")
        var ran = 0
        let first = try WeekLock(Self.week, in: folder.path, shard: Shard(index: 1, count: 2)) { ran += 1 }
        #expect(first.isAlone && ran == 1)
        let second = try WeekLock(Self.week, in: folder.path, shard: Shard(index: 2, count: 2)) { ran += 1 }
        #expect(!second.isAlone && ran == 1)
        first.release()
        second.release()
    }
}
