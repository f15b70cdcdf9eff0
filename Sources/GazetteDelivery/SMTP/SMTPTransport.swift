import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands a pass's messages to an SMTP relay over up to `connections` connections at once (SwiftNIO),
/// each carrying message after message until the pass has none left, its connection is lost, or the
/// throttle takes the connection away.
struct SMTPTransport: Transport {
    let settings: SMTPSessionSettings
    let connections: Int
    let group: any EventLoopGroup

    func run(_ pass: DeliveryPass) async {
        await withTaskGroup(of: Void.self) { workers in
            for worker in 0..<connections {
                // Each connection on an event loop of its own (as far as there are loops), its
                // loop's jobs run there too: no thread switch between the channel and the session.
                let executor = EventLoopTaskExecutor(group.next())
                workers.addTask(executorPreference: executor) { await self.work(worker, on: executor.eventLoop, pass) }
            }
        }
    }

    /// One connection's loop: take a message, connect if need be, send, until there are none.
    private func work(_ worker: Int, on eventLoop: any EventLoop, _ pass: DeliveryPass) async {
        while true {
            // A connection the throttle took away waits until it is given back or the pass ends.
            while !pass.throttle.allows(worker: worker) {
                if pass.throttle.stopped != nil { return }
                try? await Task.sleep(for: .milliseconds(200))
            }
            guard await pass.throttle.waitOutPause(), let first = pass.next() else { return }
            let channel: NIOAsyncChannel<SMTPReply, SMTPRequest>
            do {
                channel = try await connect(on: eventLoop)
            } catch {
                pass.putBack(first)
                pass.connectionFailed(
                    SessionFailure(
                        text: "cannot connect to \(settings.host):\(settings.port): \(SMTPSession.describe(error))", permanent: false))
                continue
            }
            do {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(settings: settings, channel: channel.channel, inbound: inbound, outbound: outbound)
                    do throws(SessionFailure) {
                        try await session.open()
                    } catch {
                        pass.putBack(first)
                        pass.connectionFailed(error)
                        return
                    }
                    pass.connected()
                    var job: DeliveryJob? = first
                    // The message taken (and read) while the one before went out, and whether its
                    // MAIL, RCPT and DATA went with that data (it has its turn from the throttle).
                    var ahead: (job: DeliveryJob, message: MessageFile, envelopeSent: Bool)?
                    while let current = job {
                        let message: MessageFile
                        var envelopeSent = false
                        if let taken = ahead, taken.job.id == current.id {
                            (message, envelopeSent) = (taken.message, taken.envelopeSent)
                            ahead = nil
                        } else {
                            guard await pass.throttle.permit() else {
                                pass.putBack(current)
                                break
                            }
                            guard let read = pass.prepare(current) else {
                                guard pass.throttle.allows(worker: worker) else { break }
                                job = pass.next()
                                continue
                            }
                            message = read
                        }
                        var following: (job: DeliveryJob, message: MessageFile)?
                        await deliver(current, message, envelopeSent: envelopeSent, over: &session, pass) {
                            // The next message, if it may start at once: it is offered in the same
                            // write as this one's data.
                            guard pass.throttle.allows(worker: worker), pass.throttle.tryPermit(), let next = pass.next() else {
                                return nil
                            }
                            guard let read = pass.prepare(next) else { return nil }
                            following = (next, read)
                            return SMTPSession.Offer(recipient: read.recipient, size: read.bytes.count, eightBit: read.hasEightBitBytes)
                        }
                        if let following {
                            guard session.usable else {
                                // Its MAIL, RCPT and DATA may have gone, never its data: it goes back.
                                pass.putBack(following.job)
                                break
                            }
                            ahead = (following.job, following.message, session.offeredNext)
                            job = following.job
                            continue
                        }
                        guard session.usable, pass.throttle.allows(worker: worker) else { break }
                        job = pass.next()
                    }
                    await session.quit()
                }
            } catch {
                // Closing a connection that is already gone.
            }
        }
    }

    /// Sends `message` (`job`'s file, read); `next` gives the message to offer after it, if any.
    private func deliver(
        _ job: DeliveryJob, _ message: MessageFile, envelopeSent: Bool, over session: inout SMTPSession, _ pass: DeliveryPass,
        next: () -> SMTPSession.Offer?
    ) async {
        var data = session.channel.allocator.buffer(capacity: message.bytes.count + message.bytes.count / 64 + 8)
        SMTPData.encode(message.bytes, into: &data)
        let offer = SMTPSession.Offer(recipient: message.recipient, size: message.bytes.count, eightBit: message.hasEightBitBytes)
        let outcome = await session.transfer(
            offer, data: data, envelopeSent: envelopeSent, markSending: { try await pass.markSending(job, recipient: message.recipient) },
            next: next)
        pass.record(job, outcome, recipient: message.recipient)
    }

    private func connect(on eventLoop: any EventLoop) async throws -> NIOAsyncChannel<SMTPReply, SMTPRequest> {
        let settings = self.settings
        let timeout = settings.timeout
        return try await ClientBootstrap(group: eventLoop)
            .connectTimeout(min(timeout, .seconds(30)))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: settings.tls, serverHostname: settings.serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
                    return try NIOAsyncChannel<SMTPReply, SMTPRequest>(wrappingChannelSynchronously: channel)
                }
            }
    }
}
