import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteDigest

/// The digest renders its templates with Gazette's compiled renderer (fast, typed); swift-mustache
/// is the reference. Every sample digest of three weeks must come out byte for byte the same from both.
@Suite struct CompiledRenderingTests {
    @Test(arguments: ["2026-W53", "2027-W01", "2027-W12"])
    func everySampleDigestMatchesSwiftMustache(week: String) throws {
        let isoWeek = ISOWeek(iso: week)!
        let export = Sample.export
        let templates = Sample.inputs.composer.templates
        var compared = 0
        for company in export.companies.indices {
            let companyWeek = CompanyWeek(export: export, company: company, week: isoWeek, cap: Sample.inputs.settings.listCap)
            let composer = try Sample.inputs.composer.company(companyWeek)
            for position in export.employeesByCompany[company]
            where SkipReason.before(content: export.employees[position], in: isoWeek) == nil {
                let view = DigestView(companyWeek, recipient: position)
                if view.isEmpty { continue }
                var values: TemplateValue = [:]
                let digest = try composer.compose(view, lastValues: { values = $0 })
                #expect(
                    digest.html == (try templates.renderWithSwiftMustache("digest/email.html", values)),
                    "\(export.employees[position].id) html")
                #expect(
                    digest.text == (try templates.renderWithSwiftMustache("digest/email.txt", values)),
                    "\(export.employees[position].id) text")
                compared += 1
            }
        }
        #expect(compared > 0)
    }
}
