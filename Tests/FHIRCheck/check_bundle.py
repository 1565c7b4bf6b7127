#!/usr/bin/env python3
"""Reads a FHIR bundle with an independent FHIR model library (fhir.resources, R4B models).

Prints one JSON line: whether it parsed, the problems found (a reference that does not
resolve inside the bundle, a resource of an unexpected type), and each appointment's
docket id, status, start, end and its participants' displays, for the test to compare with
`docket list`.
"""
import json
import sys

from fhir.resources.R4B.bundle import Bundle


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    problems = []
    try:
        bundle = Bundle.model_validate_json(text) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(text)
    except Exception as error:  # the library's own validation error, whatever its class
        print(json.dumps({"parsed": False, "problems": [str(error)[:2000]]}))
        return
    urls = {entry.fullUrl for entry in bundle.entry or []}
    appointments = []
    for entry in bundle.entry or []:
        resource = entry.resource
        kind = resource.__resource_type__ if hasattr(resource, "__resource_type__") else resource.get_resource_type()
        if kind not in ("Practitioner", "Patient", "Appointment"):
            problems.append(f"unexpected {kind}")
        if kind == "Appointment":
            # The model library checks types, not value sets: the status code set by hand (R4 AppointmentStatus).
            if resource.status not in ("proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
                                       "entered-in-error", "checked-in", "waitlist"):
                problems.append(f"status {resource.status} is not an R4 AppointmentStatus")
            for participant in resource.participant:
                if participant.actor and participant.actor.reference and participant.actor.reference not in urls:
                    problems.append(f"{participant.actor.reference} does not resolve")
            appointments.append({
                "id": resource.identifier[0].value,
                "status": resource.status,
                "start": resource.start.isoformat().replace("+00:00", "Z"),
                "end": resource.end.isoformat().replace("+00:00", "Z"),
                "minutes": resource.minutesDuration,
                "participants": [participant.actor.display for participant in resource.participant if participant.actor],
            })
    print(json.dumps({"parsed": True, "type": bundle.type, "problems": problems, "appointments": appointments}, ensure_ascii=False))


if __name__ == "__main__":
    main()
