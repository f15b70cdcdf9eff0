#!/usr/bin/env python3
"""Checks .eml files strictly with Python's email package (policy=default).

Usage: check_eml.py FILE...  Prints one line per problem ("path: problem") and exits 1 if there is any.
Checked: parse defects of the message, every header and every part; CRLF line ends only; no line over
998 octets; only ASCII in the raw message; multipart/alternative with text/plain then text/html in
UTF-8; the required headers; that both bodies decode and end with a line break; and that the text
part's signature separator is RFC 3676's "-- ".
"""
import email
import sys
from email import policy

REQUIRED = ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
            "X-Auto-Response-Suppress", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"]


def raw_problems(raw):
    """The line-level problems of a raw message: line ends, line lengths, 8-bit bytes."""
    problems = []
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line ends with LF alone")
    if b"\r" in raw.replace(b"\r\n", b""):
        problems.append("a CR without LF")
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 998:
            problems.append(f"line {number} is {len(line)} octets")
    if any(byte > 127 for byte in raw):
        problems.append("8-bit bytes in the raw message")
    return problems


def check(path):
    raw = open(path, "rb").read()
    problems = raw_problems(raw)
    message = email.message_from_bytes(raw, policy=policy.default)
    problems += [f"message defect: {d!r}" for d in message.defects]
    for name in REQUIRED:
        if message[name] is None:
            problems.append(f"missing header {name}")
    for name, value in message.items():
        for defect in getattr(value, "defects", ()):
            problems.append(f"header {name} defect: {defect!r}")
    if message.get_content_type() != "multipart/alternative":
        problems.append(f"content type {message.get_content_type()}")
    parts = list(message.iter_parts())
    types = [part.get_content_type() for part in parts]
    if types != ["text/plain", "text/html"]:
        problems.append(f"parts {types}")
    for part in parts:
        problems += [f"part defect: {d!r}" for d in part.defects]
        if part.get_content_charset() != "utf-8":
            problems.append(f"charset {part.get_content_charset()}")
        try:
            content = part.get_content().replace("\r\n", "\n")
        except Exception as error:  # noqa: BLE001
            problems.append(f"cannot decode {part.get_content_type()}: {error}")
            continue
        # Every part ends with a line break of its own; the text part's signature starts with
        # RFC 3676's sig dashes ("-- ", with the space), which mail readers know.
        if not content.endswith("\n"):
            problems.append(f"{part.get_content_type()} does not end with a line break")
        if part.get_content_type() == "text/plain" and "\n-- \n" not in content:
            problems.append("text/plain has no signature separator \"-- \"")
    return problems


def main():
    failed = False
    for path in sys.argv[1:]:
        for problem in check(path):
            print(f"{path}: {problem}")
            failed = True
    print(f"checked {len(sys.argv) - 1} files")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
