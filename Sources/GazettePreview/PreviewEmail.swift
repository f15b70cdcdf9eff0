import GazetteCore
import GazetteDigest
import GazetteMail

/// One recipient's digest as the preview shows it: the composed digest, its bytes and how the batch
/// treats the recipient this week.
struct PreviewEmail: Sendable {
    let week: ISOWeek
    /// The employee's position in the export (not in a language variant).
    let position: Int
    /// The language the employee gets their digest in; `language` may differ when another was asked for.
    let ownLanguage: String
    let outcome: WeekIndex.Outcome
    let digest: ComposedDigest
    /// The languages there are words for, for "the same recipient in each language".
    let languages: [String]
    /// The whole .eml.
    let bytes: [UInt8]

    init(week: ISOWeek, position: Int, ownLanguage: String, outcome: WeekIndex.Outcome, digest: ComposedDigest, languages: [String]) {
        self.week = week
        self.position = position
        self.ownLanguage = ownLanguage
        self.outcome = outcome
        self.digest = digest
        self.languages = languages
        bytes = digest.bytes()
    }

    var employee: Employee { digest.view.employee }
    var company: Company { digest.view.company }
    var language: String { digest.view.language }

    /// The message read back from its bytes: headers as written, decoded for people.
    var message: ReadMessage { ReadMessage(bytes)! }

    /// The name a downloaded .eml gets.
    var fileName: String { "\(week)-\(employee.id).eml" }
}
