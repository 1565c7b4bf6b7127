#!/usr/bin/env python3
"""Reads docket's .eml files with Python's own e-mail parser (policy=default), an
independent reader, and checks what SPEC section 4 promises. Prints one JSON line per file:
{"file", "problems", "action", "to", "subject", "method", "sequence", "uid", "attachments", "text"}.
"""
import email
import json
import re
from html.parser import HTMLParser
import sys
from email import policy

REQUIRED = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted",
            "X-Docket-Appointment", "X-Docket-Action"]


def unfold(ics):
    return re.sub(r"\r\n[ \t]", "", ics)


def header_problems(raw):
    """Lines of at most 78 octets where RFC 5322 allows folding; an RFC 2047 encoded word of
    at most 75 characters, on a line of at most 76 (RFC 2047 section 2)."""
    problems = []
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    for line in head.split("\r\n"):
        words = re.findall(r"=\?[^?]+\?[BbQq]\?[^?]*\?=", line)
        if any(len(word) > 75 for word in words):
            problems.append(f"an encoded word over 75 characters: {line[:40]}")
        if words and len(line) > 76:
            problems.append(f"a header line holding an encoded word is {len(line)} long: {line[:40]}")
        if len(line) > 78 and " " in line.strip():
            problems.append(f"a header line of {len(line)} octets that could fold: {line[:40]}")
    for part_head in re.findall(rb"\r\n--=_docket[^\r]*\r\n((?:[^\r]+\r\n)+)\r\n", raw):
        for line in part_head.decode("ascii", "replace").split("\r\n"):
            if len(line) > 78 and " " in line.strip():
                problems.append(f"a part's header line of {len(line)} octets: {line[:40]}")
    return problems


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_data(self, data):
        self.out.append(data)

    def handle_starttag(self, tag, attrs):
        self.out.append(" ")


def html_text(html):
    parser = _HTMLText()
    parser.feed(html)
    return "".join(parser.out)


def visible(text):
    """The words a reader sees, whatever the layout: list markers and line ends dropped."""
    words = re.sub(r"(?m)^\s*(?:-|\d+\.)\s", " ", text).split()
    return " ".join(words)


def check(path):
    raw = open(path, "rb").read()
    problems = []
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF")
    if any(len(line) > 998 for line in raw.split(b"\r\n")):
        problems.append("a line is longer than 998 octets")
    message = email.message_from_bytes(raw, policy=policy.default)
    for header in REQUIRED:
        if message[header] is None:
            problems.append(f"no {header} header")
    if message.defects:
        problems.append(f"defects: {message.defects}")
    problems += header_problems(raw)
    # A multipart/alternative (text, HTML, and for an invitation the calendar), inside a
    # multipart/mixed only when something is attached (files, and for an invitation invite.ics).
    if message.get_content_type() == "multipart/alternative":
        parts = [message]
    elif message.get_content_type() == "multipart/mixed":
        parts = list(message.iter_parts())
        if len(parts) < 2:
            problems.append("a multipart/mixed with nothing attached")
    else:
        problems.append(f"top part is {message.get_content_type()}")
        parts = []
    if not parts or parts[0].get_content_type() != "multipart/alternative":
        problems.append("first part is not multipart/alternative")
        alternative = []
    else:
        alternative = list(parts[0].iter_parts())
    kinds = [part.get_content_type() for part in alternative]
    if kinds[:2] != ["text/plain", "text/html"]:
        problems.append(f"alternative holds {kinds}")
    text = (alternative[0].get_content() if alternative else "").replace("\r\n", "\n")
    html = alternative[1].get_content() if len(alternative) > 1 else ""
    for line in text.split("\n"):
        if len(line) > 78 and " " in line.strip() and "://" not in line:
            problems.append(f"text line of {len(line)} characters (over 78): {line[:120]!r}")
    if "\n\n\n" in text:
        problems.append("a doubled blank line in the text")
    if visible(text) != visible(html_text(html)):
        problems.append(f"the text and HTML parts differ: {visible(text)!r} / {visible(html_text(html))!r}")
    result = {"file": path, "action": str(message["X-Docket-Action"]), "to": str(message["To"]),
              "header_appointment": str(message["X-Docket-Appointment"]),
              "subject": str(message["Subject"]), "text": text,
              "attachments": [part.get_filename() for part in parts[1:]]}
    calendars = [part for part in alternative if part.get_content_type() == "text/calendar"]
    invites = [part for part in parts[1:] if part.get_filename() == "invite.ics"]
    if calendars and (len(invites) != 1 or invites[0].get_payload(decode=True) != calendars[0].get_payload(decode=True)):
        problems.append("an invitation without the same calendar attached as invite.ics")
    action = result["action"]
    if action == "remind":
        if calendars:
            problems.append("a reminder carries an invitation")
    elif len(calendars) != 1:
        problems.append("no invitation")
    else:
        part = calendars[0]
        ics_raw = part.get_payload(decode=True).decode("utf-8")
        if "\n" in ics_raw.replace("\r\n", ""):
            problems.append("iCalendar line without CRLF")
        for line in ics_raw.split("\r\n"):
            if len(line.encode("utf-8")) > 75:
                problems.append(f"iCalendar line over 75 octets: {line[:40]}")
        ics = unfold(ics_raw)
        props = {}
        zones = set()
        in_zone = False
        for line in ics.split("\r\n"):
            # A VTIMEZONE's own DTSTARTs are local by definition: only its TZID is kept.
            if line == "BEGIN:VTIMEZONE":
                in_zone = True
            elif line == "END:VTIMEZONE":
                in_zone = False
            elif in_zone:
                if line.startswith("TZID:"):
                    zones.add(line.split(":", 1)[1])
            elif ":" in line:
                name = line.split(":", 1)[0].split(";", 1)[0]
                props.setdefault(name, []).append(line)
        method = props.get("METHOD", ["METHOD:"])[0].split(":", 1)[1]
        if part.get_param("method") != method:
            problems.append(f"MIME method {part.get_param('method')} differs from METHOD {method}")
        expected = "CANCEL" if action == "cancel" else "REQUEST"
        if method != expected:
            problems.append(f"METHOD {method} for {action}")
        for name in ["UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "ORGANIZER", "ATTENDEE", "SUMMARY"]:
            if name not in props:
                problems.append(f"no {name}")
        # UTC, except a series (RRULE) or one of its occurrences (RECURRENCE-ID), which keeps
        # its wall-clock time with a TZID the calendar defines in a VTIMEZONE.
        recurring = "RRULE" in props or "RECURRENCE-ID" in props
        for name in ["DTSTART", "DTEND", "DTSTAMP", "RECURRENCE-ID", "EXDATE"]:
            for value in props.get(name, []):
                if re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", value):
                    continue
                zoned = re.fullmatch(r"[A-Z-]+;TZID=([^:;]+):\d{8}T\d{6}(,\d{8}T\d{6})*", value)
                if not (recurring and name != "DTSTAMP" and zoned and zoned.group(1) in zones):
                    problems.append(f"{name} not in UTC: {value}")
        if action == "cancel" and "STATUS:CANCELLED" not in props.get("STATUS", []):
            problems.append("a cancellation without STATUS:CANCELLED")
        result.update(method=method, sequence=int(props["SEQUENCE"][0].split(":")[1]) if "SEQUENCE" in props else None,
                      uid=props["UID"][0].split(":", 1)[1] if "UID" in props else None,
                      attendees=[line.rsplit("mailto:", 1)[-1] for line in props.get("ATTENDEE", [])],
                      rrule=props["RRULE"][0].split(":", 1)[1] if "RRULE" in props else None,
                      exdates=[line.split(":", 1)[1] for line in props.get("EXDATE", [])],
                      recurrence_ids=[line.split(":", 1)[1] for line in props.get("RECURRENCE-ID", [])])
    result["problems"] = problems
    return result


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(json.dumps(check(name), ensure_ascii=False))
