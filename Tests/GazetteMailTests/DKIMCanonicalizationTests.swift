import Crypto
import Foundation
import GazetteTestSupport
import Testing

@testable import GazetteMail

/// DKIM's canonical forms (RFC 6376 §3.4): the RFC's own example, the edge cases, and the fast body
/// hash (which hashes canonical lines straight from the message) against a plain line-by-line
/// reading of the RFC on random bodies.
@Suite struct DKIMCanonicalizationTests {
    static func header(_ text: String, _ form: DKIMCanonicalization = .relaxed) -> String {
        String(decoding: Array(text.utf8).withUnsafeBufferPointer { form.header($0) }, as: UTF8.self)
    }

    static func hash(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// RFC 6376 §3.4.6, the example: "A: X", "B : Y\t\r\n\tZ  " and the body " C \r\nD \t E\r\n\r\n\r\n".
    @Test func theRFCExample() {
        #expect(Self.header("A: X") == "a:X")
        #expect(Self.header("B : Y\t\r\n\tZ  ") == "b:Y Z")
        #expect(Self.header("B : Y\t\r\n\tZ  ", .simple) == "B : Y\t\r\n\tZ  ")
        let body = Array(" C \r\nD \t E\r\n\r\n\r\n".utf8)
        #expect(Array(DKIMCanonicalization.relaxed.bodyHash(body)) == Self.hash(Array(" C\r\nD E\r\n".utf8)))
        #expect(Array(DKIMCanonicalization.simple.bodyHash(body)) == Self.hash(Array(" C \r\nD \t E\r\n".utf8)))
    }

    @Test(arguments: [
        ("", ""),  // an empty body hashes as nothing (errata 3192)
        ("\r\n\r\n", ""),  // nor does one of empty lines
        ("no line end", "no line end\r\n"),
        ("a\nb\n", "a\r\nb\r\n"),  // a bare LF ends a line
        ("a  \t b\t\r\n", "a b\r\n"),
        ("\r\n\r\nafter blank lines\r\n", "\r\n\r\nafter blank lines\r\n"),
        (" \t \r\nx\r\n \r\n", "\r\nx\r\n"),  // a line of white space is blank
        ("x\r\n  \r\n\ty\r\n\r\n", "x\r\n\r\n y\r\n"),
        ("tab\tinside\r\nclean line\r\nspace at end \r\n", "tab inside\r\nclean line\r\nspace at end\r\n"),
    ])
    func relaxedBodies(_ body: String, _ canonical: String) {
        #expect(
            Array(DKIMCanonicalization.relaxed.bodyHash(Array(body.utf8))) == Self.hash(Array(canonical.utf8)), "\(body.debugDescription)")
    }

    @Test func simpleBodies() {
        #expect(Array(DKIMCanonicalization.simple.bodyHash([])) == Self.hash([0x0D, 0x0A]))
        #expect(Array(DKIMCanonicalization.simple.bodyHash(Array("x\r\n\r\n".utf8))) == Self.hash(Array("x\r\n".utf8)))
        #expect(Array(DKIMCanonicalization.simple.bodyHash(Array("x".utf8))) == Self.hash(Array("x\r\n".utf8)))
    }

    /// The RFC's relaxed body rules, read as simply as they are written: line by line.
    static func referenceRelaxed(_ body: [UInt8]) -> [UInt8] {
        var lines = body.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        if body.last == 0x0A { lines.removeLast() }
        var canonical = lines.enumerated().map { index, line -> [UInt8] in
            var line = line
            // CR LF ends a line; a CR at the very end, with no LF after it, is text.
            let endsWithLF = index < lines.count - 1 || body.last == 0x0A
            if endsWithLF, line.last == 0x0D { line.removeLast() }
            var output: [UInt8] = []
            var space = false
            for byte in line {
                if byte == 0x20 || byte == 0x09 {
                    space = true
                } else {
                    if space { output.append(0x20) }
                    space = false
                    output.append(byte)
                }
            }
            return output
        }
        while canonical.last?.isEmpty == true { canonical.removeLast() }
        return canonical.flatMap { $0 + [0x0D, 0x0A] }
    }

    @Test func theFastBodyHashAgreesWithTheRFCOnRandomBodies() {
        var random = SeededGenerator(seed: 8463)
        let pieces: [[UInt8]] = [
            Array("word".utf8), [0x20], [0x20, 0x20], [0x09], [0x0D, 0x0A], [0x0A], [0x0D], Array("=3D".utf8), [0xC3, 0xAB],
        ]
        // Bodies long enough to put every kind of byte at every position of an eight-byte word.
        for _ in 0..<2000 {
            var body: [UInt8] = []
            for _ in 0..<Int.random(in: 0...80, using: &random) { body += pieces.randomElement(using: &random)! }
            #expect(
                Array(DKIMCanonicalization.relaxed.bodyHash(body)) == Self.hash(Self.referenceRelaxed(body)),
                "\(String(decoding: body, as: UTF8.self).debugDescription)")
        }
    }

    @Test func rawHeaderKeepsFieldsAsWritten() {
        let message = Array("Subject: a\r\n b\r\nX-Empty:\r\nBad line\r\nTo: z\r\n\r\nbody".utf8)
        let header = RawHeader(message)
        #expect(header.fields.map(\.name) == ["Subject", "X-Empty"])
        #expect(String(decoding: message[header.fields[0].range], as: UTF8.self) == "Subject: a\r\n b")
        // A line that is not a field ends the header block (as mail software reads it).
        #expect(header.bodyStart == 26)
        let plain = RawHeader(Array("From: a@b.example\r\nSubject:  x  \r\n\r\nhi".utf8))
        #expect(plain.bodyStart == 36)
        #expect(
            Array("From: a@b.example\r\nSubject:  x  \r\n\r\nhi".utf8).withUnsafeBufferPointer {
                RawHeader.value(of: plain.fields[1], in: $0)
            } == "x")
    }
}
