import Foundation

/// Reading the user's text files: UTF-8 required, a byte-order mark tolerated.
public enum TextFile {
    /// The file's text; throws `InputError` when it is missing or not UTF-8.
    public static func read(_ path: String) throws(InputError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(InputProblem(path: path, "cannot read the file: it does not exist or is not readable"))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = invalidUTF8Line(bytes)
            throw InputError(InputProblem(path: path, line: line, "the file is not valid UTF-8: save it as UTF-8"))
        }
        return text
    }

    /// The 1-based line of the first invalid UTF-8 sequence.
    static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start...index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
