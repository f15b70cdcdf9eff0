import ArgumentParser
import GazetteDigest

/// The flags that name a digest's inputs, shared by `gazette digest` and `gazette preview` (the
/// contract: the preview takes the same data, config and templates flags as the digest).
struct DigestInputFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Folder with the HR export (companies.csv, employees.csv, ...).", valueName: "folder"))
    var data = "Content/data"

    @Option(help: ArgumentHelp("Settings file with the digest: section.", valueName: "file"))
    var config = "Content/gazette.yml"

    @Option(help: ArgumentHelp("Folder with digest/*.mustache and locales/.", valueName: "folder"))
    var templates = "Templates"

    @Option(help: ArgumentHelp("Folder with policies/: documents with notify: employees put a notice in the digest.", valueName: "folder"))
    var content = "Content"

    @Flag(help: "Leave out invalid rows (listed in the manifest's invalid_rows, and on the preview's index) instead of stopping.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("File holding the unsubscribe secret (else GAZETTE_SECRET).", valueName: "path"))
    var secretFile: String?

    var sources: DigestInputs.Sources {
        DigestInputs.Sources(
            data: data, config: config, templates: templates, secretFile: secretFile, skipInvalid: skipInvalid,
            content: content)
    }
}
