import ArgumentParser
import Foundation
import GazetteCore

/// `gazette`: the command line. It parses flags, calls the libraries and prints; nothing else.
@main
struct Gazette: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Publish policy documents as a static site, build the weekly digest emails and send them.",
        discussion:
            "Exit status: 0 success, 1 the run failed (I/O, internal), 2 bad input or bad flags; send adds 75: messages deferred, a later run retries them.",
        subcommands: [
            SiteCommand.self, DigestCommand.self, PreviewCommand.self, VerifyUnsubscribeCommand.self, DKIMRecordCommand.self,
            SendCommand.self,
            AnnounceCommand.self,
        ]
    )

    /// Runs the command line with the contract's exit codes: parse and flag problems exit 2 (not
    /// ArgumentParser's 64), input problems 2, other failures 1. No stack trace reaches the user.
    static func main() async {
        do {
            var command = try parseAsRoot(Self.arguments(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as InputError {
            Terminal.error(error.problems.map(\.description).joined(separator: "\n"))
            let count = error.problems.count
            Terminal.error("gazette: \(count) input problem\(count == 1 ? "" : "s"); nothing was written.")
            Foundation.exit(2)
        } catch let error as RunFailure {
            Terminal.error("gazette: \(error.description)")
            Foundation.exit(1)
        } catch let error as CommandExit {
            Foundation.exit(error.code)
        } catch {
            // ArgumentParser's own outcomes: help (0) and flag problems (its 64 becomes our 2).
            switch exitCode(for: error) {
            case .success:
                Terminal.output(fullMessage(for: error))
                Foundation.exit(0)
            case .validationFailure:
                Terminal.error(fullMessage(for: error))
                Foundation.exit(2)
            default:
                Terminal.error("gazette: \(fullMessage(for: error))")
                Foundation.exit(1)
            }
        }
    }
}

extension Gazette {
    /// The command line as the subcommands expect it (`verify-unsubscribe` takes a token that may start
    /// with "-": see `VerifyUnsubscribeCommand.normalized`).
    static func arguments(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, first == VerifyUnsubscribeCommand.configuration.commandName else { return arguments }
        return [first] + VerifyUnsubscribeCommand.normalized(Array(arguments.dropFirst()))
    }
}

/// Ends a command with an exit status after it has printed its own message.
struct CommandExit: Error {
    var code: Int32
}

/// Writing to the terminal's streams.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }

}

/// Seconds since `start`, for summaries ("0.42 s").
func elapsed(since start: ContinuousClock.Instant) -> String {
    let duration = ContinuousClock.now - start
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(format: "%.2f s", seconds)
}
