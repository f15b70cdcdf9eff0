import GazetteCore

/// Step "check notice": warnings (never errors) about how a new version reaches its readers.
///
/// Customers must be told of a change ahead (`site.notice_days`, default 30). The build cannot know
/// when a file was added, so the editor may say when customers were told (front matter `announced`):
/// - with `announced`: a warning when it is fewer than `notice_days` days before `effective`;
/// - without: a warning while the version is upcoming and takes effect in fewer than `notice_days`
///   days of `--today` (add `announced:` once customers have been told, and it goes away).
/// A document's first version changes nothing, so it needs no notice. `notice_days: 0` turns this off.
/// Also noted: translations that lag behind the prevailing language.
enum NoticeCheck {
    static func warnings(_ library: PolicyLibrary, settings: SiteSettings, today: CivilDate) -> [String] {
        var warnings: [String] = []
        let days = settings.noticeDays
        for version in library.versions where days > 0 && library.previous(of: version) != nil {
            if let announced = version.announced {
                // `notice: short` with a reason: the editor knows, and `gazette announce` accepts it.
                if version.shortNoticeReason != nil { continue }
                let notice = announced.days(until: version.effective)
                if notice < days {
                    warnings.append(
                        "warning: \(version.path): announced \(notice) day\(notice == 1 ? "" : "s") before it takes effect on \(version.effective); "
                            + "site.notice_days asks for at least \(days)")
                }
            } else if version.effective > today, today.days(until: version.effective) < days {
                let left = today.days(until: version.effective)
                warnings.append(
                    "warning: \(version.path): takes effect in \(left) day\(left == 1 ? "" : "s") (\(version.effective)), fewer than "
                        + "site.notice_days (\(days)); if customers were told earlier, write that day as announced: in its front matter")
            }
        }
        for slug in library.slugs {
            for language in settings.languages {
                if let original = library.staleness(slug, in: language, prevailing: settings.prevailingLanguage, on: today) {
                    warnings.append(
                        "note: \(slug)/\(language) is out of date: the \(original.language) version in force since \(original.effective) "
                            + "has no \(language) translation; the \(language) pages say so")
                }
            }
        }
        return warnings
    }
}
