import Foundation
import GazetteFuzz
import GazetteTestSupport
import Testing

/// Every seed of the fuzz corpora and every input a fuzzer made crash (kept in
/// Tests/Fuzz/regressions/<target>/ once fixed) runs through its target on every `make test`: a
/// fixed crash stays fixed. The targets stop the process on a broken property, so a regression shows
/// as this test process failing.
@Suite("Fuzz corpora and regressions")
struct FuzzReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func seedsAndRegressionsRunClean(target: FuzzTarget) throws {
        let seeds = try #require(target.replay(TestSupport.path("Tests/Fuzz/corpus/" + target.rawValue)))
        #expect(seeds.count >= 3, "a seed corpus for \(target.rawValue) in Tests/Fuzz/corpus/\(target.rawValue)")
        let regressions = TestSupport.path("Tests/Fuzz/regressions/" + target.rawValue)
        if FileManager.default.fileExists(atPath: regressions) {
            #expect(target.replay(regressions) != nil)
        }
    }
}
