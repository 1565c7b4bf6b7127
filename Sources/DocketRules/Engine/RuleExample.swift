import DocketModel
/// A small repository that a rule's generic test validates.
///
/// In a triggering example one file holds a `↓` where the finding must point (it is removed
/// before the file is written). Unless `standalone`, the files are laid over
/// `RuleExample.baseFiles`: an organization, a coordinator, a clinician without hours and a
/// client, so an example shows only what it is about.
public struct RuleExample: Sendable {
    public var files: [String: String]
    /// Files whose bytes are not text (invalid UTF-8, say).
    public var rawFiles: [String: [UInt8]]
    /// Symbolic links to create: path → target.
    public var symlinks: [String: String]
    /// Folders to create (a folder named like a YAML file, say).
    public var folders: [String]
    /// `--now` for the run.
    public var now: String
    public var standalone: Bool
    /// Where the finding must be when no file holds a `↓`: (file, line, column).
    public var expected: (file: String, line: Int, column: Int)?
    /// For change rules: the files at the base commit (laid over the base files too); the
    /// example is validated with `--base` that commit.
    public var before: [String: String]?
    /// With `before`: `--author`.
    public var author: String?
    /// With `before`: commits made on top of the base, in order; the example is then
    /// validated with `--verify-signatures`, and its `files` are the last commit's tree.
    public var commits: [ExampleCommit] = []
    /// How many findings of the rule's code a triggering example gives: 1 unless said
    /// (findings stay in proportion to the input, and this says what that proportion is).
    public var findings = 1

    /// The example, expected to give `count` findings of its rule.
    public func giving(_ count: Int) -> RuleExample {
        var example = self
        example.findings = count
        return example
    }

    /// A commit of a signature example: files it writes, and the test key that signs it
    /// (nil: unsigned).
    public struct ExampleCommit: Sendable {
        public var files: [String: String]
        public var signer: String?
        /// Lines that end the commit's message: trailers such as `Docket-Requested-By: sam`.
        public var trailers: [String]

        public init(_ files: [String: String], signedBy signer: String?, trailers: [String] = []) {
            self.files = files
            self.signer = signer
            self.trailers = trailers
        }
    }

    /// Stands for the public key of test key `name` in an example's files; the test writes
    /// the real key (made with ssh-keygen for the run) in its place.
    public static func signingKey(_ name: String) -> String { "«ssh-key:\(name)»" }

    /// A signature example: `before` committed as the base, then `commits`.
    public static func signed(before: [String: String], commits: [ExampleCommit],
                              expected: (file: String, line: Int, column: Int)? = nil) -> RuleExample {
        var files = before
        for commit in commits { files.merge(commit.files) { _, new in new } }
        var example = RuleExample(files: files, expected: expected, before: before)
        example.commits = commits
        return example
    }

    public static let marker: Character = "↓"
    public static let defaultNow = "2026-12-01T12:00:00Z"

    public init(files: [String: String], rawFiles: [String: [UInt8]] = [:], symlinks: [String: String] = [:],
                folders: [String] = [], now: String = RuleExample.defaultNow, standalone: Bool = false,
                expected: (file: String, line: Int, column: Int)? = nil, before: [String: String]? = nil, author: String? = nil) {
        self.before = before
        self.author = author
        self.files = files
        self.rawFiles = rawFiles
        self.symlinks = symlinks
        self.folders = folders
        self.now = now
        self.standalone = standalone
        self.expected = expected
    }

    /// An appointment file `appointments/a-1.yaml` holding `yaml`, over the base files.
    public static func appointment(_ yaml: String, now: String = defaultNow, extra: [String: String] = [:]) -> RuleExample {
        RuleExample(files: extra.merging(["appointments/a-1.yaml": yaml]) { first, _ in first }, now: now)
    }

    /// The file set written to disk: the base files (unless standalone) overlaid with this example's.
    public var allFiles: [String: String] {
        standalone ? files : Self.baseFiles.merging(files) { _, mine in mine }
    }

    /// The files of the base commit, when the example has one.
    public var allBeforeFiles: [String: String]? {
        before.map { standalone ? $0 : Self.baseFiles.merging($0) { _, mine in mine } }
    }

    public static let baseFiles: [String: String] = [
        "docket.yaml": """
            apiVersion: docket/v1
            kind: Organization
            id: maple
            name: Maple Clinic
            timezone: America/Toronto
            email:
              from: Maple Clinic <hello@maple.example>
              domain: maple.example
            video:
              linkTemplate: https://video.maple.example/room/{{room}}

            """,
        "coordinators/sam.yaml": """
            apiVersion: docket/v1
            kind: Coordinator
            id: sam
            name: Sam Ortiz
            email: sam@maple.example

            """,
        "clinicians/dr-lee.yaml": """
            apiVersion: docket/v1
            kind: Clinician
            id: dr-lee
            name: Dr. Ada Lee
            email: ada.lee@maple.example
            timezone: America/Toronto

            """,
        "clients/jane.yaml": """
            apiVersion: docket/v1
            kind: Client
            id: jane
            name: Jane Doe
            email: jane@example.com

            """,
    ]

    /// A valid appointment of dr-lee with jane, for examples to start from.
    public static let validAppointment = """
        apiVersion: docket/v1
        kind: Appointment
        id: a-1
        clinician: dr-lee
        client: jane
        start: 2026-12-03T14:00
        duration: 50m

        """
}
