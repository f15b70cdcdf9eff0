#if canImport(Glibc)
import Glibc
#endif

/// TCP ports on 127.0.0.1, for the benchmark and the tests that start a server of their own: whether
/// one accepts connections yet, and one that nothing listens on.
public enum LoopbackPort {
    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = self.address(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Waits until something accepts connections on 127.0.0.1:`port`, trying `tries` times `seconds`
    /// apart (a server just started); false when it never did.
    public static func waitUntilAccepting(_ port: Int, tries: Int, every seconds: Double) -> Bool {
        for attempt in 0..<tries {
            if accepts(port) { return true }
            if attempt + 1 < tries { usleep(useconds_t(seconds * 1_000_000)) }
        }
        return false
    }

    /// A port that nothing listens on: the kernel picks one for a socket bound to port 0, which is then
    /// closed (another program could take it in between; the server's start fails then, loudly).
    public static func free() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = self.address(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func address(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
