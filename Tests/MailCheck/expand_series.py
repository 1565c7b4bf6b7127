#!/usr/bin/env python3
"""Expands recurring events as calendar programs do, for docket's series tests.

    expand_series.py calendar FILE.ics FROM TO   every occurrence between FROM and TO (UTC,
                                                 RFC 3339) as icalendar + recurring_ical_events
                                                 expand it: one JSON line
                                                 [{"uid", "start", "end", "recurrence_id"}]
    expand_series.py rrule DTSTART RRULE ZONE    the local starts dateutil.rrule gives for a
                                                 naive local DTSTART (2027-01-04T10:00) and an
                                                 RRULE value: one JSON line ["2027-01-04T10:00", ...]

Independent of docket: neither reads its code, only what it writes (the iCalendar) or the
rule as RFC 5545 states it.
"""
import datetime
import json
import sys


def utc(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise SystemExit(f"floating time in an event: {value}")
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise SystemExit(f"not a date-time: {value!r}")


def calendar(path, start, end):
    import icalendar
    import recurring_ical_events
    with open(path, "rb") as handle:
        document = icalendar.Calendar.from_ical(handle.read())
    parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    events = recurring_ical_events.of(document).between(parse(start), parse(end))
    found = []
    for event in events:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        recurrence = event.get("RECURRENCE-ID")
        found.append({
            "uid": str(event["UID"]),
            "start": utc(event["DTSTART"].dt),
            "end": utc(event["DTEND"].dt),
            "recurrence_id": utc(recurrence.dt) if recurrence is not None else None,
        })
    found.sort(key=lambda item: (item["start"], item["uid"]))
    print(json.dumps(found))


def rrule(dtstart, rule, zone):
    from dateutil import rrule as rr
    start = datetime.datetime.fromisoformat(dtstart)
    # Naive local wall-clock times: the rule is applied to the wall clock, as RFC 5545 does
    # for a DTSTART with a TZID.
    dates = list(rr.rrulestr(rule, dtstart=start))
    print(json.dumps([d.strftime("%Y-%m-%dT%H:%M") for d in dates]))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "calendar":
        calendar(*sys.argv[2:5])
    elif mode == "rrule":
        rrule(*sys.argv[2:5])
    else:
        raise SystemExit("usage: expand_series.py calendar FILE FROM TO | rrule DTSTART RRULE ZONE")
