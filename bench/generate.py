#!/usr/bin/env python3
"""Writes a deterministic, realistic docket repository for benchmarks.

usage: bench/generate.py DIR N [series]
N appointments over years (one file each, a few multi-document files among them), 50
clinicians in several zones with weekly hours, 20,000 clients, participants, attachments,
comments. Same N, same files, byte for byte.
With `rich`: every appointment carries a participant (name, e-mail, role), two attachments
with an audience, a video link, type, status, title, createdBy and a two-line notes block
(about 500 bytes a file): the second validate profile of performance round 3.
With `series`: N weekly series of 52 occurrences each instead (the same clinic, the same
fields, one file per series), for comparing a history of courses with one of single visits.
"""
import datetime
import os
import zoneinfo
import sys

ZONES = ["America/Toronto", "America/Vancouver", "America/Halifax", "Europe/Paris", "Australia/Sydney"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def main(root, n, series=False, rich=False):
    files = 0

    def write(path, text):
        nonlocal files
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
        files += 1

    write("docket.yaml", """apiVersion: docket/v1
kind: Organization
id: bench-clinic
name: Bench Clinic
timezone: America/Toronto
email:
  from: Bench Clinic <appointments@bench.example>
  domain: bench.example
portalURL: https://portal.bench.example/account
policy:
  bufferMinutes: 0
  reminders: [72h, 24h]
""")
    write("attachments/intake-form.pdf", "%PDF-1.4\n% intake\n")
    files -= 1
    for c in range(2):
        write(f"coordinators/co-{c}.yaml", f"apiVersion: docket/v1\nkind: Coordinator\nid: co-{c}\nname: Coordinator {c}\nemail: co{c}@bench.example\n")
    for c in range(50):
        zone = ZONES[c % len(ZONES)]
        hours = "\n".join(f"    {d}: [\"00:00-24:00\"]" for d in DAYS + ["saturday", "sunday"])
        write(f"clinicians/dr-{c}.yaml", f"""# Clinician {c}
apiVersion: docket/v1
kind: Clinician
id: dr-{c}
name: Dr. Clinician {c}
email: dr{c}@bench.example
timezone: {zone}
availability:
  weekly:
{hours}
""")
    clients = int(os.environ.get("BENCH_CLIENTS", "20000"))
    for c in range(clients):
        write(f"clients/c-{c:05d}.yaml", f"apiVersion: docket/v1\nkind: Client\nid: c-{c:05d}\nname: Client Number {c}\nemail: client{c}@example.com\n")
    # Each clinician sees a client every seven hours, day and night, from 2020 on: no conflicts.
    base = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    written = 0
    multi = []
    for a in range(n):
        clinician = a % 50
        start = base + datetime.timedelta(hours=7 * (a // 50))
        if series:
            # A clinician's series: 24 a week, seven hours apart, each for a year; then the next year's.
            j = a // 50
            start = base + datetime.timedelta(hours=7 * (j % 24), weeks=52 * (j // 24))
        year, month = start.year, start.month
        body = [f"# booked by co-{a % 2}",
                "apiVersion: docket/v1",
                "kind: Appointment",
                f"id: a-{a}",
                f"clinician: dr-{clinician}",
                f"client: c-{(a * 7919) % clients:05d}",
                f"start: {start.strftime('%Y-%m-%dT%H:%M:%SZ')}",
                "duration: 50m",
                f"title: Session {a}",
                f"createdBy: co-{a % 2}",
                "video:",
                f"  link: https://video.bench.example/room/a-{a}"]
        if rich:
            body += ["type: " + ["video", "phone", "in-person"][a % 3],
                     "status: booked",
                     "participants:", f"  - name: Interpreter {a % 7}", f"    email: interp{a}@example.org", "    role: interpreter",
                     "attachments:", "  - path: attachments/intake-form.pdf", "    title: Intake form", "    audience: client",
                     "  - path: attachments/intake-form.pdf", "    title: Clinician checklist", "    audience: clinician",
                     "notes: |", f"  Internal note for the clinician about session {a}.", "  Second line of the note."]
        elif a % 10 == 0:
            body += ["participants:", f"  - name: Interpreter {a % 7}", f"    email: interp{a}@example.org", "    role: interpreter"]
        if a % 25 == 0 and not rich:
            body += ["attachments:", "  - path: attachments/intake-form.pdf", "    title: Intake form"]
        if a % 3 == 0 and not rich:
            body += ["notes: |", "  Internal note for the clinician.", "  Second line."]
        if series:
            body += ["repeat:", "  every: week", "  count: 52"]
            if a % 4 == 0:
                # The sixth session cancelled, keyed by its original date in the clinician's zone.
                local = (start + datetime.timedelta(weeks=5)).astimezone(zoneinfo.ZoneInfo(ZONES[clinician % len(ZONES)]))
                body += ["occurrences:", f"  {local.strftime('%Y-%m-%d')}: {{status: cancelled}}"]
        text = "\n".join(body) + "\n"
        if a % 500 == 499:
            multi.append(text)
            if len(multi) == 3:
                write(f"appointments/multi/m-{a}.yaml", "---\n".join(multi))
                multi = []
            continue
        write(f"appointments/{year}/{month:02d}/a-{a}.yaml", text)
        written += 1
    if multi:
        write("appointments/multi/m-last.yaml", "---\n".join(multi))
    print(f"{files} files")


if __name__ == "__main__":
    profile = sys.argv[3] if len(sys.argv) > 3 else ""
    main(sys.argv[1], int(sys.argv[2]), profile == "series", profile == "rich")
