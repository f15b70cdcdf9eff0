import GazetteMail
import Testing

struct TrimmingSpacesTests {
    @Test(arguments: [
        ("  <a@example.com>\t", "<a@example.com>"),
        ("<a@example.com>", "<a@example.com>"),
        (" \t ", ""),
        ("", ""),
        ("\tEva de Vries ", "Eva de Vries"),
        // Only spaces and tabs: other white space is part of the value.
        ("\u{A0}x\u{A0}", "\u{A0}x\u{A0}"),
        ("\r\nx", "\r\nx"),
        // Cut at bytes, not characters: a space that one character holds with the prepended
        // scalar before it (U+0600) still goes, and a combining mark stays.
        ("x\u{600} ", "x\u{600}"),
        (" Zoe\u{301} ", "Zoe\u{301}"),
    ])
    func spacesAndTabsAroundGo(text: String, trimmed: String) {
        #expect(text.trimmingSpaces() == trimmed)
    }
}
