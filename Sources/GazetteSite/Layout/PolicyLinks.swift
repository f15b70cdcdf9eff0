import GazetteCore

/// The public addresses of a version on the site, for what links to it from outside the site build
/// (announcements, the digest's notice): the same paths `SiteLayout` writes.
public enum PolicyLinks {
    /// `https://…/nl/privacy/2027-01-01/`: the permanent page of the version.
    public static func versionURL(_ version: PolicyVersion, settings: SiteSettings) -> String {
        settings.baseURL + "/" + SiteLayout.versionPath(version)
    }

    /// `https://…/nl/privacy/2027-01-01/changes/`: what changed since the version before (the site
    /// has that page only where the language has an earlier version).
    public static func changesURL(_ version: PolicyVersion, settings: SiteSettings) -> String {
        settings.baseURL + "/" + SiteLayout.changesPath(version)
    }

    /// `https://…/nl/privacy/2027-01-01/privacy-2027-01-01-nl.pdf`.
    public static func pdfURL(_ version: PolicyVersion, settings: SiteSettings) -> String {
        settings.baseURL + "/" + SiteLayout.pdfPath(version)
    }

    /// `privacy-2027-01-01-nl.pdf`: the PDF's file name, as the site names it.
    public static func pdfFileName(_ version: PolicyVersion) -> String {
        "\(version.slug)-\(version.effective)-\(version.language).pdf"
    }
}
