import GazetteCore

/// Step "check dates": warnings (never errors) about `effective` dates an editor probably mistyped.
///
/// - A translation with another date: a version in one language, none of that day in another
///   language that has a version of a day the first language lacks (`2062-02-01` in nl, `2026-02-01`
///   in en). Translations are paired by date, so the other language's page keeps an older text.
///   (A language that only lags behind, with no date of its own, is the staleness note's business.)
/// - A date more than two years after today: a year typed wrong, most likely.
enum VersionDateCheck {
    /// How far ahead an `effective` date may be before it is warned of.
    static let horizonYears = 2

    static func warnings(_ library: PolicyLibrary, languages: [String], today: CivilDate) -> [InputProblem] {
        var warnings: [InputProblem] = []
        for slug in library.slugs {
            let dates = Dictionary(
                uniqueKeysWithValues: languages.map { language in
                    (language, Set(library.versions(of: slug, in: language).map(\.effective)))
                })
            for language in languages {
                for version in library.versions(of: slug, in: language) {
                    for other in languages where other != language {
                        guard let theirs = dates[other], !theirs.isEmpty, !theirs.contains(version.effective),
                            !theirs.subtracting(dates[language]!).isEmpty
                        else { continue }
                        let kept = library.current(slug, in: other, on: version.effective)
                        let keeps =
                            kept.map { "the \(other) page keeps \($0.effective)" } ?? "the \(other) page has no version in force then"
                        warnings.append(
                            InputProblem(
                                path: version.path, line: version.effectiveLine,
                                "no \(other) translation has effective \(version.effective); \(keeps)"))
                    }
                }
            }
        }
        // (29 February two years on is 28 February.)
        let horizon =
            CivilDate(year: today.year + horizonYears, month: today.month, day: today.day)
            ?? CivilDate(year: today.year + horizonYears, month: today.month, day: today.day - 1)!
        for version in library.versions where version.effective > horizon {
            warnings.append(
                InputProblem(
                    path: version.path, line: version.effectiveLine,
                    "\"effective\" is \(version.effective), more than \(horizonYears) years after today (\(today)): check the year"))
        }
        return warnings
    }
}
