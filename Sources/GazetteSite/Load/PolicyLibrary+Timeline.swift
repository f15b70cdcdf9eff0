import GazetteCore

/// Where a version stands on the day of a build.
public enum VersionStatus: String, Sendable, Equatable {
    /// Replaced by a newer version that is in force.
    case past
    /// The version in force.
    case current
    /// Takes effect after the day of the build: published, announced, not in force.
    case upcoming
}

extension PolicyLibrary {
    /// Where `version` stands on `today` among the versions of its document and language.
    public func status(of version: PolicyVersion, on today: CivilDate) -> VersionStatus {
        if version.effective > today { return .upcoming }
        return current(version.slug, in: version.language, on: today)?.effective == version.effective ? .current : .past
    }

    /// The versions that take effect after `today`, soonest first.
    public func upcoming(_ slug: String, in language: String, on today: CivilDate) -> [PolicyVersion] {
        versions(of: slug, in: language).filter { $0.effective > today }
    }

    /// The version of the same document and language just before `version`, if any.
    public func previous(of version: PolicyVersion) -> PolicyVersion? {
        versions(of: version.slug, in: version.language).last { $0.effective < version.effective }
    }

    /// The version of the same document and language just after `version`, if any.
    public func next(after version: PolicyVersion) -> PolicyVersion? {
        versions(of: version.slug, in: version.language).first { $0.effective > version.effective }
    }

    /// The version of `slug` in `language` that takes effect on `effective`: a translation of another
    /// language's version of that day.
    public func version(_ slug: String, in language: String, effective: CivilDate) -> PolicyVersion? {
        versions(of: slug, in: language).first { $0.effective == effective }
    }

    /// The newer version in the prevailing language that makes `language`'s text of `slug` out of date
    /// on `today`: the prevailing language's version in force, when it took effect after the version in
    /// force in `language`. Upcoming versions never make a translation stale (they are announced, see
    /// `untranslatedUpcoming`).
    public func staleness(_ slug: String, in language: String, prevailing: String, on today: CivilDate) -> PolicyVersion? {
        guard language != prevailing, let original = current(slug, in: prevailing, on: today),
            let translation = current(slug, in: language, on: today), translation.effective < original.effective
        else { return nil }
        return original
    }

    /// Upcoming versions in the prevailing language that `language` has no translation of (yet).
    public func untranslatedUpcoming(_ slug: String, in language: String, prevailing: String, on today: CivilDate) -> [PolicyVersion] {
        guard language != prevailing else { return [] }
        return upcoming(slug, in: prevailing, on: today).filter { version(slug, in: language, effective: $0.effective) == nil }
    }
}
