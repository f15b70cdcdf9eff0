import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazetteTestSupport

/// A fixed test secret (never a real one).
let testSecret = String(repeating: "test-secret-", count: 4)
/// The secret, and the public Ed25519 test key for the sample's `digest.dkim` (deterministic
/// signatures: the golden files hold them).
let testEnvironment = ["GAZETTE_SECRET": testSecret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue()]

/// The repository's sample export, settings and templates, loaded once for all tests.
enum Sample {
    static let sources = DigestInputs.Sources(
        data: TestSupport.path("Content/data"), config: TestSupport.path("Content/gazette.yml"),
        templates: TestSupport.path("Templates"), environment: testEnvironment)

    static let inputs: DigestInputs = {
        do { return try DigestInputs.load(sources) } catch { fatalError("sample does not load: \(error)") }
    }()

    static var export: HRExport { inputs.export }

    static func employee(_ id: String) -> Int { export.employeeIndex[id]! }

    /// The index of the company of `employeeID` in `week`.
    static func companyWeek(_ week: String, of employeeID: String, cap: Int? = nil) -> CompanyWeek {
        let company = export.companyOfEmployee[employee(employeeID)]
        return CompanyWeek(export: export, company: company, week: ISOWeek(iso: week)!, cap: cap ?? inputs.settings.listCap)
    }

    static func view(_ week: String, _ employeeID: String) -> DigestView {
        DigestView(companyWeek(week, of: employeeID), recipient: employee(employeeID))
    }

    /// `employeeID`'s digest in `week`, composed as the batch would.
    static func digest(_ week: String, _ employeeID: String) throws -> ComposedDigest {
        try inputs.composer.company(companyWeek(week, of: employeeID)).compose(employee(employeeID))
    }

    /// Everything a reader of `employeeID`'s digest can see: subject, text and HTML.
    static func visible(_ week: String, _ employeeID: String) throws -> String {
        let digest = try digest(week, employeeID)
        return digest.subject + "\n" + digest.text + "\n" + digest.html
    }

    /// Every recipient's digest of the week (not skipped), by employee id.
    static func allDigests(_ week: String) throws -> [String: ComposedDigest] {
        let isoWeek = ISOWeek(iso: week)!
        var result: [String: ComposedDigest] = [:]
        for company in export.companies.indices {
            let companyWeek = CompanyWeek(export: export, company: company, week: isoWeek, cap: inputs.settings.listCap)
            let composer = try inputs.composer.company(companyWeek)
            for position in export.employeesByCompany[company]
            where SkipReason.before(content: export.employees[position], in: isoWeek) == nil {
                let view = DigestView(companyWeek, recipient: position)
                if !view.isEmpty { result[export.employees[position].id] = try composer.compose(view) }
            }
        }
        return result
    }

    /// The raw rows of a sample CSV file (header first), for checks against the input itself.
    static func rows(_ file: String) -> [[String]] {
        let data = FileManager.default.contents(atPath: TestSupport.path("Content/data/" + file))!
        return CSVReader.records([UInt8](data)).map(\.fields)
    }
}

/// A copy of the sample export in a scratch folder, to break on purpose.
final class ExportCopy {
    let folder = ScratchFolder("gazette-digest")

    init() {
        for file in HRExport.files {
            folder.copy(TestSupport.path("Content/data/" + file), to: "data/" + file)
        }
    }

    var data: String { folder.path + "/data" }

    /// Replaces the line that starts with `prefix` (the first) in `file` with `replacement`.
    func replaceLine(in file: String, startingWith prefix: String, with replacement: String) {
        let text = folder.read("data/" + file)!
        var lines = text.components(separatedBy: "\n")
        let index = lines.firstIndex { $0.hasPrefix(prefix) }!
        lines[index] = replacement
        folder.write("data/" + file, lines.joined(separator: "\n"))
    }

    func append(to file: String, _ line: String) {
        folder.write("data/" + file, folder.read("data/" + file)! + line + "\n")
    }

    func load(skipInvalid: Bool = false) throws -> DigestInputs {
        var sources = Sample.sources
        sources.data = data
        sources.skipInvalid = skipInvalid
        return try DigestInputs.load(sources)
    }

    /// The problems loading reports (empty when it loads).
    func problems() -> [String] {
        do {
            _ = try load()
            return []
        } catch let error as InputError {
            return error.problems.map { $0.description.replacingOccurrences(of: data + "/", with: "") }
        } catch {
            return ["\(error)"]
        }
    }
}
