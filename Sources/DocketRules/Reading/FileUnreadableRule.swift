import DocketModel

/// A docket file that cannot be read as text.
public struct FileUnreadableRule: Rule {
    public static let description = RuleDescription(
        code: .fileUnreadable,
        summary: "a file is not readable, not UTF-8, or larger than 1 MiB",
        rationale: """
            Every *.yaml and *.yml file below the root is a docket file. One that cannot be opened, a \
            symbolic link to nothing or to outside the repository, text in another encoding than UTF-8, \
            or a file over 1 MiB (no appointment needs one) is reported instead of being guessed at.
            """,
        triggeringExamples: [
            RuleExample(files: [:], rawFiles: ["appointments/a-1.yaml": Array("id: caf".utf8) + [0xE9] + Array("\n".utf8)],
                        expected: ("appointments/a-1.yaml", 1, 8)),
            RuleExample(files: [:], rawFiles: ["appointments/big.yaml": [UInt8](repeating: UInt8(ascii: "#"), count: (1 << 20) + 1)],
                        expected: ("appointments/big.yaml", 1, 1)),
            RuleExample(files: [:], symlinks: ["appointments/a-1.yaml": "missing.yaml"],
                        expected: ("appointments/a-1.yaml", 1, 1)),
            RuleExample(files: [:], symlinks: ["appointments/a-1.yaml": "/etc/hostname"],
                        expected: ("appointments/a-1.yaml", 1, 1)),
        ],
        nonTriggeringExamples: [
            .appointment(RuleExample.validAppointment),
            RuleExample(files: ["appointments/a-1.yaml/inside.txt": "not a docket file\n"]),
        ])
}
