#!/usr/bin/env python3
"""Checks announcement .eml files strictly with Python's email package (policy=default).

Usage: check_announcement.py FILE...  Prints, per file, "path: ok <sha256 of the attachment>
<attachment file name> <content language>", or one line per problem ("path: problem"); exits 1 if
there is any problem. Checked: parse defects of the message, every header and every part (walked);
CRLF line ends only; no line over 998 octets; only ASCII in the raw message; the structure
multipart/mixed [multipart/alternative [text/plain, text/html], application/pdf], UTF-8 text parts
that decode; the required headers; and no list headers (an announcement is a service notice).
"""
import email
import hashlib
import sys
from email import policy

from check_eml import raw_problems  # the line-level checks of the digest's checker, beside this file

REQUIRED = ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Language"]
FORBIDDEN = ["List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Precedence"]


def check(path):
    raw = open(path, "rb").read()
    problems = raw_problems(raw)
    message = email.message_from_bytes(raw, policy=policy.default)
    for name in REQUIRED:
        if message[name] is None:
            problems.append(f"missing header {name}")
    for name in FORBIDDEN:
        if message[name] is not None:
            problems.append(f"header {name} present")
    for part in message.walk():
        problems += [f"defect in {part.get_content_type()}: {d!r}" for d in part.defects]
        for name, value in part.items():
            for defect in getattr(value, "defects", ()):
                problems.append(f"header {name} defect: {defect!r}")
    shape = [message.get_content_type()]
    parts = list(message.iter_parts()) if message.is_multipart() else []
    shape.append([p.get_content_type() for p in parts])
    if shape != ["multipart/mixed", ["multipart/alternative", "application/pdf"]]:
        problems.append(f"structure {shape}")
        return problems, None
    alternative, attachment = parts
    inner = [p.get_content_type() for p in alternative.iter_parts()]
    if inner != ["text/plain", "text/html"]:
        problems.append(f"alternative parts {inner}")
    for part in alternative.iter_parts():
        if part.get_content_charset() != "utf-8":
            problems.append(f"charset {part.get_content_charset()}")
        try:
            part.get_content()
        except Exception as error:  # noqa: BLE001
            problems.append(f"cannot decode {part.get_content_type()}: {error}")
    if attachment.get_content_disposition() != "attachment":
        problems.append(f"disposition {attachment.get_content_disposition()}")
    data = attachment.get_content()
    if not data.startswith(b"%PDF-"):
        problems.append("the attachment is not a PDF")
    summary = f"{hashlib.sha256(data).hexdigest()} {attachment.get_filename()} {message['Content-Language']}"
    return problems, summary


def main():
    failed = False
    for path in sys.argv[1:]:
        problems, summary = check(path)
        for problem in problems:
            print(f"{path}: {problem}")
            failed = True
        if not problems:
            print(f"{path}: ok {summary}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
