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
            ".gitignore": CIWiring.gitignore,
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
    /// What a repository keeps out of git: docket's locks and temporary files, delivered mail
    /// (a CI artifact, never history) and the cached docket binary.
    public static let gitignore = """
        # docket's locks and half-written files
        .docket/*.lock
        .docket/outbox/.send.lock
        .docket/outbox/.tmp-*
        # Delivered e-mails are kept as CI artifacts, not in git history
        .docket/outbox/sent/
        .docket-sent/
        # The docket binary CI builds once per version
        .docket-bin/
        .docket-src/

        """

    public static let githubWorkflow = """
        # docket: check every pull request; send confirmations on main and reminders every hour.
        #
        # What is kept where: .docket/state.json (what was notified) and the messages not yet
        # delivered (.docket/outbox, with failed/ and why) are committed after every run, whatever
        # the sending answered; delivered messages go to .docket-sent/, uploaded as an artifact,
        # never into git. Only the send step sees the SMTP password.
        name: docket
        on:
          pull_request:
          push:
            branches: [main]
          schedule:
            - cron: "7 * * * *"
        # One run at a time per branch: each starts from the state the previous one pushed.
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
              - run: |
                  echo "$PWD/.docket-bin" >> "$GITHUB_PATH"
                  git config --global --add safe.directory "$PWD"
              - name: Validate the change
                if: github.event_name == 'pull_request'
                # Every commit of the pull request must be signed (SSH) by a key that a coordinator
                # or clinician lists on the base branch, and is judged by its signer's role.
                run: |
                  command -v ssh-keygen >/dev/null || { apt-get update && apt-get install -y openssh-client; }
                  docket validate --base origin/${{ github.base_ref }} --verify-signatures --format github
                  docket diff --base origin/${{ github.base_ref }} --format markdown >> "$GITHUB_STEP_SUMMARY"
              - name: Plan the e-mails
                id: plan
                if: github.event_name != 'pull_request'
                env:
                  # Only if docket.yaml sets video.linkTemplate: the key of the video rooms.
                  DOCKET_VIDEO_KEY: ${{ secrets.DOCKET_VIDEO_KEY }}
                run: |
                  docket validate --format github
                  docket reconcile
              - name: Send (the only step that sees the SMTP password)
                id: send
                if: github.event_name != 'pull_request'
                env:
                  DOCKET_SMTP_PASSWORD: ${{ secrets.DOCKET_SMTP_PASSWORD }}
                # e.g. smtp+starttls://appointments%40clinic.example@smtp.provider.example:587
                run: docket send --smtp "${{ vars.DOCKET_SMTP_URL }}" --sent-dir .docket-sent --format github
              - name: Keep the state, whatever the sending answered
                if: always() && steps.plan.outcome == 'success'
                run: |
                  git config user.name "docket"
                  git config user.email "docket@users.noreply.github.com"
                  git add -A .docket
                  git diff --cached --quiet || git commit -q -m "docket: record notifications [skip ci]"
                  # Someone may have pushed since the checkout; people never edit .docket/, so the rebase cannot conflict.
                  for attempt in 1 2 3 4 5; do
                    if git pull -q --rebase origin "$GITHUB_REF_NAME" && git push -q origin "HEAD:$GITHUB_REF_NAME"; then exit 0; fi
                    sleep $((attempt * 3))
                  done
                  echo "::error title=docket::the state could not be pushed; the next run would send these messages again. Push .docket/ by hand."
                  exit 1
              - name: Keep the delivered e-mails (the record of what was sent)
                if: always() && steps.send.outcome != 'skipped'
                uses: actions/upload-artifact@v4
                with:
                  name: docket-sent-${{ github.run_id }}
                  path: .docket-sent
                  retention-days: 400
                  if-no-files-found: ignore

        """

    public static let gitlabCI = """
        # docket: check merge requests; send confirmations on main and reminders on a schedule.
        #
        # What is kept where: .docket/state.json (what was notified) and the messages not yet
        # delivered (.docket/outbox, with failed/ and why) are committed after every run, whatever
        # the sending answered; delivered messages go to .docket-sent/, kept as an artifact, never
        # into git. The SMTP password is a variable of the "mail" environment only, so only the
        # send job sees it; DOCKET_VIDEO_KEY (only if docket.yaml sets video.linkTemplate) is one
        # of the "rooms" environment, which only the plan job uses. DOCKET_PUSH_TOKEN (a project access token with write_repository)
        # pushes the state; DOCKET_SOURCE_URL says where docket's source is.
        image: swift:6.3
        stages: [check, plan, send]
        variables:
          GIT_DEPTH: 0
          # The docket release this repository uses; the binary is built once per version and
          # kept in the CI cache.
          DOCKET_VERSION: v0.1.0
          DOCKET_PUSH_URL: "https://oauth2:${DOCKET_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git"
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
          stage: check
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          script:
            - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
            # Every commit must be signed (SSH) by a key listed on the target branch.
            - command -v ssh-keygen >/dev/null || { apt-get update && apt-get install -y openssh-client; }
            - docket validate --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --verify-signatures
            - docket diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown
        plan:
          stage: plan
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event"
          resource_group: docket-notify
          environment: rooms
          script:
            - docket validate
            - docket reconcile
          artifacts:
            paths: [.docket/]
            expire_in: 1 day
        send:
          stage: send
          needs: [plan]
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event"
          resource_group: docket-notify
          environment: mail
          script:
            - status=0
            # e.g. smtp+starttls://appointments%40clinic.example@smtp.provider.example:587
            - docket send --smtp "$DOCKET_SMTP_URL" --sent-dir .docket-sent || status=$?
            # A block, so that the ": " in the message is not read as YAML.
            - |
              git config user.name "docket" && git config user.email "docket@$CI_SERVER_HOST"
              git add -A .docket
              git diff --cached --quiet || git commit -q -m "docket: record notifications [skip ci]"
            # Someone may have pushed since the pipeline began; people never edit .docket/, so the rebase cannot conflict.
            - |
              for attempt in 1 2 3 4 5; do
                if git pull -q --rebase "$DOCKET_PUSH_URL" "$CI_COMMIT_BRANCH" && git push -q "$DOCKET_PUSH_URL" "HEAD:$CI_COMMIT_BRANCH"; then break; fi
                if [ "$attempt" = 5 ]; then echo "docket: the state could not be pushed; the next run would send these messages again. Push .docket/ by hand." >&2; exit 1; fi
                sleep $((attempt * 3))
              done
            - exit $status
          artifacts:
            when: always
            paths: [.docket-sent/]
            expire_in: 400 days

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
