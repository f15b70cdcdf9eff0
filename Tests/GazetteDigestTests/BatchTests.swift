import Foundation
import GazetteCore
import GazetteMail
import GazetteTestSupport
import Testing

@testable import GazetteDigest

/// The batch as a whole: the sample week's outcome, the manifest, nightly mode, reruns, bad input.
@Suite struct BatchTests {
    static func options(
        output: String, week: String? = nil, today: String? = nil, data: String? = nil, skipInvalid: Bool = false,
        environment: [String: String] = testEnvironment
    ) -> DigestBatch.Options {
        var sources = Sample.sources
        sources.environment = environment
        sources.skipInvalid = skipInvalid
        if let data { sources.data = data }
        return DigestBatch.Options(
            sources: sources, output: output, week: week.flatMap { ISOWeek(iso: $0) }, today: today.flatMap { CivilDate(iso: $0) })
    }

    /// The sample week, written once for the tests that only read it.
    static let sampleWeek: (folder: ScratchFolder, report: DigestBatch.WeekReport) = {
        let folder = ScratchFolder("gazette-batch")
        let reports = try! DigestBatch.run(options(output: folder.path + "/mail", week: "2026-W53"))
        return (folder, reports[0])
    }()

    @Test func sampleWeekOutcome() throws {
        let (folder, report) = Self.sampleWeek
        #expect(report.written == 52)
        #expect(
            report.skipped.map { "\($0.reason.rawValue) \($0.count)" } == [
                "inactive 3", "not_onboarded 3", "opted_out 2", "no_email 1", "invalid_email 1",
            ])
        let manifest = try #require(folder.read("mail/2026-W53/manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])
        #expect(object["week"] as? String == "2026-W53")
        let entries = try #require(object["entries"] as? [[String: String]])
        #expect(entries.map { $0["employee"]! } == Sample.export.employees.map(\.id))
        var skipped: [String: [String]] = [:]
        for entry in entries where entry["outcome"] == "skipped" { skipped[entry["reason"]!, default: []].append(entry["employee"]!) }
        #expect(
            skipped == [
                "inactive": ["E1006", "E1024", "E4006"], "not_onboarded": ["E1017", "E2009", "E3003"], "opted_out": ["E1015", "E4004"],
                "no_email": ["E2003"], "invalid_email": ["E1004"],
            ])
        var perCompany: [String: Int] = [:]
        for entry in entries where entry["outcome"] == "written" {
            perCompany[entry["company"]!, default: 0] += 1
            #expect(entry["path"] == "\(entry["company"]!)/\(entry["employee"]!).eml")
            #expect(folder.exists("mail/2026-W53/" + entry["path"]!))
            #expect(entry["message_id"]!.hasPrefix("<") && entry["message_id"]!.hasSuffix("@koraal-hr.example>"))
        }
        #expect(perCompany == ["leie": 21, "sambre": 10, "grachten": 11, "thames": 10])
        #expect(
            manifest.hasPrefix(
                "{\n  \"week\": \"2026-W53\",\n  \"entries\": [\n    {\"company\": \"leie\", \"employee\": \"E1001\", \"outcome\": \"written\", \"path\": \"leie/E1001.eml\", \"message_id\": \"<"
            ))
        #expect(manifest.hasSuffix("],\n  \"invalid_rows\": []\n}\n"))
    }

    @Test func everyMessageOfTheSampleWeekParsesWithoutDefectsInPython() throws {
        let (folder, _) = Self.sampleWeek
        let python = try #require(TestSupport.which("python3"), "python3 is needed (make deps installs it)")
        let files = folder.snapshot("mail/2026-W53").keys.filter { $0.hasSuffix(".eml") }.sorted().map {
            folder.path + "/mail/2026-W53/" + $0
        }
        #expect(files.count == 52)
        let script = try #require(Bundle.module.path(forResource: "check_eml", ofType: "py", inDirectory: "Fixtures"))
        let result = try runProgram(python, [script] + files)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output == "checked 52 files\n")
    }

    @Test func rerunsAreByteIdenticalAndSecretsNeverWritten() throws {
        // Output in <scratch>/mail, so that the static preview (next to it, in <scratch>/preview) is compared too.
        let first = ScratchFolder("gazette-rerun")
        _ = try DigestBatch.run(Self.options(output: first.path + "/mail", week: "2026-W53"))
        let before = first.snapshot()
        _ = try DigestBatch.run(Self.options(output: first.path + "/mail", week: "2026-W53"))
        #expect(first.snapshot() == before)
        // 52 digests and the manifest; the preview's index and 52 HTML and text parts; the week's lock file.
        #expect(before.count == 53 + 105 + 1)
        #expect(before["mail/.2026-W53.lock"] == Data())
        let other = ScratchFolder("gazette-rerun")
        _ = try DigestBatch.run(Self.options(output: other.path + "/mail", week: "2026-W53"))
        #expect(other.snapshot() == before)
        for (path, data) in before {
            #expect(data.range(of: Data(testSecret.utf8)) == nil, "\(path) holds the secret")
        }
        // Another secret: other tokens, so other bytes; the same Message-IDs.
        let rotated = ScratchFolder("gazette-rerun")
        _ = try DigestBatch.run(
            Self.options(
                output: rotated.path + "/mail", week: "2026-W53",
                environment: ["GAZETTE_SECRET": String(repeating: "x", count: 40), "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]))
        #expect(rotated.snapshot()["mail/2026-W53/leie/E1001.eml"] != before["mail/2026-W53/leie/E1001.eml"])
    }

    /// Companies are written on several threads; the files and the manifest may not depend on it.
    @Test func oneWorkerOrManyWriteTheSameBytes() throws {
        let single = ScratchFolder("gazette-jobs")
        var options = Self.options(output: single.path + "/mail", week: "2026-W53")
        options.jobs = 1
        _ = try DigestBatch.run(options)
        let many = ScratchFolder("gazette-jobs")
        options = Self.options(output: many.path + "/mail", week: "2026-W53")
        options.jobs = 4
        _ = try DigestBatch.run(options)
        #expect(single.snapshot("mail/2026-W53").count == 53)
        // The static preview next to it too.
        #expect(many.snapshot() == single.snapshot())
        // Nothing of the staging folders is left.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: many.path + "/mail/2026-W53").sorted() == [
                "grachten", "leie", "manifest.json", "sambre", "thames",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: many.path + "/preview") == ["2026-W53"])
    }

    /// `--shard K/N`: shards write disjoint companies; together (the last one merging the manifest)
    /// they write exactly what one whole run writes, byte for byte, the static preview included.
    @Test(arguments: [2, 3, 5])
    func shardsTogetherEqualTheWholeRun(count: Int) throws {
        let whole = ScratchFolder("gazette-whole")
        _ = try DigestBatch.run(Self.options(output: whole.path + "/mail", week: "2026-W53"))
        let sharded = ScratchFolder("gazette-shards")
        var companiesSeen: [String: Int] = [:]
        for index in (1...count).reversed() {
            var options = Self.options(output: sharded.path + "/mail", week: "2026-W53")
            options.shard = Shard(index: index, count: count)
            let before = Set(sharded.snapshot("mail").keys)
            _ = try DigestBatch.run(options)
            // Disjoint: a shard adds only its own companies' files.
            for path in Set(sharded.snapshot("mail").keys).subtracting(before) where path.hasSuffix(".eml") {
                let company = String(path.split(separator: "/")[1])
                #expect(companiesSeen[company, default: index] == index, "\(company) written by two shards")
                companiesSeen[company] = index
            }
            // The manifest appears only when every part is there.
            #expect(sharded.exists("mail/2026-W53/manifest.json") == (index == 1))
        }
        // Besides the parts, only the shards' lock files differ (empty files, not output).
        let isShardOnly = { (path: String) in path.contains("/.shards/") || path.hasSuffix(".lock") }
        let shardFiles = sharded.snapshot().filter { !isShardOnly($0.key) }
        #expect(shardFiles.count > 50)
        #expect(shardFiles == whole.snapshot().filter { !$0.key.hasSuffix(".lock") })
        #expect(sharded.snapshot("mail/2026-W53/.shards").count == count)
    }

    @Test func shardsSplitCompaniesByAStableHash() {
        let ids = (1...200).map { "company-\($0)" }
        let shards = (1...4).map { Shard(index: $0, count: 4)! }
        for id in ids {
            #expect(shards.filter { $0.owns(id) }.count == 1)
        }
        // Spread over every shard, and the same on every run (FNV-1a, not Swift's seeded hashing).
        #expect(shards.allSatisfy { shard in ids.contains { shard.owns($0) } })
        #expect(Shard.stableHash("leie") == 0x2492_91AD_A1EB_5734)  // FNV-1a 64, as computed by any implementation
        #expect(Shard(argument: "2/4") == Shard(index: 2, count: 4))
        for bad in ["0/4", "5/4", "1/0", "a/b", "2", "1/2/3", "-1/2"] { #expect(Shard(argument: bad) == nil, "\(bad)") }
    }

    @Test func aShardInNightlyModeRunsOnceAndLeavesTheOthersAlone() throws {
        let folder = ScratchFolder("gazette-nightly-shard")
        var options = Self.options(output: folder.path + "/mail", today: "2026-12-28")
        options.shard = Shard(index: 1, count: 2)
        var reports = try DigestBatch.run(options)
        #expect(reports.map(\.generated) == [true])
        reports = try DigestBatch.run(options)
        #expect(reports.map(\.generated) == [false], "its part is there: not written twice")
        #expect(!folder.exists("mail/2026-W53/manifest.json"), "shard 2 has not run yet")
        options.shard = Shard(index: 2, count: 2)
        reports = try DigestBatch.run(options)
        #expect(reports.map(\.generated) == [true])
        #expect(folder.exists("mail/2026-W53/manifest.json"))
    }

    /// A sharded week whose merge never happened (the last shard failed writing manifest.json) is not
    /// "done" for ever: the next nightly run of any shard merges the parts, byte for byte as before.
    @Test func aNightlyShardMergesAWeekLeftWithoutItsManifest() throws {
        let folder = ScratchFolder("gazette-nightly-merge")
        var options = Self.options(output: folder.path + "/mail", today: "2026-12-28")
        for index in [1, 2] {
            options.shard = Shard(index: index, count: 2)
            _ = try DigestBatch.run(options)
        }
        let manifest = try #require(folder.read("mail/2026-W53/manifest.json"))
        let before = folder.snapshot("mail/2026-W53")
        try FileManager.default.removeItem(atPath: folder.path + "/mail/2026-W53/manifest.json")
        options.shard = Shard(index: 1, count: 2)
        let reports = try DigestBatch.run(options)
        #expect(reports.map(\.generated) == [false], "no email written again")
        #expect(folder.read("mail/2026-W53/manifest.json") == manifest)
        #expect(folder.snapshot("mail/2026-W53") == before)
    }

    /// Two runs of the same week at once would remove each other's staging folders: the second stops
    /// with a message that says why. Shards of one run lock only their own part.
    @Test func aWeekBeingWrittenIsNotWrittenByASecondRun() throws {
        let folder = ScratchFolder("gazette-week-lock")
        try AtomicOutput.makeDirectory(folder.path + "/mail")
        let week = ISOWeek(iso: "2026-W53")!
        let running = try WeekLock(week, in: folder.path + "/mail", shard: nil)
        do {
            _ = try DigestBatch.run(Self.options(output: folder.path + "/mail", week: "2026-W53"))
            Issue.record("a second run wrote the week")
        } catch let failure as RunFailure {
            #expect(failure.description.contains("another gazette digest is writing week 2026-W53"), "\(failure)")
        }
        #expect(!folder.exists("mail/2026-W53/manifest.json"))
        running.release()

        let shard1 = try WeekLock(week, in: folder.path + "/mail", shard: Shard(index: 1, count: 2))
        let shard2 = try WeekLock(week, in: folder.path + "/mail", shard: Shard(index: 2, count: 2))
        #expect(throws: RunFailure.self) { _ = try WeekLock(week, in: folder.path + "/mail", shard: Shard(index: 1, count: 2)) }
        #expect(throws: RunFailure.self) { _ = try WeekLock(week, in: folder.path + "/mail", shard: nil) }
        shard1.release()
        shard2.release()
        _ = try DigestBatch.run(Self.options(output: folder.path + "/mail", week: "2026-W53"))
        #expect(folder.exists("mail/2026-W53/manifest.json"))
    }

    @Test func nightlyModeCatchesUpAndNeverWritesAWeekTwice() throws {
        let folder = ScratchFolder("gazette-nightly")
        // Saturday 26 December: tomorrow is Sunday 27 (W52).
        var reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", today: "2026-12-26"))
        #expect(reports.map { "\($0.week) \($0.generated)" } == ["2026-W52 true"])
        // The Sunday night is missed; Monday 28 December's run still writes W53 (tomorrow, Tuesday, is in it).
        reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", today: "2026-12-28"))
        #expect(reports.map { "\($0.week) \($0.generated)" } == ["2026-W53 true"])
        #expect(reports[0].written == 52)
        let written = folder.snapshot()
        // Every later night of the week leaves W53 alone, even when the input changes.
        let copy = ExportCopy()
        copy.replaceLine(
            in: "employees.csv", startingWith: "E1001,",
            with:
                "E1001,leie,Vermeulen,Wouter,wouter.vermeulen@brouwerij-leie.example,,Brouwzaal,2009-03-01,,1978-05-14,true,true,true,CC-100"
        )
        for today in ["2026-12-29", "2026-12-30", "2027-01-02"] {
            reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", today: today, data: copy.data))
            #expect(reports.map { "\($0.week) \($0.generated)" } == ["2026-W53 false"])
        }
        #expect(folder.snapshot() == written)
        // Sunday 3 January: tomorrow is in 2027-W01.
        reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", today: "2027-01-03"))
        #expect(reports.map { "\($0.week) \($0.generated)" } == ["2027-W01 true"])
    }

    @Test func nightlyWeekIsTakenPerCompanyTimeZone() {
        // Saturday 26 December 2026, 23:30 UTC: already Sunday in Brussels, Paris and Amsterdam (tomorrow
        // is Monday, W53), still Saturday in London (tomorrow is Sunday, W52).
        let instant = Date(timeIntervalSince1970: TimeInterval(CivilDate(iso: "2026-12-26")!.daysSinceEpoch * 86_400 + 23 * 3600 + 1800))
        let weeks = DigestBatch.weeks(for: Self.options(output: "unused"), export: Sample.export, now: instant)
        #expect(weeks.map(\.description) == ["2026-W52", "2026-W53"])
    }

    @Test func anIncompleteWeekIsWrittenAgainAndStaleFilesGo() throws {
        let folder = ScratchFolder("gazette-incomplete")
        _ = try DigestBatch.run(Self.options(output: folder.path + "/mail", week: "2026-W53"))
        let complete = folder.snapshot()
        // An interrupted run: no manifest, a leftover temporary file, a digest that no longer belongs.
        try FileManager.default.removeItem(atPath: folder.path + "/mail/2026-W53/manifest.json")
        folder.write("mail/2026-W53/leie/.E1001.eml.999.tmp", "half")
        folder.write("mail/2026-W53/leie/E1006.eml", "stale")
        #expect(!Manifest.isComplete(ISOWeek(iso: "2026-W53")!, in: folder.path + "/mail/2026-W53"))
        let reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", today: "2026-12-27"))
        #expect(reports.map { "\($0.week) \($0.generated)" } == ["2026-W53 true"])
        #expect(folder.snapshot() == complete)
    }

    @Test func badInputWritesNothing() throws {
        let folder = ScratchFolder("gazette-bad")
        let copy = ExportCopy()
        copy.append(to: "leave.csv", "E1001,Vakantie,2026-12-31,2026-12-30,full,approved,")
        #expect(throws: InputError.self) {
            try DigestBatch.run(Self.options(output: folder.path + "/mail", week: "2026-W53", data: copy.data))
        }
        #expect(!folder.exists("mail"))
        // With --skip-invalid the row is left out and listed.
        let reports = try DigestBatch.run(Self.options(output: folder.path + "/mail", week: "2026-W53", data: copy.data, skipInvalid: true))
        #expect(reports[0].invalidRows == 1)
        let manifest = try #require(folder.read("mail/2026-W53/manifest.json"))
        #expect(
            manifest.hasSuffix(
                """
                  "invalid_rows": [
                    {"file": "\(copy.data)/leave.csv", "line": 59, "message": "end_date 2026-12-30 is before start_date 2026-12-31: the period ends on or after the day it starts"}
                  ]
                }

                """))
    }

    @Test func noSecretNoRun() throws {
        let folder = ScratchFolder("gazette-nosecret")
        #expect(
            throws: InputError([
                InputProblem(
                    path: "GAZETTE_SECRET",
                    "no unsubscribe secret: set GAZETTE_SECRET (at least 32 bytes) or pass --secret-file PATH (make one with: head -c 32 /dev/urandom | base64)"
                )
            ])
        ) {
            try DigestBatch.run(
                Self.options(
                    output: folder.path + "/mail", week: "2026-W53", environment: ["GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]))
        }
        #expect(
            throws: InputError([
                InputProblem(
                    path: "GAZETTE_SECRET",
                    "the secret is 5 bytes; it needs at least 32 (make one with: head -c 32 /dev/urandom | base64)")
            ])
        ) {
            try DigestBatch.run(
                Self.options(
                    output: folder.path + "/mail", week: "2026-W53",
                    environment: ["GAZETTE_SECRET": "short", "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]))
        }
        #expect(!folder.exists("mail"))
    }

    @Test func longListsAreCappedAndTheEmailStaysSmall() throws {
        // A big company: 400 colleagues out, 60 birthdays, all in one week.
        let copy = ExportCopy()
        for number in 1...400 {
            copy.append(
                to: "employees.csv",
                "B\(number),leie,Achternaam\(number),Voornaam,b\(number)@brouwerij-leie.example,,Team \(number % 7),,,--12-29,\(number <= 60),true,false,"
            )
            copy.append(to: "leave.csv", "B\(number),Vakantie,2026-12-28,2026-12-29,full,approved,")
        }
        let inputs = try copy.load()
        let export = inputs.export
        let week = CompanyWeek(export: export, company: 0, week: ISOWeek(iso: "2026-W53")!, cap: inputs.settings.listCap)
        let digest = try inputs.composer.company(week).compose(export.employeeIndex["B7"]!)
        #expect(digest.view.teamOut.count + digest.view.othersOut.count == 15)
        #expect(digest.view.teamOut.allSatisfy { export.employees[$0.employee].team == "Team 0" })
        #expect(digest.view.teamOut.count == 15)
        #expect(digest.text.contains("en nog 403 collega's"))
        #expect(digest.view.birthdays.count == 15)
        #expect(digest.bytes().count < 40_000)
    }

    @Test func recipientsTeamComesFirst() throws {
        let view = Sample.view("2026-W53", "E1001")
        #expect(view.teamOut.map { Sample.export.employees[$0.employee].id } == ["E1017", "E1009", "E1026", "E1021"])
        #expect(view.othersOut.count == 11)
        #expect(view.moreOut == 3)
        #expect(try Sample.digest("2026-W53", "E1001").text.contains("\n  en nog 3 collega's\n"))
    }
}
