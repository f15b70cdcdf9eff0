import Foundation
import GazetteTestSupport
import Testing

/// Whole digests compared byte for byte with files under Fixtures/golden, so that any change to the
/// layout, the words or the MIME writing shows up in review. Re-record after an intended change with
/// `GAZETTE_RECORD=1 swift test --filter GoldenTests` and read the diff.
@Suite struct GoldenTests {
    @Test(arguments: [("2026-W53", "E4001"), ("2026-W53", "E2001"), ("2026-W53", "E1001"), ("2027-W12", "E3009")])
    func digestMatchesItsGoldenFile(week: String, employee: String) throws {
        let bytes = Data(try Sample.digest(week, employee).bytes())
        let name = "\(week)-\(employee).eml"
        let source = TestSupport.path("Tests/GazetteDigestTests/Fixtures/golden/" + name)
        if ProcessInfo.processInfo.environment["GAZETTE_RECORD"] == "1" {
            try FileManager.default.createDirectory(
                atPath: (source as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: source))
        }
        let golden = try #require(FileManager.default.contents(atPath: source), "no golden file \(name): record it with GAZETTE_RECORD=1")
        #expect(bytes == golden, "\(name) differs from its golden file")
    }
}
