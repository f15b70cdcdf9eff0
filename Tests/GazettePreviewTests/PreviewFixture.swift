import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail
import GazettePreview
import GazetteTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A fixed test secret (never a real one).
let previewSecret = String(repeating: "preview-test-secret-", count: 2)

/// The sample export, settings and templates copied into a scratch folder (tests change them), and
/// a preview store on them, for the sample week 2026-W53 with the clock pinned.
final class PreviewFixture: Sendable {
    let folder = ScratchFolder("gazette-preview")
    let store: PreviewStore
    /// Monday 28 December 2026, 09:00 UTC: the `at` of opt-outs recorded in tests.
    static let now = Date(timeIntervalSince1970: TimeInterval(CivilDate(iso: "2026-12-28")!.daysSinceEpoch * 86_400 + 9 * 3600))

    init() {
        folder.copy(TestSupport.path("Content/data"), to: "data")
        folder.copy(TestSupport.path("Content/gazette.yml"), to: "gazette.yml")
        folder.copy(TestSupport.path("Templates"), to: "Templates")
        store = PreviewStore(configuration: Self.configuration(folder.path))
    }

    /// Without SpamAssassin (SpamAssassinTests turn it on): every email page would start a run of
    /// seconds in the background, outliving the test.
    static func configuration(_ root: String) -> PreviewConfiguration {
        PreviewConfiguration(
            sources: sources(root), week: ISOWeek(iso: "2026-W53"), host: "127.0.0.1", port: 0, now: { PreviewFixture.now },
            spamAssassin: nil)
    }

    static func sources(_ root: String) -> DigestInputs.Sources {
        DigestInputs.Sources(
            data: root + "/data", config: root + "/gazette.yml", templates: root + "/Templates",
            environment: ["GAZETTE_SECRET": previewSecret, "GAZETTE_DKIM_KEYS": DKIMTestTools.environmentValue(rsa: true)])
    }

    var sources: DigestInputs.Sources { Self.sources(folder.path) }

    /// Runs `body` with an in-process client of the preview's router (no socket).
    func withClient<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = Application(router: PreviewServer.router(store))
        return try await application.test(.router, body)
    }

    /// The digest the batch would write for `employee` in 2026-W53, from the fixture's files as they are now.
    func digest(_ employee: String) throws -> ComposedDigest {
        let inputs = try DigestInputs.load(sources)
        let position = inputs.export.employeeIndex[employee]!
        let week = CompanyWeek(
            export: inputs.export, company: inputs.export.companyOfEmployee[position], week: ISOWeek(iso: "2026-W53")!,
            cap: inputs.settings.listCap)
        return try inputs.composer.company(week).compose(position)
    }

    /// A signed unsubscribe token for `employee` of `company`.
    static func token(_ company: String, _ employee: String, secret: String = previewSecret) -> String {
        UnsubscribeToken(keyID: "k1", company: company, employee: employee).signed(with: UnsubscribeSecret(Array(secret.utf8))!)
    }

    /// Replaces `old` with `new` in the fixture file at `relative` (it must occur).
    func edit(_ relative: String, replacing old: String, with new: String) {
        let text = folder.read(relative)!
        precondition(text.contains(old), "\(relative) does not contain \(old)")
        folder.write(relative, text.replacingOccurrences(of: old, with: new))
    }
}

extension TestResponse {
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
    var bytes: [UInt8] { Array(body.readableBytesView) }

    func header(_ name: String) -> String? { headers[.init(name)!] }

    /// Employee ids in the rows of the index's table.
    var listedEmployees: [String] {
        guard let body = text.range(of: "<tbody>").map({ text[$0.upperBound...] }) else { return [] }
        return body.matches(of: /<span class="id">([A-Za-z0-9._-]+)<\/span>/).map { String($0.output.1) }
    }
}

extension TestClientProtocol {
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }

    func post(_ uri: String, body: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await execute(uri: uri, method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

/// Every row of a sample CSV file as a dictionary by column name (for expectations computed from the input).
func sampleRows(_ file: String) -> [[String: String]] {
    let data = FileManager.default.contents(atPath: TestSupport.path("Content/data/" + file))!
    let records = CSVReader.records([UInt8](data)).map(\.fields)
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(records[0], $0)) }
}
