#!/usr/bin/env python3
"""A loopback SMTP relay for one test: it offers PIPELINING and holds its reply to the end of each
message's data until the client's next MAIL FROM has arrived, or for at most 1.5 s. It appends a line
to the report file for each message: "next-before-reply" when the client sent the next message's
MAIL, RCPT and DATA without waiting for that reply (RFC 2920 3.1), "waited" otherwise.

    pipelining-relay.py PORT REPORT
"""
import socket
import sys
import threading
import time

port, report = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()


def note(line):
    with lock:
        with open(report, "a") as out:
            out.write(line + "\n")


def serve(connection):
    buffer = b""
    connection.settimeout(10)

    def more(deadline=None):
        nonlocal buffer
        if deadline is not None:
            connection.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = connection.recv(65536)
        except socket.timeout:
            return False
        finally:
            connection.settimeout(10)
        if not chunk:
            raise EOFError
        buffer += chunk
        return True

    def line():
        nonlocal buffer
        while b"\r\n" not in buffer:
            more()
        text, buffer = buffer.split(b"\r\n", 1)
        return text.decode("utf-8", "replace")

    connection.sendall(b"220 pipelining-relay ESMTP\r\n")
    try:
        while True:
            command = line().upper()
            if command.startswith("EHLO"):
                connection.sendall(b"250-pipelining-relay\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
            elif command.startswith(("MAIL", "RCPT", "RSET", "HELO", "NOOP")):
                connection.sendall(b"250 ok\r\n")
            elif command == "DATA":
                connection.sendall(b"354 go ahead\r\n")
                while b"\r\n.\r\n" not in buffer:
                    more()
                buffer = buffer.split(b"\r\n.\r\n", 1)[1]
                deadline = time.monotonic() + 1.5
                while b"MAIL FROM" not in buffer.upper() and time.monotonic() < deadline:
                    more(deadline)
                note("next-before-reply" if b"MAIL FROM" in buffer.upper() else "waited")
                connection.sendall(b"250 queued\r\n")
            elif command == "QUIT":
                connection.sendall(b"221 bye\r\n")
                return
            else:
                connection.sendall(b"502 not here\r\n")
    except (EOFError, OSError):
        pass
    finally:
        connection.close()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(16)
while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
