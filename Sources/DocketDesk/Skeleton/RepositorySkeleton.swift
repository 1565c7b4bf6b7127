import DocketModel
import Foundation

/// The files `docket init` writes: a repository that validates clean, folders for each kind,
/// editor settings for the schema, and the CI wiring.
public enum RepositorySkeleton {
    public struct Settings: Sendable {
        public var name: String
        public var timezone: String
        public var domain: String

        public init(name: String, timezone: String, domain: String) {
            self.name = name
            self.timezone = timezone
            self.domain = domain
        }
    }

    /// Path → contents, relative to the new repository's root.
    public static func files(_ settings: Settings) -> [String: String] {
        var files: [String: String] = [
            "docket.yaml": """
                # yaml-language-server: $schema=schema/organization.schema.json
                apiVersion: docket/v1
                kind: Organization
                id: \(slug(settings.name))
                name: \(quoted(settings.name))
                timezone: \(settings.timezone)
                email:
                  from: \(quoted("\(settings.name) <appointments@\(settings.domain)>"))
                  domain: \(settings.domain)
                policy:
                  minimumNoticeHours: 3
                  bufferMinutes: 10
                  reminders: [72h, 24h]

                """,
            ".vscode/settings.json": """
                {
                  "yaml.schemas": {
                    "./schema/docket.schema.json": ["docket.yaml", "coordinators/**/*.yaml", "clinicians/**/*.yaml", "clients/**/*.yaml", "appointments/**/*.yaml"]
                  }
                }

                """,
            ".github/workflows/docket.yml": CIWiring.githubWorkflow,
            ".gitlab-ci.yml": CIWiring.gitlabCI,
            ".pre-commit-config.yaml": CIWiring.preCommitConfig,
            ".gitignore": ".docket/outbox/.tmp-*\n.docket/state.json.lock\n",
        ]
        for folder in ["coordinators", "clinicians", "clients", "appointments", "attachments", "templates"] {
            files[folder + "/.gitkeep"] = ""
        }
        return files
    }

    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
        let collapsed = String(lowered).split(separator: "-").joined(separator: "-")
        return collapsed.isEmpty ? "clinic" : String(collapsed.prefix(64))
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Ready-made CI and pre-commit wiring; `examples/ci/` in docket's source holds the same text.
public enum CIWiring {
    public static let githubWorkflow = """
        # docket: check every pull request; send confirmations on main and reminders every hour.
        name: docket
        on:
          pull_request:
          push:
            branches: [main]
          schedule:
            - cron: "7 * * * *"
        concurrency: docket-${{ github.ref }}
        permissions:
          contents: write
        jobs:
          docket:
            runs-on: ubuntu-latest
            container: swift:6.3
            env:
              # The docket release this repository uses. The binary is built once per version and
              # kept in the Actions cache; change the version to upgrade.
              DOCKET_VERSION: v0.1.0
            steps:
              - uses: actions/checkout@v4
                with: { fetch-depth: 0 }
              - id: docket-binary
                uses: actions/cache@v4
                with:
                  path: .docket-bin
                  key: docket-${{ env.DOCKET_VERSION }}-${{ runner.os }}-${{ runner.arch }}
              - name: Build docket (only when this version is not cached yet)
                if: steps.docket-binary.outputs.cache-hit != 'true'
                run: |
                  apt-get update && apt-get install -y libyaml-dev pkg-config
                  git clone --depth 1 --branch "$DOCKET_VERSION" https://github.com/your-org/docket .docket-src
                  .docket-src/scripts/build-release.sh "$PWD/.docket-bin"
              - run: echo "$PWD/.docket-bin" >> "$GITHUB_PATH"
              - name: Validate the change
                if: github.event_name == 'pull_request'
                run: |
                  git config --global --add safe.directory "$PWD"
                  author=$(git log -1 --format=%ae ${{ github.event.pull_request.head.sha }})
                  docket validate --base origin/${{ github.base_ref }} --author "$author" --format github
                  docket diff --base origin/${{ github.base_ref }} --format markdown >> "$GITHUB_STEP_SUMMARY"
              - name: Notify
                if: github.event_name != 'pull_request'
                env:
                  DOCKET_SMTP_PASSWORD: ${{ secrets.DOCKET_SMTP_PASSWORD }}
                run: |
                  git config --global --add safe.directory "$PWD"
                  docket validate --format github
                  docket reconcile
                  docket send --smtp "smtp+starttls://${{ vars.DOCKET_SMTP_USER }}@${{ vars.DOCKET_SMTP_HOST }}:587"
              - name: Keep the state (what was notified) in the repository
                if: github.event_name != 'pull_request'
                run: |
                  git config user.name "docket"
                  git config user.email "docket@users.noreply.github.com"
                  git add .docket/state.json .docket/outbox
                  git diff --cached --quiet || git commit -m "docket: record notifications [skip ci]"
                  git push

        """

    public static let gitlabCI = """
        # docket: check merge requests; send confirmations on main and reminders on a schedule.
        image: swift:6.3
        variables:
          GIT_DEPTH: 0
          # The docket release this repository uses; the binary is built once per version and
          # kept in the CI cache. DOCKET_SOURCE_URL (a CI/CD variable) says where docket's source is.
          DOCKET_VERSION: v0.1.0
        cache:
          key: docket-$DOCKET_VERSION
          paths: [.docket-bin/]
        before_script:
          - |
            if [ ! -x .docket-bin/docket ]; then
              apt-get update && apt-get install -y libyaml-dev pkg-config
              git clone --depth 1 --branch "$DOCKET_VERSION" "$DOCKET_SOURCE_URL" .docket-src
              .docket-src/scripts/build-release.sh "$PWD/.docket-bin"
            fi
          - export PATH="$PWD/.docket-bin:$PATH"
        validate:
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          script:
            - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
            - docket validate --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --author "$(git log -1 --format=%ae)"
            - docket diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown
        notify:
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          resource_group: docket-notify
          script:
            - docket validate
            - docket reconcile
            - docket send --smtp "smtp+starttls://$DOCKET_SMTP_USER@$DOCKET_SMTP_HOST:587"
            - git add .docket/state.json .docket/outbox
            - git diff --cached --quiet || git commit -m "docket: record notifications [skip ci]"
            - git push "https://oauth2:$DOCKET_PUSH_TOKEN@$CI_SERVER_HOST/$CI_PROJECT_PATH.git" "HEAD:$CI_COMMIT_BRANCH"

        """

    public static let preCommitConfig = """
        # docket validate before every commit (pre-commit.com); builds docket from its source.
        repos:
          - repo: https://github.com/your-org/docket
            rev: main
            hooks:
              - id: docket-validate

        """
}
