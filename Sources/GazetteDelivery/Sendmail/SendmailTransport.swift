import Foundation
import GazetteCore

/// Hands messages to the local MTA's sendmail program (Postfix's or Exim's):
/// `sendmail -i -f <envelope_from> -- <recipient>`, the file's bytes on standard input, up to
/// `connections` programs at once. Its exit status says what became of the message (sysexits.h):
/// 0 queued (`sent`: the MTA has it), 75 EX_TEMPFAIL and the system errors 69–74 `deferred`, any
/// other status `failed`; a program killed by a signal may have queued the message: `uncertain`.
struct SendmailTransport: Transport {
    let program: String
    let envelopeFrom: String
    let connections: Int

    func run(_ pass: DeliveryPass) async {
        await withTaskGroup(of: Void.self) { workers in
            for _ in 0..<connections {
                workers.addTask { await self.work(pass) }
            }
        }
    }

    private func work(_ pass: DeliveryPass) async {
        while await pass.throttle.permit(), let job = pass.next() {
            guard let message = pass.prepare(job) else { continue }
            do {
                try await pass.markSending(job, recipient: message.recipient)
            } catch {
                pass.record(job, .deferred("not sent: \(error)"), recipient: message.recipient, attempted: false)
                return
            }
            let outcome = await hand(message)
            pass.record(job, outcome, recipient: message.recipient)
        }
    }

    /// Runs the program on a thread of its own (it blocks until the program exits).
    private func hand(_ message: MessageFile) async -> TransferOutcome {
        let program = self.program
        let arguments = ["-i", "-f", envelopeFrom, "--", message.recipient]
        return await withCheckedContinuation { (done: CheckedContinuation<TransferOutcome, Never>) in
            Thread.detachNewThread {
                do throws(RunFailure) {
                    let result = try ChildProcess.run(program, arguments, inputBytes: message.bytes)
                    done.resume(returning: Self.outcome(result, program: program))
                } catch {
                    done.resume(returning: .deferred("cannot run \(program): \(error.message)"))
                }
            }
        }
    }

    /// The outcome of the program's end; `result.error` is what it wrote on standard error.
    static func outcome(_ result: ChildProcess.Result, program: String) -> TransferOutcome {
        let detail = result.error.split(separator: "\n").last.map { ": " + String($0.prefix(300)) } ?? ""
        if result.stoppedBySignal { return .uncertain("\(program) was stopped by signal \(result.status)\(detail)") }
        switch result.status {
        case 0: return .sent("\((program as NSString).lastPathComponent) exited 0 (queued by the local MTA)")
        case 69...75: return .deferred("\(program) exited \(result.status)\(detail)")
        default: return .failed("\(program) exited \(result.status)\(detail)")
        }
    }
}
