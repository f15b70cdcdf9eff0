import GazetteCore
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension PreviewServer {
    /// Why the server could not start, in words a user acts on: a port that another program holds, or
    /// one this user may not take, rather than the socket call's own wording.
    public static func startFailure(_ error: any Error, host: String, port: Int) -> RunFailure {
        guard let error = error as? IOError else { return RunFailure("cannot serve on \(host) port \(port): \(error)") }
        switch error.errnoCode {
        case EADDRINUSE:
            return RunFailure("port \(port) on \(host) is in use: stop the other server or pass --port")
        case EACCES:
            return RunFailure("port \(port) on \(host) needs more rights than this user has: pass --port with a port from 1024 up")
        case EADDRNOTAVAIL:
            return RunFailure("\(host) is not an address of this machine: pass --host 127.0.0.1 (or another address it has)")
        default:
            return RunFailure("cannot serve on \(host) port \(port): \(String(cString: strerror(error.errnoCode)))")
        }
    }
}
