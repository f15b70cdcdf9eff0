/// One of N parts of a batch (`--shard K/N`, K from 1 to N): the companies whose stable hash falls in
/// it. Every machine of a sharded run reads the whole export and writes only its own companies.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based: shard 1 of 4 … shard 4 of 4.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (`2/4`).
    public init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether this shard writes `companyID`'s digests: FNV-1a of the id's UTF-8, modulo N. The same
    /// on every machine and every run, and independent of the export's row order.
    public func owns(_ companyID: String) -> Bool {
        Self.stableHash(companyID) % UInt64(count) == UInt64(index - 1)
    }

    public static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The manifest part this shard writes: `.shards/manifest.K-of-N.json`.
    var partPath: String { Manifest.shardFolder + "/manifest.\(index)-of-\(count).json" }

    /// The part files of all N shards.
    var allPartPaths: [String] { (1...count).map { Manifest.shardFolder + "/manifest.\($0)-of-\(count).json" } }
}
