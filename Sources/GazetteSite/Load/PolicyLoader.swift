import Foundation
import GazetteCore

/// Step "load": reads every policy file below `Content/policies`, checking names and front matter.
public enum PolicyLoader {
    /// The largest policy document read (5 MB: the longest real ones are about 100 KB). Beyond that a
    /// file is refused with its size before it is read: a 50 MB document took minutes and gigabytes.
    public static let maximumBytes = 5_000_000

    /// Loads `<directory>/<slug>/<name>.<lang>.md` for the site's languages: the files that could be
    /// read, with every problem of every file added to `problems`. Files that are not `.md` are ignored.
    /// Nothing outside `directory` is read: a symbolic link (to a document or a slug folder), a FIFO
    /// or a folder named `*.md` is a problem of its own; a hidden document or folder is a warning.
    public static func load(from directory: String, languages: [String], problems: inout ProblemList) -> [PolicyVersion] {
        guard let listing = FileTree.listing(below: directory, withSuffix: ".md") else {
            problems.add(directory, "policies folder not found: create it, with one folder per document")
            return []
        }
        for oddity in listing.oddities {
            let message = oddity.message(what: "policy document", suffix: ".md")
            if oddity.isError {
                problems.add(directory + "/" + oddity.path, message)
            } else {
                problems.warn(directory + "/" + oddity.path, message)
            }
        }
        let files = listing.files
        // Names are checked first, in order; the files are read and their front matter parsed on
        // every core; duplicates are found in order again, so problems come in the same order always.
        var candidates: [(path: String, slug: String, language: String)] = []
        for relative in files {
            let path = directory + "/" + relative
            let parts = relative.split(separator: "/")
            guard parts.count == 2 else {
                problems.add(path, "policy files go one level deep: \(directory)/<slug>/<name>.<lang>.md")
                continue
            }
            let slug = String(parts[0])
            let nameParts = parts[1].dropLast(3).split(separator: ".", omittingEmptySubsequences: false)
            guard nameParts.count >= 2, let language = nameParts.last.map(String.init), !nameParts[0].isEmpty else {
                problems.add(path, "the file name has no language: name it <name>.<lang>.md, e.g. 2026-02-01.\(languages.first ?? "en").md")
                continue
            }
            guard languages.contains(language) else {
                problems.add(
                    path,
                    "language \"\(language)\" is not in site.languages (\(languages.joined(separator: ", "))): rename the file or add the language to gazette.yml"
                )
                continue
            }
            guard isValidSlug(slug) else {
                problems.add(
                    path, "folder name \"\(slug)\" cannot be a URL: use lowercase letters, digits and hyphens (e.g. privacy-policy)")
                continue
            }
            candidates.append((path, slug, language))
        }
        let read = candidates
        // The body returns every problem as a value and never throws, so the map cannot fail (its
        // failure type is Never).
        let parsed = Parallel.map(read.count) { index -> Result<FrontMatter.Fields, InputError> in
            do throws(InputError) {
                let text = try TextFile.read(read[index].path, limit: sizeLimit, followingLinks: false)
                return .success(try FrontMatter.read(text, path: read[index].path))
            } catch {
                return .failure(error)
            }
        }
        var versions: [PolicyVersion] = []
        var seen: [String: String] = [:]
        for (candidate, result) in zip(read, parsed) {
            let (path, slug, language) = candidate
            let fields: FrontMatter.Fields
            switch result {
            case .success(let value): fields = value
            case .failure(let error):
                problems.add(contentsOf: error.problems)
                continue
            }
            let name = String((path as NSString).lastPathComponent.dropLast(3 + language.utf8.count + 1))
            if looksLikeDate(name), name != fields.effective.description {
                problems.add(
                    path, line: fields.effectiveLine,
                    "the file is named \(name) but \"effective\" is \(fields.effective): rename the file to \(fields.effective).\(language).md, or correct effective"
                )
                continue
            }
            let key = "\(slug)/\(fields.effective)/\(language)"
            if let other = seen[key] {
                problems.add(
                    path, line: 2,
                    "\(other) is also the \(language) version of \"\(slug)\" effective \(fields.effective): keep one file per document, date and language"
                )
                continue
            }
            seen[key] = path
            versions.append(
                PolicyVersion(
                    slug: slug, language: language, effective: fields.effective, title: fields.title,
                    summary: fields.summary, announced: fields.announced, announcedLine: fields.announcedLine, notify: fields.notify,
                    shortNoticeReason: fields.shortNoticeReason, body: fields.body, bodyLine: fields.bodyLine, path: path,
                    effectiveLine: fields.effectiveLine))
        }
        return versions
    }

    static let sizeLimit = TextFile.SizeLimit(
        bytes: maximumBytes, advice: "split it into several documents")

    /// Whether a file's name is shaped as a date (`2026-02-01`): then it must be the version's `effective`.
    static func looksLikeDate(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 10
            && bytes.indices.allSatisfy { index in
                index == 4 || index == 7
                    ? bytes[index] == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
            }
    }

    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && !slug.hasPrefix("-")
            && slug.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-")
            }
    }
}
