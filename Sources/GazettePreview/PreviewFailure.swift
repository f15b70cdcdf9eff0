import GazetteCore

/// Why a request cannot be answered with what it asked for.
enum PreviewFailure: Error, Equatable {
    /// The inputs have problems (a template, a locale file, the export): shown with file and line.
    case input(InputError)
    /// No such employee, route or week.
    case notFound(String)
    /// A query value that cannot be used.
    case badRequest(String)
    /// Writing failed (optouts.csv).
    case run(RunFailure)
}
