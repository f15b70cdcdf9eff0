import Foundation
import GazetteCore
import GazetteSite

/// Step "plan" of `gazette announce`: which versions are announced on `today`, which are already
/// complete, which come later, and the checks that must pass before anything is written.
///
/// A version is **due** when its `announced` day is on or before `today`, it has not taken effect
/// yet (`today` before `effective`), its document notifies customers, and its folder has no
/// manifest. One that took effect before it was ever written is **missed**: not written (announcing
/// a change that already applies would tell customers they can still object to it), and a warning
/// while it took effect less than `site.objection_days` ago. A document's
/// first version changes nothing and is never announced.
public struct AnnouncementPlan: Sendable {
    public var due: [Announcement] = []
    /// Due or past, with a manifest on disk: left alone.
    public var complete: [Announcement] = []
    /// `announced` after `today`.
    public var later: [Announcement] = []
    /// Took effect without ever being written.
    public var missed: [Announcement] = []
    /// `warning: …` lines (companies without contacts, missed announcements).
    public var warnings: [String] = []

    /// Plans the announcements of `library` on `today`; `isComplete` says whether an announcement's
    /// folder is complete. Throws every problem of the checks: a version announced later than
    /// `effective` minus `site.notice_days` without `notice: short` (and its reason), translations
    /// that disagree on `announced` or `notify`.
    public static func make(
        library: PolicyLibrary, settings: SiteSettings, export: HRExport, today: CivilDate, isComplete: (Announcement) -> Bool
    ) throws(InputError) -> AnnouncementPlan {
        var plan = AnnouncementPlan()
        var problems = ProblemList()
        for announcement in announcements(in: library, settings: settings, problems: &problems) {
            let reference = announcement.reference
            let complete = isComplete(announcement)
            if complete {
                plan.complete.append(announcement)
                continue
            }
            if announcement.effective <= today {
                // Only a version announced while it was still ahead counts as missed; an old version
                // announced by hand before Gazette announced anything is history.
                if announcement.announced <= today {
                    plan.missed.append(announcement)
                }
                continue
            }
            // Too late: fewer days of notice than the site promises, unless the editor says why.
            let notice = announcement.announced.days(until: announcement.effective)
            if settings.noticeDays > 0, notice < settings.noticeDays, reference.shortNoticeReason == nil {
                let latest = announcement.effective.adding(days: -settings.noticeDays)
                problems.add(
                    reference.path, line: reference.announcedLine,
                    "announced \(announcement.announced) is \(notice) day\(notice == 1 ? "" : "s") before it takes effect on "
                        + "\(announcement.effective), fewer than site.notice_days (\(settings.noticeDays)): announce on \(latest) or "
                        + "earlier, take effect later, or write notice: short with notice_reason: why it cannot wait")
                continue
            }
            if announcement.announced <= today {
                plan.due.append(announcement)
            } else {
                plan.later.append(announcement)
            }
        }
        try problems.check()
        // Within the objection window of a missed one, say so (later it is history, and stays quiet).
        for announcement in plan.missed where today < announcement.effective.adding(days: settings.objectionDays) {
            plan.warnings.append(
                "warning: \(announcement.reference.path): \(announcement.name) took effect on \(announcement.effective) and was never "
                    + "announced by gazette announce (announced: \(announcement.announced)); it is not sent now: tell the customers another way"
            )
        }
        // Every due announcement reaches every company through its contacts; say which it cannot.
        if !plan.due.isEmpty {
            for (position, company) in export.companies.enumerated()
            where !export.contactsByCompany[position].contains(where: { export.contacts[$0].notices }) {
                plan.warnings.append(
                    "warning: contacts.csv: company \(company.id) (\(company.name)) has no contact with notices: "
                        + plan.due.map(\.name).joined(separator: ", ") + " reaches nobody there; add a row for it to contacts.csv")
            }
        }
        return plan
    }

    /// Every release that announces a change to customers: `announced` set, `notify` with customers,
    /// not its document's first version. Translations must agree with the reference on both.
    static func announcements(in library: PolicyLibrary, settings: SiteSettings, problems: inout ProblemList) -> [Announcement] {
        var result: [Announcement] = []
        for release in library.releases(settings: settings) {
            let reference = release.reference
            for language in settings.languages {
                guard let other = release.translations[language], other.path != reference.path else { continue }
                if other.announced != reference.announced || other.notify != reference.notify {
                    problems.add(
                        other.path, line: other.announcedLine,
                        "announced and notify must be the same as in \(reference.path) (its translation): "
                            + "announced \(other.announced?.description ?? "(none)") and \(reference.announced?.description ?? "(none)"), "
                            + "notify \(other.notify.sorted().map(\.rawValue)) and \(reference.notify.sorted().map(\.rawValue))")
                }
            }
            guard let announced = reference.announced, reference.notify.contains(.customers), !release.isFirst else { continue }
            result.append(Announcement(release: release, objectionDeadline: announced.adding(days: settings.objectionDays)))
        }
        return result
    }
}
