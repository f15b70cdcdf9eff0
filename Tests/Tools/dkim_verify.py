#!/usr/bin/env python3
"""Verifies the DKIM signatures of .eml files with dkimpy, an independent implementation.

Usage: dkim_verify.py RECORDS FILE...  RECORDS holds one DNS TXT record a line, "name<TAB>value"
(like "gazette-rsa._domainkey.koraal-hr.example<TAB>v=DKIM1; k=rsa; p=..."); dkimpy asks for keys
through its DNS hook (dnsfunc), so nothing is looked up on the network. Every signature of every
file must verify. Prints one line per file ("path: pass 2 signatures (rsa-sha256 s=..., ...)" or
"path: FAIL ...") and exits 1 if any fails.

Each message is verified as a receiver would at the moment it is sent: one minute after its Date
(read with Python's email.utils). A digest is written days before its Date, and dkimpy refuses a
signature whose t= (taken from Date) is more than ten hours ahead of its clock.
"""
import email.utils
import re
import sys
import time

import dkim

real_time = time.time


def main():
    records = {}
    with open(sys.argv[1], encoding="ascii") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if "\t" in line:
                name, value = line.split("\t", 1)
                records[name.lower().rstrip(".") + "."] = value.encode("ascii")

    def lookup(name, timeout=5):
        return records.get(name.decode("ascii").lower(), b"")

    failed = False
    for path in sys.argv[2:]:
        message = open(path, "rb").read()
        headers = message.split(b"\r\n\r\n", 1)[0]
        date = re.search(rb"^Date:[ \t]*(.*)$", headers, re.MULTILINE | re.IGNORECASE)
        sent = email.utils.parsedate_to_datetime(date.group(1).decode("ascii")).timestamp() if date else real_time()
        time.time = lambda: sent + 60
        count = len(re.findall(rb"^DKIM-Signature:", headers, re.MULTILINE | re.IGNORECASE))
        results = []
        for index in range(count):
            verifier = dkim.DKIM(message)
            reason = ""
            try:
                ok = verifier.verify(idx=index, dnsfunc=lookup)
            except dkim.DKIMException as error:
                ok, reason = False, f" ({error})"
            signature = verifier.signature_fields or {}
            algorithm = signature.get(b"a", b"?").decode()
            selector = signature.get(b"s", b"?").decode()
            results.append((ok, f"{algorithm} s={selector}{reason}"))
        if count == 0:
            print(f"{path}: FAIL no DKIM-Signature")
            failed = True
        elif all(ok for ok, _ in results):
            print(f"{path}: pass {count} signatures ({', '.join(what for _, what in results)})")
        else:
            print(f"{path}: FAIL " + ", ".join(f"{what} {'pass' if ok else 'fail'}" for ok, what in results))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
