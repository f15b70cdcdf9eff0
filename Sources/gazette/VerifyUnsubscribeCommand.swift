import ArgumentParser
import Foundation
import GazetteCore
import GazetteMail

/// `gazette verify-unsubscribe`: checks an unsubscribe link or token.
struct VerifyUnsubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-unsubscribe",
        abstract: "Check an unsubscribe link or token and print the company and employee it names.",
        discussion: """
            Prints "company <id>" and "employee <id>" (and the key id) and exits 0 when the token's \
            signature matches the secret; says why and exits 1 when it does not. The secret comes from \
            --secret-file or GAZETTE_SECRET (exit 2 without one).
            """
    )

    @Argument(help: ArgumentHelp("The https or mailto link from an email, or the token alone.", valueName: "url-or-token"))
    var link: String

    @Option(help: ArgumentHelp("File holding the unsubscribe secret (else GAZETTE_SECRET).", valueName: "path"))
    var secretFile: String?

    /// The arguments after `verify-unsubscribe` as ArgumentParser should see them: the options first,
    /// then `--` and the token. A token is URL-safe base64 and may start with "-" (`-QJrMQ…`), which
    /// ArgumentParser would take for flags: a tampered token printed the help and exited 0, and a
    /// script took it for valid. So anything that is not one of this command's own options is the
    /// token, whatever it starts with.
    static func normalized(_ arguments: [String]) -> [String] {
        var options: [String] = []
        var positionals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--":
                positionals += arguments[index...]
                index = arguments.count
            case "--secret-file":
                options.append(argument)
                if index < arguments.count {
                    options.append(arguments[index])
                    index += 1
                }
            case "-h", "--help", "-help":
                options.append(argument)
            default:
                if argument.hasPrefix("--secret-file=") { options.append(argument) } else { positionals.append(argument) }
            }
        }
        return positionals.isEmpty ? options : options + ["--"] + positionals
    }

    func run() throws {
        let secret = try UnsubscribeSecret.resolve(file: secretFile)
        switch UnsubscribeToken.verify(linkOrToken: link, secret: secret) {
        case .success(let token):
            Terminal.output("company \(token.company)\nemployee \(token.employee)\nkey \(token.keyID)")
        case .failure(let problem):
            Terminal.error("gazette: invalid unsubscribe token: \(problem)")
            throw CommandExit(code: 1)
        }
    }
}
