import DocketModel

public struct ClinicianDoubleBookedRule: CheckingRule {
    public static let description = RuleDescription(
        code: .clinicianDoubleBooked,
        summary: "two non-cancelled appointments of a clinician overlap",
        rationale: """
            A clinician cannot see two clients at once. Times are compared as instants whatever form \
            they are written in; intervals are half-open, so back-to-back appointments do not overlap. \
            Each appointment that overlaps an earlier-starting one is reported once, naming the nearest \
            (a related location) and how many others overlap it: a bulk import that puts thousands of \
            appointments at one time gives one finding each, never one per pair.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-lee
                    client: kim
                    start: ↓2026-12-03T19:30:00Z
                    duration: 30m

                    """,
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
            // A daily series of 400 occurrences over a weekly one: one finding per series and
            // other appointment (naming the first clash and how many), never one per pair.
            RuleExample(files: [
                "appointments/s-1.yaml": seriesYAML(id: "s-1", client: "jane", start: "2026-12-07T14:00", repeat: "{every: week, count: 52}"),
                "appointments/s-2.yaml": seriesYAML(id: "s-2", client: "kim", start: "↓2026-12-05T14:30", repeat: "{every: day, count: 400}"),
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
            // One occurrence moved onto another appointment: the finding is at the move.
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/s-2.yaml": seriesYAML(id: "s-2", client: "kim", start: "2026-11-26T14:00", repeat: "{every: week, count: 4}",
                                                    extra: "occurrences:\n  2026-12-03: {start: ↓2026-12-03T14:20}\n"),
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-lee
                    client: kim
                    start: 2026-12-03T14:50
                    duration: 50m

                    """,
                "appointments/a-3.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-3
                    clinician: dr-lee
                    client: kim
                    start: 2026-12-03T14:10
                    duration: 20m
                    status: cancelled

                    """,
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
            // The occurrence that would clash is cancelled.
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/s-2.yaml": seriesYAML(id: "s-2", client: "kim", start: "2026-11-26T14:00", repeat: "{every: week, count: 4}",
                                                    extra: "occurrences:\n  2026-12-03: {status: cancelled}\n"),
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ])

    /// A series of dr-lee's, 50 minutes each.
    static func seriesYAML(id: String, client: String, start: String, repeat: String, extra: String = "") -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: dr-lee\nclient: \(client)\nstart: \(start)\nduration: 50m\ntype: phone\nrepeat: \(`repeat`)\n\(extra)"
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        OverlapSweep.doubleBookings(in: context, code: .clinicianDoubleBooked, by: \.clinicianKey) { $0.clinician?.value ?? "someone" }
    }
}
