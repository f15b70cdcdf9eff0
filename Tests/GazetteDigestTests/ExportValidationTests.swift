import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

/// Every kind of input error, with its whole message: `file:line: message`.
@Suite struct ExportValidationTests {
    @Test func sampleExportIsValid() {
        #expect(Sample.export.invalidRows.isEmpty)
        #expect(Sample.export.companies.count == 4)
        #expect(Sample.export.employees.count == 62)
        #expect(Sample.export.leave.count == 56)
        #expect(Sample.export.daysOff.count == 26)
        #expect(Sample.export.shifts.count == 53)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var prefix: String
        var replacement: String
        var expected: [String]
        var testDescription: String { expected.first ?? replacement }
    }

    static let cases: [Case] = [
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement:
                "E1024,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,2017-10-02,,1987-02-30,false,true,false,CC-300",
            expected: ["employees.csv:26: birth_date \"1987-02-30\" is not a date (YYYY-MM-DD or --MM-DD)"]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "E1024,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,02/10/2017,,,false,true,false,CC-300",
            expected: ["employees.csv:26: start_date \"02/10/2017\" is not a date (YYYY-MM-DD)"]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "E1024,leei,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,,,,false,true,false,CC-300",
            expected: ["employees.csv:26: company_id \"leei\" is not in companies.csv: add the company or fix the id"]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "E1001,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,,,,false,true,false,CC-300",
            expected: ["employees.csv:26: id \"E1001\" is already used on line 2: employee ids must be unique across the export"]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "E1024,leie,,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,,,,false,true,false,CC-300",
            expected: ["employees.csv:26: last_name is empty: every row needs a value here"]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement:
                "E1024,leie,Hermans,\"Nora\nBcc: x@evil.example\",nora.hermans@brouwerij-leie.example,,Kantoor,,,,false,true,false,CC-300",
            expected: [
                "employees.csv:26: first_name \"Nora\\nBcc: x@evil.example\" holds a control character (a line break or tab): it must be one line of text"
            ]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "E1024,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,de,Kantoor,,,,false,true,false,CC-300",
            expected: [
                "employees.csv:26: locale \"de\" is not one of nl, en, fr: use one of them, or add Templates/locales/de.yml and list it in digest.languages"
            ]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement:
                "E1024,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,2020-01-01,2019-12-31,,maybe,true,false,CC-300",
            expected: [
                "employees.csv:26: end_date 2019-12-31 is before start_date 2020-01-01: the period ends on or after the day it starts",
                "employees.csv:26: share_birthday \"maybe\" is not true or false (also 1/0, yes/no; empty means false)",
            ]),
        Case(
            file: "employees.csv", prefix: "E1024,",
            replacement: "../E1024,leie,Hermans,Nora,nora.hermans@brouwerij-leie.example,,Kantoor,,,,false,true,false,CC-300",
            expected: [
                "employees.csv:26: id \"../E1024\" may only hold letters, digits, \".\", \"_\" and \"-\" (at most 64, not starting with \".\"): ids name files"
            ]),
        Case(
            file: "employees.csv", prefix: "E1024,", replacement: "E1024,leie,Hermans",
            expected: ["employees.csv:26: has 3 fields where the header has 14: quote a field that holds a comma"]),
        Case(
            file: "optouts.csv", prefix: "E4004,", replacement: "E4004,\"2026-11-02",
            expected: ["optouts.csv:3: a quoted field that starts on line 3 is never closed: add the closing quote (\")"]),
        Case(
            file: "companies.csv", prefix: "thames,", replacement: "thames,Thames Lantern Bakery Ltd,Europe/Londen,en",
            expected: ["companies.csv:5: time_zone \"Europe/Londen\" is not an IANA time zone: write it like Europe/Brussels"]
                + (22...27).map { "days_off.csv:\($0): company_id \"thames\" refers to companies.csv:5, which is invalid" }
                + (53...64).map { "employees.csv:\($0): company_id \"thames\" refers to companies.csv:5, which is invalid" }
                + ["…"]),
        Case(
            file: "leave.csv", prefix: "E1004,", replacement: "E1004,Vakantie,2026-12-29,2026-12-28,morning,ok,",
            expected: [
                "leave.csv:8: end_date 2026-12-28 is before start_date 2026-12-29: the period ends on or after the day it starts",
                "leave.csv:8: part \"morning\" is not one of full, am, pm: leave it empty for full",
                "leave.csv:8: status \"ok\" is not one of approved, requested, rejected: leave it empty for approved",
            ]),
        Case(
            file: "leave.csv", prefix: "E1004,", replacement: "E9999,Vakantie,2026-12-28,2026-12-29,full,approved,",
            expected: ["leave.csv:8: employee_id \"E9999\" is not in employees.csv: add the employee or fix the id"]),
        Case(
            file: "shifts.csv", prefix: "E3012,2026-12-28", replacement: "E3012,2026-12-28,Hub Zaandam,24:00,7.30",
            expected: [
                "shifts.csv:29: end \"7.30\" is not a time (HH:MM, 00:00 to 23:59)",
                "shifts.csv:29: start \"24:00\" is not a time (HH:MM, 00:00 to 23:59)",
            ]),
        Case(
            file: "shifts.csv", prefix: "E3012,2026-12-28", replacement: "E3012,2026-12-28,Hub Zaandam,07:00,07:00",
            expected: [
                "shifts.csv:29: end 07:00 is the same as start: a shift needs a length (an end earlier than the start is the next day)"
            ]),
        Case(
            file: "days_off.csv", prefix: "2027-01-01,leie", replacement: "2027-01-01,leie,",
            expected: ["days_off.csv:5: name is empty: every row needs a value here"]),
        Case(
            file: "optouts.csv", prefix: "E1015,", replacement: "E1015,yesterday",
            expected: ["optouts.csv:2: at \"yesterday\" is not a timestamp (YYYY-MM-DDTHH:MM:SS with Z or an offset like +01:00)"]),
    ]

    @Test(arguments: cases) func inputErrorMessages(_ testCase: Case) {
        let copy = ExportCopy()
        copy.replaceLine(in: testCase.file, startingWith: testCase.prefix, with: testCase.replacement)
        let problems = copy.problems()
        if testCase.expected.last == "…" {
            // A cascade: the first problems are checked whole, the rest by count.
            let expected = testCase.expected.dropLast()
            #expect(Array(problems.prefix(expected.count)) == Array(expected))
        } else {
            #expect(problems == testCase.expected)
        }
    }

    @Test func fileLevelProblems() {
        let copy = ExportCopy()
        try! FileManager.default.removeItem(atPath: copy.data + "/shifts.csv")
        copy.folder.write("data/companies.csv", "id,name,locale\nleie,Leie,nl\n")
        #expect(
            copy.problems() == [
                "companies.csv:1: missing column \"time_zone\": the header needs id, name, locale, time_zone (in any order)",
                "shifts.csv: cannot read the file: it does not exist or is not readable (a header row alone is fine)",
            ])
    }

    @Test func invalidUTF8InARow() {
        let copy = ExportCopy()
        var bytes = [UInt8](FileManager.default.contents(atPath: copy.data + "/days_off.csv")!)
        bytes.append(contentsOf: Array("2027-01-02,leie,Br".utf8) + [0xFF] + Array("ugdag\n".utf8))
        _ = FileManager.default.createFile(atPath: copy.data + "/days_off.csv", contents: Data(bytes))
        #expect(copy.problems() == ["days_off.csv:28: field 3 is not valid UTF-8: save the file as UTF-8"])
    }

    @Test func optOutsFileIsOptional() throws {
        let copy = ExportCopy()
        try FileManager.default.removeItem(atPath: copy.data + "/optouts.csv")
        let inputs = try copy.load()
        // E1015 is opted out only through optouts.csv.
        #expect(!inputs.export.employees[inputs.export.employeeIndex["E1015"]!].optedOut)
        #expect(inputs.export.employees[inputs.export.employeeIndex["E4004"]!].optedOut)
    }

    @Test func columnsInAnyOrderAndUnknownOnesIgnored() throws {
        let copy = ExportCopy()
        copy.folder.write(
            "data/companies.csv",
            "extra,time_zone,locale,name,id\nx,Europe/Brussels,nl,Leie,leie\nx,Europe/Paris,fr,Sambre,sambre\nx,Europe/Amsterdam,nl,Gr,grachten\nx,Europe/London,en,Th,thames\n"
        )
        let inputs = try copy.load()
        #expect(inputs.export.companies.map(\.id) == ["leie", "sambre", "grachten", "thames"])
        #expect(inputs.export.companies[3].timeZoneID == "Europe/London")
    }

    /// The export from bytes in memory (what the fuzz target loads) is the export read from disk.
    @Test func anExportInMemoryLoadsAsFromDisk() throws {
        let copy = ExportCopy()
        copy.replaceLine(in: "leave.csv", startingWith: "E1004,", with: "E9999,Vakantie,2026-12-28,2026-12-29,full,approved,")
        try FileManager.default.removeItem(atPath: copy.data + "/optouts.csv")
        var files: [String: [UInt8]] = [:]
        for name in HRExport.files where copy.folder.exists("data/" + name) {
            files[name] = [UInt8](try #require(FileManager.default.contents(atPath: copy.data + "/" + name)))
        }
        let fromDisk = try HRExport.load(from: copy.data, languages: ["nl", "en", "fr"])
        let inMemory = try HRExport.load(files: files, in: copy.data, languages: ["nl", "en", "fr"])
        #expect(inMemory.invalidRows == fromDisk.invalidRows)
        #expect(inMemory.invalidRows.count == 1)
        #expect(inMemory.employees.map(\.id) == fromDisk.employees.map(\.id))
        #expect(inMemory.leave.count == fromDisk.leave.count)
        files["employees.csv"] = nil
        #expect(
            throws: InputError(
                InputProblem(
                    path: copy.data + "/employees.csv",
                    "cannot read the file: it does not exist or is not readable (a header row alone is fine)"))
        ) {
            try HRExport.load(files: files, in: copy.data, languages: ["nl", "en", "fr"])
        }
    }

    @Test func skipInvalidGoesOnWithoutTheRow() throws {
        let copy = ExportCopy()
        copy.replaceLine(
            in: "employees.csv", startingWith: "E1005,",
            with: "E1005,leie,Çelik,Yıldız,yildiz.celik@brouwerij-leie.example,,Kantoor,,,1987-02-30,false,true,false,")
        #expect(throws: InputError.self) { try copy.load() }
        let inputs = try copy.load(skipInvalid: true)
        #expect(inputs.export.employeeIndex["E1005"] == nil)
        // Her leave row now refers to an invalid row, and is left out too, saying so.
        #expect(
            inputs.export.invalidRows.map(\.message) == [
                "birth_date \"1987-02-30\" is not a date (YYYY-MM-DD or --MM-DD)",
                "employee_id \"E1005\" refers to \(copy.data)/employees.csv:6, which is invalid",
            ])
    }
}
