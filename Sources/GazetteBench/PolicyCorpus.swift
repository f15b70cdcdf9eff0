import Foundation
import GazetteCore

/// Generates a policy corpus for benchmarks: `documents` documents in every language, each file about
/// 30 KB of realistic structure (articles, numbered clauses, nested lists three deep, a definitions
/// article, a table, bullets, links), from a seed.
public enum PolicyCorpus {
    public struct Document {
        public var slug: String
        public var language: String
        public var markdown: String
    }

    static let vocabulary: [String: [String]] = [
        "en": """
        the customer employer employee platform service agreement data personal processing account leave request \
        roster shift payslip notice period party parties obligation right access security measure incident \
        report period days month year written consent law applicable court dispute liability damage limit \
        invoice price fee payment term termination effect provision clause article annex order form module \
        support availability maintenance update version change notification email address user administrator \
        information purpose legal basis retention storage transfer country processor controller sub-processor \
        audit confidentiality intellectual property licence software application interface integration backup \
        recovery encryption password authentication verification device browser content upload record \
        schedule absence holiday calendar team manager colleague request approval refusal objection deletion \
        correction portability restriction complaint authority supervisory reasonable appropriate technical \
        organisational without undue delay in accordance with subject to unless otherwise agreed including \
        shall may must will not any all each every such other
        """.split(separator: " ").map(String.init),
        "nl": """
        de klant werkgever werknemer platform dienst overeenkomst gegevens persoonsgegevens verwerking account \
        verlof aanvraag rooster dienstrooster loonbrief opzegtermijn partij partijen verplichting recht toegang \
        beveiliging maatregel incident melding termijn dagen maand jaar schriftelijk toestemming recht \
        toepasselijk rechtbank geschil aansprakelijkheid schade grens factuur prijs vergoeding betaling \
        beëindiging gevolg bepaling artikel bijlage bestelformulier module ondersteuning beschikbaarheid \
        onderhoud update versie wijziging kennisgeving e-mailadres gebruiker beheerder informatie doel \
        rechtsgrond bewaartermijn opslag doorgifte land verwerker verwerkingsverantwoordelijke subverwerker \
        audit vertrouwelijkheid intellectuele eigendom licentie software toepassing koppeling back-up \
        herstel versleuteling wachtwoord authenticatie verificatie toestel browser inhoud upload registratie \
        planning afwezigheid feestdag kalender team leidinggevende collega goedkeuring weigering bezwaar \
        verwijdering rectificatie overdraagbaarheid beperking klacht toezichthoudende autoriteit redelijk \
        passend technisch organisatorisch onverwijld overeenkomstig behoudens tenzij anders overeengekomen \
        met inbegrip van zal mag moet niet elke alle iedere dergelijke andere
        """.split(separator: " ").map(String.init),
        "fr": """
        le client employeur travailleur plateforme service contrat données données personnelles traitement \
        compte congé demande horaire planning fiche de paie préavis partie parties obligation droit accès \
        sécurité mesure incident notification délai jours mois année écrit consentement loi applicable \
        tribunal litige responsabilité dommage plafond facture prix redevance paiement résiliation effet \
        disposition clause article annexe bon de commande module assistance disponibilité maintenance mise \
        à jour version modification avis adresse électronique utilisateur administrateur information finalité \
        base juridique durée de conservation stockage transfert pays sous-traitant responsable du traitement \
        audit confidentialité propriété intellectuelle licence logiciel application interface intégration \
        sauvegarde restauration chiffrement mot de passe authentification vérification appareil navigateur \
        contenu enregistrement absence jour férié calendrier équipe responsable collègue approbation refus \
        opposition effacement rectification portabilité limitation plainte autorité de contrôle raisonnable \
        approprié technique organisationnel sans délai conformément sous réserve sauf accord contraire \
        y compris doit peut ne pas chaque tous toute telle autre
        """.split(separator: " ").map(String.init),
    ]

    static let articleWord = ["nl": "Artikel", "en": "Article", "fr": "Article"]
    static let titles = ["nl": "Voorwaarden", "en": "Terms", "fr": "Conditions"]

    /// Writes `<directory>/gazette.yml` and `<directory>/policies/doc-NNNN/2026-01-01.<lang>.md`.
    public static func write(
        documents: Int, languages: [String] = ["nl", "en", "fr"], seed: UInt64, to directory: String, pdf: Bool = false
    ) throws {
        try AtomicOutput.makeDirectory(directory + "/policies")
        let settings = """
            site:
              title: "Benchmark corpus"
              base_url: "https://legal.bench.example"
              languages: [\(languages.joined(separator: ", "))]
              pdf: \(pdf)

            """
        try AtomicOutput.write(settings, to: directory + "/gazette.yml")
        for index in 0..<documents {
            for language in languages {
                let document = generate(index: index, language: language, seed: seed)
                let folder = directory + "/policies/" + document.slug
                try AtomicOutput.makeDirectory(folder)
                try AtomicOutput.write(document.markdown, to: folder + "/2026-01-01.\(language).md")
            }
        }
    }

    /// One document in one language. Translations share their structure (the same articles, clauses
    /// and table rows) and differ in words.
    public static func generate(index: Int, language: String, seed: UInt64) -> Document {
        var structure = SeededRandom(seed: seed, index)
        var words = SeededRandom(seed: seed, index, language.hashValueStable)
        let vocabulary = vocabulary[language] ?? vocabulary["en"]!
        func sentence(_ range: ClosedRange<Int> = 8...24) -> String {
            let count = structure.int(range)
            var parts: [String] = []
            for position in 0..<count {
                var word = words.pick(vocabulary)
                if position == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
                if words.chance(0.03) { word = "**\(word)**" } else if words.chance(0.02) { word = "*\(word)*" }
                parts.append(word)
                if position > 3, position < count - 2, words.chance(0.06) { parts[parts.count - 1] += "," }
            }
            return parts.joined(separator: " ") + "."
        }
        func paragraph(_ sentences: ClosedRange<Int> = 2...5) -> String {
            (0..<structure.int(sentences)).map { _ in sentence() }.joined(separator: " ")
        }
        let slug = String(format: "doc-%04d", index + 1)
        var text = "---\ntitle: \"\(titles[language] ?? "Terms") \(index + 1)\"\neffective: 2026-01-01\n---\n\n"
        text += paragraph() + "\n\n"
        let articleWord = articleWord[language] ?? "Article"
        var article = 0
        while text.utf8.count < 29_000 {
            article += 1
            text += "## \(articleWord) \(article) – \(sentence(2...4).dropLast())\n\n"
            switch article == 1 ? 0 : structure.int(0...3) {
            case 0, 1:  // numbered list clauses, nested three levels deep
                for item in 1...structure.int(3...6) {
                    text += "\(item). \(paragraph(1...3))\n"
                    if structure.chance(0.4) {
                        for sub in 1...structure.int(2...4) {
                            text += "   \(sub). \(sentence())\n"
                            if structure.chance(0.3) {
                                for subsub in 1...structure.int(2...3) { text += "      \(subsub). \(sentence())\n" }
                            }
                        }
                    }
                }
                text += "\n"
            case 2:  // clause paragraphs, a bullet list
                for clause in 1...structure.int(3...6) {
                    text += "\(article).\(clause) \(paragraph())\n\n"
                    if structure.chance(0.25) {
                        for _ in 1...structure.int(2...5) { text += "- \(sentence(4...12))\n" }
                        text += "\n"
                    }
                }
            default:  // a table and a sub-heading
                text += paragraph() + "\n\n"
                text += "| \(sentence(1...2).dropLast()) | \(sentence(1...2).dropLast()) | \(sentence(1...2).dropLast()) |\n|---|---|--:|\n"
                for row in 1...structure.int(4...9) {
                    text += "| \(sentence(2...5).dropLast()) | \(sentence(3...8).dropLast()) | \(row * 30) |\n"
                }
                text += "\n#### \(sentence(2...3).dropLast())\n\n\(paragraph()) See https://legal.bench.example/\(language)/\(slug)/.\n\n"
            }
        }
        return Document(slug: slug, language: language, markdown: text)
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
