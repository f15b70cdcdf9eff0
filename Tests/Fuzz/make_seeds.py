#!/usr/bin/env python3
"""Writes the fuzz seed corpora in Tests/Fuzz/corpus/<target>/ from the sample content.

Run from the repository root after `make build` (the token seeds are links from digests that the
built `gazette` signs with the fuzz targets' own secret). The seeds are small on purpose: libFuzzer
mutates faster from small inputs, and its inputs grow from them. See docs/fuzzing.md.
"""

import email
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Tests/Fuzz/corpus"
DATA = ROOT / "Content/data"
POLICIES = ROOT / "Content/policies"
FILES = ["companies.csv", "employees.csv", "leave.csv", "days_off.csv", "shifts.csv", "optouts.csv"]
# The secret of Sources/GazetteFuzz/FuzzTarget.swift (never used for real mail).
SECRET = "fuzz-secret-never-used-for-real-mail"
RS, US = b"\x1e", b"\x1f"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def lines(path, count):
    return b"".join(path.read_bytes().splitlines(keepends=True)[:count])


def csv_seeds():
    write("csv", "sample", RS.join((DATA / f).read_bytes() for f in FILES))
    write("csv", "sample-first-rows", RS.join(lines(DATA / f, 6) for f in FILES))
    write("csv", "headers-only", RS.join(lines(DATA / f, 1) for f in FILES))
    # Quoting, a byte-order mark and CRLF line ends, as exports from spreadsheets have them.
    quoted = [b"\xef\xbb\xbf" + lines(DATA / f, 4).replace(b"\n", b"\r\n") for f in FILES]
    quoted[1] += b'E9001,leie,"Dubois, Jr.",Ana,"ana@example.com",,"Team ""A""",,,--02-29,true,true,false,\r\n'
    write("csv", "quoted-crlf", RS.join(quoted))


def policy_files():
    return sorted(POLICIES.glob("*/*.md"))


def front_matter_seeds():
    for path in policy_files()[:6]:
        write("front-matter", f"{path.parent.name}-{path.name}", lines(path, 16))
    write("front-matter", "announced-summary",
          b'---\ntitle: "Voorwaarden: versie 2"\neffective: 2026-03-01\nannounced: 2026-01-15\n'
          b'summary: |\n  Artikel 4 is nieuw.\n  Artikel 5 wijzigt.\n---\n## Artikel 1\n\n1.1 Tekst.\n')


def body(path):
    text = path.read_bytes()
    return text.split(b"\n---\n", 1)[1] if text.startswith(b"---\n") else text


def markdown_seeds():
    for path in policy_files()[::4]:
        write("markdown", f"{path.parent.name}-{path.name}", b"".join(body(path).splitlines(keepends=True)[:30]))
    # Two versions of one document, old then new, for the comparison.
    old = body(POLICIES / "general-terms/2024-09-01.en.md").splitlines(keepends=True)[:24]
    new = body(POLICIES / "general-terms/2026-01-01.en.md").splitlines(keepends=True)[:24]
    write("markdown", "versions-general-terms-en", b"".join(old) + RS + b"".join(new))
    write("markdown", "constructs",
          b"## 1. Article\n\n1.1 Clause *with* **emphasis**, `code` and a [link](https://example.com \"t\").\n\n"
          b"1. item\n   1. nested\n2. item\n\n> quote\n>> nested\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
          b"~~gone~~ <sup>1</sup> https://example.com name@example.com\n\n```swift\nlet x = 1\n```\n\n---\n\n![img](/a.png)\n")


def digest_links():
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [str(ROOT / ".build/debug/gazette"), "digest", "--week", "2026-W53", "--output", scratch + "/mail"],
            cwd=ROOT, env={**os.environ, "GAZETTE_SECRET": SECRET}, check=True, stdout=subprocess.DEVNULL)
        messages = []
        for company in ["leie", "sambre", "grachten"]:
            path = sorted(pathlib.Path(scratch, "mail/2026-W53", company).glob("*.eml"))[0]
            messages.append(email.message_from_bytes(path.read_bytes()))
        return messages


def mime_and_token_seeds():
    messages = digest_links()
    for index, message in enumerate(messages):
        unsubscribe = message["List-Unsubscribe"].replace("\r\n", "").replace("\n", "")
        https, mailto = [part.strip().strip("<>") for part in unsubscribe.split(",")]
        write("token", f"https-{index}", https.encode())
        write("token", f"mailto-{index}", mailto.encode())
        write("token", f"token-{index}", https.rsplit("/", 1)[1].encode())
        name, address = email.utils.parseaddr(str(email.header.make_header(email.header.decode_header(message["To"]))))
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        parts = [part.get_payload(decode=True) for part in message.walk() if part.get_content_maintype() == "text"]
        text, html = parts[0][:600], parts[1][:600]
        company = b"Brouwerij Leiedauw NV"
        write("mime", f"digest-{index}", US.join([name.encode(), subject.encode(), text, html, company, address.encode()]))
    write("mime", "injection", US.join([b"Eve\r\nBcc: x@evil.example", b"Hi\r\n\r\nbody", b"line\n.\n", b"<p>x</p>", b'Co "Q" <x>', b"a@b.example"]))


if __name__ == "__main__":
    csv_seeds()
    front_matter_seeds()
    markdown_seeds()
    mime_and_token_seeds()
    print("seeds written to", CORPUS.relative_to(ROOT))
