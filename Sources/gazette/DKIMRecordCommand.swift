import ArgumentParser
import Foundation
import GazetteCore
import GazetteDigest
import GazetteMail

/// `gazette dkim-record`: the DNS TXT record that publishes a DKIM key's public half.
struct DKIMRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim-record",
        abstract: "Print the DNS TXT record to publish for a DKIM key.",
        discussion: """
            Reads the private key (PEM: RSA of 2048 bits or more, or Ed25519) and prints one line, \
            `<selector>._domainkey.<domain>. IN TXT "v=DKIM1; k=…; p=…"`, the value split into quoted \
            strings of at most 255 characters. The selector and domain default to those the digests \
            sign this key with (digest.dkim in --config: with several keys the selector gets -rsa or \
            -ed25519). The key itself is never printed.
            """
    )

    @Option(help: ArgumentHelp("The private key file (PEM).", valueName: "path"))
    var key: String

    @Option(help: ArgumentHelp("The selector (s=); default: the one digest.dkim signs this key with.", valueName: "selector"))
    var selector: String?

    @Option(help: ArgumentHelp("The signing domain (d=); default: digest.dkim.domain.", valueName: "domain"))
    var domain: String?

    @Option(help: ArgumentHelp("Settings file with digest.dkim, for the defaults.", valueName: "file"))
    var config = "Content/gazette.yml"

    func validate() throws {
        if let selector, !DKIMSettings.isSelector(selector) {
            throw ValidationError(
                "--selector \"\(selector)\" is not a DNS label: use 1 to 55 letters, digits and hyphens, not starting or ending with a hyphen"
            )
        }
        if let domain, !MailAddress.isDomain(domain) {
            throw ValidationError("--domain \"\(domain)\" is not a domain name: write it like example.com")
        }
    }

    func run() throws {
        let dkimKey: DKIMKey
        do {
            dkimKey = try DKIMKey.read(key)
        } catch {
            throw InputError(InputProblem(path: key, error.message))
        }
        var selector = self.selector
        var domain = self.domain
        if selector == nil || domain == nil {
            let settings = try DigestSettings(from: SettingsFile.load(config))
            guard let dkim = settings.dkim else {
                throw InputError(
                    InputProblem(
                        path: config,
                        "has no digest.dkim section to take the \(selector == nil ? "selector" : "domain") from: pass --selector and --domain"
                    ))
            }
            let keyCount = dkim.keyFiles(environment: ProcessInfo.processInfo.environment).count
            selector = selector ?? DKIMSigner.selector(dkim.selector, for: dkimKey.algorithm, keyCount: max(keyCount, 1))
            domain = domain ?? dkim.domain
        }
        Terminal.output(dkimKey.publicKey.zoneRecord(selector: selector!, domain: domain!))
    }
}
