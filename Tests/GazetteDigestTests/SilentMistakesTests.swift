import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDigest

/// Exports that used to give exit 0, `0 written, 62 skipped` and a complete week (so nightly mode never
/// wrote it again), and values without a size limit (a 10 MB company name made 84 MB emails).
@Suite struct SilentMistakesTests {
    static func run(_ copy: ExportCopy, week: String = "2026-W53", output: String? = nil) throws -> DigestBatch.WeekReport {
        var sources = Sample.sources
        sources.data = copy.data
        let reports = try DigestBatch.run(.init(sources: sources, output: output ?? copy.folder.path + "/mail", week: ISOWeek(iso: week)))
        return try #require(reports.first)
    }

    /// Rewrites `file` of the copy row by row (header first), quoting fields where CSV needs it.
    static func rewrite(_ copy: ExportCopy, _ file: String, _ change: ([String]) -> [String]) {
        let records = CSVReader.records(Array(copy.folder.read("data/" + file)!.utf8))
        let lines = records.map { record in
            change(record.fields).map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }
        copy.folder.write("data/" + file, lines.joined(separator: "\n") + "\n")
    }

    /// Renames a column of a file's header.
    static func renameColumn(_ copy: ExportCopy, in file: String, _ old: String, to new: String) {
        let text = copy.folder.read("data/" + file)!
        let end = text.firstIndex(of: "\n")!
        let header = text[..<end].split(separator: ",", omittingEmptySubsequences: false).map { $0 == old ? new : String($0) }
        copy.folder.write("data/" + file, header.joined(separator: ",") + text[end...])
    }

    /// A header one or two edits from a known column that the file lacks is that column misspelled.
    @Test(arguments: [
        ("employees.csv", "ess_onboarded", "ess_onboard"), ("employees.csv", "email", "e-mail"), ("employees.csv", "email", "mail"),
        ("employees.csv", "email", "emial"), ("employees.csv", "digest_opt_out", "digest_optout"), ("employees.csv", "team", "tem"),
        ("leave.csv", "status", "statsu"), ("shifts.csv", "location", "locaton"), ("optouts.csv", "at", "a"),
    ])
    func aMisspelledColumnIsAnInputError(file: String, column: String, misspelling: String) {
        let copy = ExportCopy()
        Self.renameColumn(copy, in: file, column, to: misspelling)
        #expect(
            copy.problems() == [
                "\(file):1: column \"\(misspelling)\" is not a column Gazette knows; it looks like \"\(column)\" misspelled, which the file lacks: "
                    + "rename it to \(column) (an unknown column would be ignored)"
            ])
    }

    /// Other unknown columns are still ignored: `teams` beside `team`, `cost_center`, a short name far
    /// from every column, a known column's neighbour when that column is there.
    @Test func unknownColumnsFarFromAMissingOneAreIgnored() throws {
        let copy = ExportCopy()
        Self.renameColumn(copy, in: "employees.csv", "cost_center", to: "teams")
        Self.renameColumn(copy, in: "leave.csv", "notes", to: "id")
        #expect(copy.problems() == [])
        #expect(CSVTable.isMisspelling("ess_onboard", of: "ess_onboarded"))
        #expect(!CSVTable.isMisspelling("ess_on", of: "ess_onboarded"))
        #expect(!CSVTable.isMisspelling("name", of: "team"), "two edits are too many for four letters")
        #expect(!CSVTable.isMisspelling("id", of: "at"), "not every letter replaced")
        #expect(CSVTable.isMisspelling("ta", of: "at"), "two letters swapped is one edit")
        #expect(CSVTable.editDistance(Array("kitten"), Array("sitting"), atMost: 5) == 3)
    }

    /// Without an email column nobody can be written to: the week is not marked complete (exit 1 with
    /// the reason), so nightly mode writes it once the export is fixed.
    @Test func aWeekWhereNobodyGetsAnEmailIsNotMarkedComplete() throws {
        let copy = ExportCopy()
        Self.rewrite(copy, "employees.csv") { fields in fields.enumerated().filter { $0.offset != 4 }.map(\.element) }
        #expect(copy.problems() == [])
        #expect(
            throws: RunFailure(
                "week 2026-W53: nobody gets an email (62 employees skipped: inactive 3, not_onboarded 3, opted_out 2, no_email 54), so the week "
                    + "is not marked complete: check the export (the email and ess_onboarded columns of employees.csv); the next run writes the week again"
            )
        ) {
            try Self.run(copy)
        }
        #expect(!copy.folder.exists("mail/2026-W53/manifest.json"))
        // Nightly mode tries the week again, and writes it once the export is fixed.
        copy.folder.copy(TestSupport.path("Content/data/employees.csv"), to: "data/fixed.csv")
        try FileManager.default.removeItem(atPath: copy.data + "/employees.csv")
        try FileManager.default.moveItem(atPath: copy.data + "/fixed.csv", toPath: copy.data + "/employees.csv")
        var sources = Sample.sources
        sources.data = copy.data
        let nightly = try DigestBatch.run(.init(sources: sources, output: copy.folder.path + "/mail", today: CivilDate(iso: "2026-12-27")))
        #expect(nightly.map(\.generated) == [true])
        #expect(nightly.first?.written == 52)
        #expect(Manifest.isComplete(ISOWeek(iso: "2026-W53")!, in: copy.folder.path + "/mail/2026-W53"))
    }

    /// A week where recipients merely have nothing to report is a real week: complete, with a warning
    /// for each company whose onboarded, employed employees got no email at all.
    @Test func aCompanyWhereNobodyGetsAnEmailIsWarnedAbout() throws {
        let copy = ExportCopy()
        // Every Grachten employee loses their address; the other companies are written as before.
        Self.rewrite(copy, "employees.csv") { fields in
            fields[1] == "grachten" ? fields.enumerated().map { $0.offset == 4 ? "" : $0.element } : fields
        }
        let report = try Self.run(copy)
        #expect(
            report.warnings == [
                "warning: company \"grachten\" (Grachtenhof Logistiek B.V.): none of its 11 onboarded employees employed in 2026-W53 gets an email "
                    + "(no_email 11): check their email and opt-out columns"
            ])
        #expect(report.written > 0)
        #expect(Manifest.isComplete(ISOWeek(iso: "2026-W53")!, in: copy.folder.path + "/mail/2026-W53"))
        // The sample itself has nothing to warn about.
        #expect(try Self.run(ExportCopy()).warnings == [])
    }

    /// A week in which nobody has anything to report (the sample in 2030) is complete: nothing is
    /// wrong with the export. Each company is still named, with what its people were skipped for.
    @Test func aQuietWeekIsCompleteAndItsCompaniesNamed() throws {
        let copy = ExportCopy()
        let report = try Self.run(copy, week: "2030-W10")
        #expect(report.written == 0)
        #expect(Manifest.isComplete(ISOWeek(iso: "2030-W10")!, in: copy.folder.path + "/mail/2030-W10"))
        #expect(report.warnings.count == 4)
        #expect(
            report.warnings.contains(
                "warning: company \"grachten\" (Grachtenhof Logistiek B.V.): none of its 11 onboarded employees employed in 2030-W10 gets an email "
                    + "(empty 11): nothing to report for any of them this week"))
        #expect(
            report.warnings.contains(
                "warning: company \"sambre\" (Verrerie Sambrelune SAS): none of its 11 onboarded employees employed in 2030-W10 gets an email "
                    + "(no_email 1, empty 10): 10 have nothing to report this week; check the others' email and opt-out columns"))
    }

    /// Single-line values have limits; over one, the row is an input error that says how long it is
    /// (and quotes only the start of the value).
    @Test func overlongValuesAreInputErrors() {
        let copy = ExportCopy()
        let long = String(repeating: "N", count: 201)
        copy.replaceLine(
            in: "companies.csv", startingWith: "leie,", with: "leie,\(String(repeating: "L", count: 10_000_000)),Europe/Brussels,nl")
        copy.replaceLine(
            in: "employees.csv", startingWith: "E1024,",
            with:
                "E1024,leie,\(long),Nora,\(String(repeating: "n", count: 243))@example.com,,\(String(repeating: "T", count: 101)),,,,false,true,false,"
        )
        copy.replaceLine(in: "days_off.csv", startingWith: "2027-01-01,leie", with: "2027-01-01,leie,\(long)")
        copy.replaceLine(in: "shifts.csv", startingWith: "E3012,2026-12-28", with: "E3012,2026-12-28,\(long),07:00,15:00")
        let quoted = { (letter: String) in "\"" + String(repeating: letter, count: 100) + "…\"" }
        let problems = copy.problems()
        #expect(
            Array(problems.prefix(1)) == [
                "companies.csv:2: name \(quoted("L")) is 10000000 characters long, more than the 200 allowed: shorten it"
            ])
        #expect(
            problems.contains("employees.csv:26: last_name \(quoted("N")) is 201 characters long, more than the 200 allowed: shorten it"))
        #expect(
            problems.contains(
                "employees.csv:26: email \"\(String(repeating: "n", count: 100))…\" is 255 bytes long, more than the 254 an address may have (RFC 5321): fix it"
            ))
        #expect(problems.contains("employees.csv:26: team \(quoted("T")) is 101 characters long, more than the 100 allowed: shorten it"))
        #expect(problems.contains("shifts.csv:29: location \(quoted("N")) is 201 characters long, more than the 200 allowed: shorten it"))
        #expect(problems.contains("days_off.csv:5: name \(quoted("N")) is 201 characters long, more than the 200 allowed: shorten it"))
        #expect(problems.allSatisfy { $0.utf8.count < 1000 }, "a long value is not copied into its message")
        // At the limit, values are fine.
        let fine = ExportCopy()
        fine.replaceLine(
            in: "employees.csv", startingWith: "E1024,",
            with:
                "E1024,leie,\(String(repeating: "N", count: 200)),Nora,\(String(repeating: "n", count: 242))@example.com,,\(String(repeating: "T", count: 100)),,,,false,true,false,"
        )
        #expect(fine.problems() == [])
    }
}
