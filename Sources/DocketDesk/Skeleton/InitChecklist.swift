/// What is left after `docket init`, in the order a person does it: what init could not do
/// itself (settings only the clinic knows, secrets, the forge's own switches). docs/ci.md
/// holds the same list per forge (a test keeps them together by each step's `key`).
public enum InitChecklist {
    public enum Forge: String, Sendable {
        case github = "GitHub"
        case gitlab = "GitLab"
    }

    public struct Step: Sendable {
        /// Where it applies: everywhere, or on one forge.
        public var forge: Forge?
        /// The words docs/ci.md's list says it with too.
        public var key: String
        public var text: String
    }

    /// `defaultsKept`: the settings init used its default for (`--name ("Our Clinic")`, …).
    public static func steps(isGitRepository: Bool, defaultsKept: [String], source: DocketSource?) -> [Step] {
        var steps: [Step] = []
        if !isGitRepository {
            steps.append(Step(forge: nil, key: "git init",
                              text: "Make it a git repository: git init -b main && git add -A && git commit -m \"A new docket repository\""))
        }
        steps.append(Step(forge: nil, key: "docket.yaml",
                          text: defaultsKept.isEmpty
                              ? "Check docket.yaml: the organisation's name, time zone and mail domain are those you gave."
                              : "Check docket.yaml: these defaults were used, change them there (or run init again with them): "
                                  + defaultsKept.joined(separator: ", ") + "."))
        steps.append(Step(forge: nil, key: "Add the people",
                          text: "Add the people: coordinators/, clinicians/ (with their weekly hours) and clients/ (docs/repository.md); docket validate says what is missing."))
        steps.append(Step(forge: nil, key: "signingKeys",
                          text: "Add the first coordinator's SSH public key to their signingKeys (docs/signing.md): the pull-request check accepts signed commits only."))
        if let source {
            steps.append(Step(forge: nil, key: "DOCKET_VERSION",
                              text: "CI builds docket from \(source.url) at \(source.revision); change DOCKET_VERSION in the wiring to upgrade."))
        } else {
            steps.append(Step(forge: nil, key: "DOCKET_VERSION",
                              text: "Tell CI where docket is: set the CI variables DOCKET_SOURCE_URL (the git URL of docket's source) and DOCKET_VERSION (a tag or commit), or run docket init --source URL@REV again; without them the first run stops and names them."))
        }
        steps += [
            Step(forge: .github, key: "DOCKET_SMTP_URL",
                 text: "Settings → Secrets and variables → Actions: the variable DOCKET_SMTP_URL (e.g. smtp+starttls://appointments%40clinic.example@smtp.provider.example:587), the secret DOCKET_SMTP_PASSWORD and, if docket.yaml sets video.linkTemplate, the secret DOCKET_VIDEO_KEY (openssl rand -base64 32)."),
            Step(forge: .github, key: "Workflow permissions",
                 text: "Let the workflow push .docket/ to main: Settings → Actions → General → Workflow permissions: Read and write; if main is protected, let GitHub Actions bypass the rule. Otherwise the state is not kept and the next run sends again."),
            Step(forge: .github, key: "up to date",
                 text: "Protect main: require branches to be up to date before merging (or use a merge queue), so that two pull requests booking the same hour cannot both be merged."),
            Step(forge: .github, key: "Request forms",
                 text: "Request forms, for staff who book from an issue (docs/desk.md): add each coordinator's and clinician's GitHub login to their people file (github: <login>), run docket forms once clinicians are listed, and create the labels docket-request, docket:book, docket:cancel and docket:reschedule (gh label create docket-request, and so on): the forms put them on each issue, and the request workflow runs on them."),
            Step(forge: .github, key: "DOCKET_AUTOMATION_SIGNING_KEY",
                 text: "The request workflow signs its commits so that the pull-request check judges each as its requester's: ssh-keygen -t ed25519 -N '' -C docket-requests -f docket-requests, put docket-requests.pub under automation.signingKeys in docket.yaml, the private key docket-requests in the secret DOCKET_AUTOMATION_SIGNING_KEY, then delete both files. For the pull request's check to start, also the secret DOCKET_REQUEST_TOKEN (a GitHub App or fine-grained token with contents, pull requests and issues: read and write): pull requests opened with the workflow's own token start no workflow."),
            Step(forge: .gitlab, key: "DOCKET_SMTP_URL",
                 text: "Settings → CI/CD → Variables: DOCKET_SMTP_URL and DOCKET_SMTP_PASSWORD (masked) for the environment mail, DOCKET_VIDEO_KEY (masked, if docket.yaml sets video.linkTemplate) for the environment rooms, and DOCKET_PUSH_TOKEN (masked: a project access token with write_repository)."),
            Step(forge: .gitlab, key: "Protected branches",
                 text: "Let the push token push .docket/ to main: its role must be allowed to push to the protected branch (Settings → Repository → Protected branches). Otherwise the state is not kept and the next pipeline sends again."),
            Step(forge: .gitlab, key: "pipeline schedule",
                 text: "Build → Pipeline schedules: a pipeline schedule on main, every hour (e.g. 7 * * * *). Without it no reminder is ever sent."),
            Step(forge: .gitlab, key: "issue templates",
                 text: "Requests from issues are less automatic on GitLab (no issue forms, no pipeline on a new issue): .gitlab/issue_templates/ holds issue templates with a docket-request block; a coordinator runs docket request on each labelled issue, or a scheduled pipeline reads them through the API (docs/desk.md)."),
            Step(forge: .gitlab, key: "Fast-forward merge",
                 text: "Settings → Merge requests: merge method Fast-forward merge (or merged results pipelines), so that two merge requests booking the same hour cannot both be merged."),
            Step(forge: nil, key: "push",
                 text: "Commit and push: the first run on main confirms every booked appointment to everyone."),
        ]
        return steps
    }

    public static func render(_ steps: [Step]) -> String {
        var output = "What is left, in order:\n"
        var number = 0
        var forge: Forge?
        for step in steps {
            if step.forge != forge, let heading = step.forge {
                output += "  On \(heading.rawValue):\n"
            } else if step.forge == nil, forge != nil {
                output += "  Then:\n"
            }
            forge = step.forge
            number += 1
            output += "  \(number). \(step.text)\n"
        }
        return output
    }
}
