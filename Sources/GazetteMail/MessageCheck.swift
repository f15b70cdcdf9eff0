/// One check of a message: pass, warn (allowed, but worth a look: fine on this machine, or close to
/// a limit) or fail, and what was found. The sender rules and the preview's standards checks both
/// give these.
public struct MessageCheck: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case pass, warn, fail
    }

    public var id: String
    public var title: String
    public var status: Status
    public var detail: String

    public init(id: String, title: String, status: Status, detail: String) {
        self.id = id
        self.title = title
        self.status = status
        self.detail = detail
    }
}
