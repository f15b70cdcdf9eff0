import NIOCore

/// A Swift task executor (SE-0417) that runs its jobs on one SwiftNIO event loop.
///
/// Each of `SMTPTransport`'s connections runs its loop with this executor preferred, on the event
/// loop its channel lives on: the replies the channel handler hands over and the writes the session
/// makes stay on one thread, where they would otherwise cross from the event loop to Swift's
/// cooperative pool and back for every command and every reply (two thread switches each, on a
/// machine with as many event loops as cores). The swift-nio in use does not ship this conformance
/// (later versions do, as `EventLoop.taskExecutor`); it is the documented few lines.
///
/// A job runs on the event loop, so it must not block for long: what the session does between
/// replies (reading a message file from the page cache, encoding its data, waiting on the ledger by
/// suspension) is short, and the event loop serves no one else's channel in the meantime but the
/// other connections it carries.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
