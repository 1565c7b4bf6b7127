#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for docket's delivery tests, on aiosmtpd.

Prints "READY <port>" once listening, then serves until killed. Each accepted message is
written to --spool as <n>.eml, exactly the bytes received after dot-unstuffing, with
<n>.json holding the envelope.
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def raw_connections(receive_buffer=None):
    """Listens on 127.0.0.1, says READY <port>, and yields each connection, held open."""
    listener = socket.socket()
    if receive_buffer:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    print(f"READY {listener.getsockname()[1]}", flush=True)
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)
        yield connection


def hostile(args):
    """A man in the middle or a broken server, by hand on a raw socket.

    inject-after-starttls: offers STARTTLS and answers it with "220 Ready to start TLS" and a
    pipelined "250" in the same packet (the CVE-2011-0411 injection); every byte the client
    sends afterwards is written to --spool/after-starttls.bin.
    stall-in-data: accepts MAIL, RCPT and DATA, then stops reading, with a small receive
    buffer, so the client's writes cannot finish.
    """
    for connection in raw_connections(receive_buffer=4096):
        reader = connection.makefile("rb")
        connection.sendall(b"220 hostile.example ESMTP\r\n")
        if args.mode == "inject-after-starttls":
            reader.readline()  # EHLO
            connection.sendall(b"250-hostile.example\r\n250 STARTTLS\r\n")
            reader.readline()  # STARTTLS
            connection.sendall(b"220 Ready to start TLS\r\n250 injected by a man in the middle\r\n")
            connection.settimeout(3)
            received = b""
            try:
                while True:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    received += chunk
            except OSError:
                pass
            with open(os.path.join(args.spool, "after-starttls.bin"), "wb") as out:
                out.write(received)
        else:
            reader.readline()  # EHLO
            connection.sendall(b"250 hostile.example\r\n")
            for answer in (b"250 ok\r\n", b"250 ok\r\n", b"354 go ahead\r\n"):  # MAIL, RCPT, DATA
                reader.readline()
                connection.sendall(answer)
            # Never reads again; the connection is held open.


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spool", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--mode", choices=["plain", "starttls", "implicit", "silent", "inject-after-starttls", "stall-in-data"],
                        default="plain")
    parser.add_argument("--auth", help="user:password that must authenticate")
    parser.add_argument("--temp-fail", action="append", default=[], help="answer 451 to RCPT TO this address")
    parser.add_argument("--perm-fail", action="append", default=[], help="answer 550 to RCPT TO this address")
    parser.add_argument("--drop-after", type=int, help="close the connection after accepting this many messages")
    args = parser.parse_args()
    os.makedirs(args.spool, exist_ok=True)

    if args.mode == "silent":
        # Accepts connections and never says a word.
        for _ in raw_connections():
            pass

    if args.mode in ("inject-after-starttls", "stall-in-data"):
        hostile(args)

    counter = {"n": 0}

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if args.drop_after and counter["n"] >= args.drop_after:
                # Drop the connection in the middle of the session, as a crashing server would.
                server.transport.abort()
                return "421 4.3.2 closing"
            envelope.mail_from = address
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in args.temp_fail:
                return "451 4.3.0 try again later"
            if address in args.perm_fail:
                return "550 5.1.1 no such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            counter["n"] += 1
            n = counter["n"]
            with open(os.path.join(args.spool, f"{n}.eml"), "wb") as f:
                f.write(envelope.original_content)
            with open(os.path.join(args.spool, f"{n}.json"), "w") as f:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                           "auth": bool(getattr(session, "authenticated", False)),
                           "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None}, f)
            return "250 2.0.0 accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = args.auth.split(":", 1)
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    # aiosmtpd cannot listen on port 0; take a free port first.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    kwargs = dict(hostname="127.0.0.1", port=port)
    if args.mode == "implicit":
        kwargs["ssl_context"] = context
    elif args.mode == "starttls":
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    if args.auth:
        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        # With implicit TLS aiosmtpd does not count the connection as TLS for AUTH.
        kwargs["auth_require_tls"] = args.mode == "starttls"
    controller = Controller(Handler(), **kwargs)
    controller.start()
    print(f"READY {controller.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
