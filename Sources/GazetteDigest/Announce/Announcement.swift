import GazetteCore
import GazetteSite

/// One version of one document to announce to the customers' contacts (a release with `announced`
/// and `notify: customers`), and until when they may object.
public struct Announcement: Sendable {
    public var release: PolicyRelease
    /// `announced` plus `site.objection_days`: until when a customer may object.
    public var objectionDeadline: CivilDate

    public init(release: PolicyRelease, objectionDeadline: CivilDate) {
        self.release = release
        self.objectionDeadline = objectionDeadline
    }

    public var slug: String { release.slug }
    public var effective: CivilDate { release.effective }
    /// The file whose `announced`, `notify` and notice the announcement follows.
    public var reference: PolicyVersion { release.reference }
    /// The day customers are told (the reference's `announced`).
    public var announced: CivilDate { release.reference.announced! }

    /// `privacy-2027-01-01`: the announcement's folder under `--output`, and its name in the ledger.
    public var name: String { "\(slug)-\(effective)" }
}
