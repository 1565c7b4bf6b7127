import DocketModel

/// Alias expansion, nesting depth or size past sane limits.
public struct YAMLTooComplexRule: Rule {
    public static let description = RuleDescription(
        code: .yamlTooComplex,
        summary: "aliases expand too far or nesting is too deep",
        rationale: """
            A few lines of aliases can stand for billions of nodes ("billion laughs"), and thousands of \
            nested brackets can exhaust a parser. Docket files need neither; docket stops reading such a \
            file at the point it crossed the limit, so CI stays fast whatever is pushed.
            """,
        triggeringExamples: [
            .appointment("""
                a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, ↓*c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]

                """),
            .appointment(String(repeating: "[", count: 64) + "↓[" + String(repeating: "]", count: 65) + "\n"),
        ],
        nonTriggeringExamples: [
            .appointment(RuleExample.validAppointment),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: &start 2026-12-03T14:00
                duration: 50m
                title: *start

                """),
        ])
}
