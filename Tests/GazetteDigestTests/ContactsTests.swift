import Foundation
import GazetteCore
import GazetteDigest
import GazetteTestSupport
import Testing

/// contacts.csv, the customers' people who receive policy-change announcements: checked like the
/// other files of the export, every problem with its whole message.
@Suite struct ContactsTests {
    @Test func sampleContactsLoadInFileOrderNumberedPerCompany() throws {
        let export = Sample.export
        #expect(export.invalidRows.isEmpty)
        let rows = export.contacts.map { "\(export.companies[$0.company].id)/\($0.number) \($0.email) \($0.locale ?? "-") \($0.notices)" }
        #expect(
            rows == [
                "leie/1 inge.peeters@brouwerij-leie.example - true",
                "leie/2 marc.dubois@brouwerij-leie.example fr true",
                "sambre/1 camille.lefevre@verrerie-sambre.example - true",
                "sambre/2 ancien.dpo@verrerie-sambre.example - false",
                "grachten/1 jeroen.bakker@grachten-logistiek.example en true",
            ])
        #expect(export.contacts[2].name == "Camille Lefèvre")
        // The unknown column `role` is ignored; thames has no contact at all.
        #expect(export.contactsByCompany[export.companyIndex["thames"]!].isEmpty)
    }

    @Test func contactsAreOptional() throws {
        let copy = ExportCopy()
        try FileManager.default.removeItem(atPath: copy.data + "/contacts.csv")
        let inputs = try copy.load()
        #expect(inputs.export.contacts.isEmpty)
        #expect(inputs.export.contactsByCompany.allSatisfy { $0.isEmpty })
    }

    static let cases: [(line: String, expected: [String])] = [
        (
            "leei,a@brouwerij-leie.example,A,,,",
            ["contacts.csv:7: company_id \"leei\" is not in companies.csv: add the company or fix the id"]
        ),
        (
            "leie,not an address,A,,,",
            ["contacts.csv:7: email \"not an address\" is not a valid address: write it like name@example.com (ASCII, no spaces)"]
        ),
        ("leie,,A,,,", ["contacts.csv:7: email is empty: every row needs a value here"]),
        (
            "leie,a@brouwerij-leie.example,A,de,,",
            [
                "contacts.csv:7: locale \"de\" is not one of nl, en, fr: use one of them, or add Templates/locales/de.yml and list it in digest.languages"
            ]
        ),
        (
            "leie,a@brouwerij-leie.example,A,,maybe,",
            ["contacts.csv:7: notices \"maybe\" is not true or false (also 1/0, yes/no; empty means true)"]
        ),
        (
            "leie,INGE.PEETERS@brouwerij-leie.example,Inge,,,",
            [
                "contacts.csv:7: email \"INGE.PEETERS@brouwerij-leie.example\" is already a contact of leie on line 2: list each contact once"
            ]
        ),
        (
            "leie,a@brouwerij-leie.example,\"A\nBcc: x@evil.example\",,,",
            [
                "contacts.csv:7: name \"A\\nBcc: x@evil.example\" holds a control character (a line break or tab): it must be one line of text"
            ]
        ),
    ]

    @Test(arguments: cases.indices) func badContactRowsAreInputErrors(_ index: Int) {
        let copy = ExportCopy()
        copy.append(to: "contacts.csv", Self.cases[index].line)
        #expect(copy.problems() == Self.cases[index].expected)
    }

    @Test func aMisspelledColumnIsNamed() {
        let copy = ExportCopy()
        copy.folder.write("data/contacts.csv", "company_id,e-mail,name\nleie,a@brouwerij-leie.example,A\n")
        #expect(
            copy.problems().contains { $0.hasPrefix("contacts.csv:1: ") && $0.contains("\"e-mail\"") && $0.contains("email") },
            "\(copy.problems())")
    }

    /// The same contact may be a contact of two companies (an accountant), and `notices` false keeps a
    /// row (and its number) without telling them.
    @Test func theSameAddressInTwoCompaniesIsFine() throws {
        let copy = ExportCopy()
        copy.append(to: "contacts.csv", "thames,inge.peeters@brouwerij-leie.example,Inge Peeters,,no,")
        let export = try copy.load().export
        let contact = try #require(export.contacts.last)
        #expect(export.companies[contact.company].id == "thames" && contact.number == 1 && !contact.notices)
    }
}
