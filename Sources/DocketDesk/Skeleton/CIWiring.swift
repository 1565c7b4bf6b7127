/// Ready-made CI and pre-commit wiring, as `docket init` writes it; `examples/ci/` in docket's
/// source holds the same text for a source that is not known (read from CI variables).
///
/// Where CI gets docket is never a placeholder: the wiring names the source and version
/// `docket init --source URL@REV` was given (or this binary was built from), and without
/// either reads `DOCKET_SOURCE_URL` and `DOCKET_VERSION` from the CI system's variables and
/// stops with a message naming them when they are not set.
public enum CIWiring {
    /// The files, by path in the new repository.
    public static func files(source: DocketSource?) -> [String: String] {
        [
            ".github/workflows/docket.yml": githubWorkflow(source: source),
            RequestWiring.githubWorkflowPath: RequestWiring.githubWorkflow(source: source),
            ".gitlab-ci.yml": gitlabCI(source: source),
            gitlabNotifyPath: gitlabNotify(source: source),
            ".pre-commit-config.yaml": preCommitConfig(source: source),
            ".gitignore": gitignore,
        ]
    }

    /// The child pipeline GitLab's `notify` job runs under its resource group.
    public static let gitlabNotifyPath = ".gitlab/docket-notify.yml"

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

    /// The message a run without a known source stops with.
    static let missingSourceMessage = "docket: set the CI variables DOCKET_SOURCE_URL (the git URL of docket's source) and DOCKET_VERSION (the tag or commit to build), or run docket init --source URL@REV again"

    /// Fetches and builds docket into `.docket-bin` (a tag, a branch or a full commit id:
    /// `git fetch` takes all three, `git clone --branch` only the first two).
    static let buildDocket = """
        apt-get update && apt-get install -y libyaml-dev pkg-config git
        git init -q .docket-src
        git -C .docket-src fetch -q --depth 1 "$DOCKET_SOURCE_URL" "$DOCKET_VERSION"
        git -C .docket-src checkout -q FETCH_HEAD
        .docket-src/scripts/build-release.sh "$PWD/.docket-bin"
        """

    /// Lines of a shell script, indented by `spaces` from the second line on.
    static func indented(_ text: String, _ spaces: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : String(repeating: " ", count: spaces) + $0.element }
            .joined(separator: "\n")
    }

    /// The job's `env:` lines that say where docket's source is (indented for a job).
    static func githubSourceLines(_ source: DocketSource?) -> String {
        source.map { """
                  # Where docket's source is, and the version this repository uses (docket init --source
                  # URL@REV). The binary is built once per version and kept in the Actions cache; change
                  # the version to upgrade.
                  DOCKET_SOURCE_URL: \($0.url)
                  DOCKET_VERSION: \($0.revision)
            """ } ?? """
                  # Where docket's source is and the version to build: repository variables (Settings →
                  # Secrets and variables → Actions → Variables). The binary is built once per version
                  # and kept in the Actions cache; change DOCKET_VERSION to upgrade.
                  DOCKET_SOURCE_URL: ${{ vars.DOCKET_SOURCE_URL }}
                  DOCKET_VERSION: ${{ vars.DOCKET_VERSION }}
            """
    }

    /// A GitHub job's first steps: check out the repository and put docket on `PATH` (from
    /// the Actions cache, built on a miss). Every workflow init writes starts with them.
    static let githubGetDocketSteps = """
              - uses: actions/checkout@v5
                with: { fetch-depth: 0 }
              - id: docket-binary
                uses: actions/cache@v5
                with:
                  path: .docket-bin
                  key: docket-${{ env.DOCKET_VERSION }}-${{ runner.os }}-${{ runner.arch }}
              - name: Build docket (only when this version is not cached yet)
                if: steps.docket-binary.outputs.cache-hit != 'true'
                timeout-minutes: 20
                run: |
                  if [ -z "$DOCKET_SOURCE_URL" ] || [ -z "$DOCKET_VERSION" ]; then
                    echo "::error title=docket::\(missingSourceMessage) (repository variables)"
                    exit 1
                  fi
                  \(indented(buildDocket, 10))
              - run: |
                  echo "$PWD/.docket-bin" >> "$GITHUB_PATH"
                  git config --global --add safe.directory "$PWD"
        """

    public static func githubWorkflow(source: DocketSource?) -> String {
        let sourceLines = githubSourceLines(source)
        return """
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
                # A hung step must not hold the concurrency group, and with it the hourly reminders,
                # for GitHub's default of six hours.
                timeout-minutes: 30
                env:
            \(sourceLines)
                steps:
            \(githubGetDocketSteps)
                  - name: Validate the change
                    if: github.event_name == 'pull_request'
                    timeout-minutes: 10
                    # Every commit of the pull request must be signed (SSH) by a key that a coordinator
                    # or clinician lists on the base branch, and is judged by its signer's role.
                    run: |
                      command -v ssh-keygen >/dev/null || { apt-get update && apt-get install -y openssh-client; }
                      docket validate --base "origin/$GITHUB_BASE_REF" --verify-signatures --format github
                      docket diff --base "origin/$GITHUB_BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"
                  - name: Plan the e-mails
                    id: plan
                    if: github.event_name != 'pull_request'
                    timeout-minutes: 10
                    env:
                      # Only if docket.yaml sets video.linkTemplate: the key of the video rooms.
                      DOCKET_VIDEO_KEY: ${{ secrets.DOCKET_VIDEO_KEY }}
                    # A run that waited for the one before starts from the state that one pushed. An
                    # error in an appointment file holds back that appointment (and those its finding
                    # names); the rest of the clinic's mail still goes out, and the run fails at the end.
                    run: |
                      git pull -q --ff-only origin "$GITHUB_REF_NAME"
                      held=0
                      docket validate --format github || held=1
                      docket reconcile || { status=$?; [ "$status" -eq 1 ] || exit "$status"; held=1; }
                      echo "held=$held" >> "$GITHUB_OUTPUT"
                  - name: Send (the only step that sees the SMTP password)
                    id: send
                    if: github.event_name != 'pull_request'
                    timeout-minutes: 15
                    env:
                      DOCKET_SMTP_PASSWORD: ${{ secrets.DOCKET_SMTP_PASSWORD }}
                      # e.g. smtp+starttls://appointments%40clinic.example@smtp.provider.example:587
                      DOCKET_SMTP_URL: ${{ vars.DOCKET_SMTP_URL }}
                    run: docket send --smtp "$DOCKET_SMTP_URL" --sent-dir .docket-sent --timeout 60 --format github
                  - name: Keep the state, whatever the sending answered
                    if: always() && steps.plan.outcome == 'success'
                    timeout-minutes: 5
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
                    uses: actions/upload-artifact@v6
                    with:
                      name: docket-sent-${{ github.run_id }}
                      path: .docket-sent
                      # GitHub keeps artifacts at most 90 days by default; docs/ci.md says how to keep them longer.
                      retention-days: 90
                      if-no-files-found: ignore
                  - name: Appointments held back by errors
                    if: steps.plan.outputs.held == '1'
                    run: |
                      echo "::error title=docket::appointments were held back by errors (see the annotations above); their e-mails wait until the files are fixed"
                      exit 1

            """
    }

    public static func gitlabCI(source: DocketSource?) -> String {
        """
        # docket: check merge requests; send confirmations on main and reminders on a schedule.
        #
        # Sending is one child pipeline (\(gitlabNotifyPath): plan, then send and push the
        # state) run by the notify job under one resource group, so a second pipeline's plan
        # waits until the first one's state is pushed. The SMTP password is a variable of the
        # "mail" environment only (so only the send job sees it), DOCKET_VIDEO_KEY (only if
        # docket.yaml sets video.linkTemplate) one of the "rooms" environment, which only the
        # plan job uses; DOCKET_PUSH_TOKEN (a project access token with write_repository) pushes
        # the state. Reminders need a pipeline schedule (Build → Pipeline schedules, hourly).
        image: swift:6.3
        stages: [check, notify]
        variables:
          GIT_DEPTH: 0
        \(gitlabSourceVariables(source))
        \(gitlabGetDocket(source))
        validate:
          stage: check
          timeout: 30 minutes
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          extends: .get-docket
          script:
            - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
            # Every commit must be signed (SSH) by a key listed on the target branch.
            - command -v ssh-keygen >/dev/null || { apt-get update && apt-get install -y openssh-client; }
            - docket validate --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --verify-signatures
            - docket diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown
        notify:
          stage: notify
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event"
          # The whole child pipeline (plan, send, push) holds the group: two pipelines never
          # interleave one's plan with the other's send.
          resource_group: docket-notify
          trigger:
            include: \(gitlabNotifyPath)
            strategy: depend

        """
    }

    static func gitlabSourceVariables(_ source: DocketSource?) -> String {
        guard let source else {
            return "  # DOCKET_SOURCE_URL (the git URL of docket's source) and DOCKET_VERSION (the tag or\n"
                + "  # commit to build) are CI/CD variables of the project (Settings → CI/CD → Variables)."
        }
        return "  # Where docket's source is, and the version this repository uses (docket init --source\n"
            + "  # URL@REV). The binary is built once per version and kept in the CI cache.\n"
            + "  DOCKET_SOURCE_URL: \(source.url)\n"
            + "  DOCKET_VERSION: \(source.revision)"
    }

    /// A hidden job that jobs extend: its `before_script` gets docket (cached per version,
    /// built on a miss).
    static func gitlabGetDocket(_ source: DocketSource?) -> String {
        """
        .get-docket:
          cache:
            key: docket-$DOCKET_VERSION
            paths: [.docket-bin/]
          before_script:
            - |
              if [ ! -x .docket-bin/docket ]; then
                if [ -z "$DOCKET_SOURCE_URL" ] || [ -z "$DOCKET_VERSION" ]; then
                  echo "\(missingSourceMessage)" >&2
                  exit 1
                fi
                \(indented(buildDocket, 8))
              fi
            - export PATH="$PWD/.docket-bin:$PATH"
        """
    }

    public static func gitlabNotify(source: DocketSource?) -> String {
        """
        # docket's sending, as one child pipeline of .gitlab-ci.yml's notify job (which holds the
        # docket-notify resource group for all of it): plan, then send and push the state.
        image: swift:6.3
        stages: [plan, send]
        variables:
          GIT_DEPTH: 0
        \(gitlabSourceVariables(source))
        \(gitlabGetDocket(source))
        plan:
          stage: plan
          timeout: 30 minutes
          environment: rooms
          extends: .get-docket
          script:
            # Start from the state the previous pipeline pushed, not from this pipeline's commit.
            - git fetch -q origin "$CI_COMMIT_REF_NAME" && git checkout -q FETCH_HEAD
            # An error in an appointment file holds back that appointment (and those its finding
            # names); the rest of the clinic's mail still goes out, and send fails at the end.
            - held=0
            - docket validate || held=1
            - docket reconcile || { status=$?; [ "$status" -eq 1 ] || exit "$status"; held=1; }
            - echo "$held" > .docket-held
          artifacts:
            paths: [.docket/, .docket-held]
            expire_in: 1 day
        send:
          stage: send
          timeout: 30 minutes
          needs: [plan]
          environment: mail
          extends: .get-docket
          script:
            - status=0
            # e.g. smtp+starttls://appointments%40clinic.example@smtp.provider.example:587
            - docket send --smtp "$DOCKET_SMTP_URL" --sent-dir .docket-sent --timeout 60 || status=$?
            # A block, so that the ": " in the message is not read as YAML.
            - |
              git config user.name "docket" && git config user.email "docket@$CI_SERVER_HOST"
              git add -A .docket
              git diff --cached --quiet || git commit -q -m "docket: record notifications [skip ci]"
            # Someone may have pushed since the pipeline began; people never edit .docket/, so the rebase cannot conflict.
            - |
              for attempt in 1 2 3 4 5; do
                if git pull -q --rebase "https://oauth2:${DOCKET_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git" "$CI_COMMIT_REF_NAME" \\
                  && git push -q "https://oauth2:${DOCKET_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git" "HEAD:$CI_COMMIT_REF_NAME"; then break; fi
                if [ "$attempt" = 5 ]; then echo "docket: the state could not be pushed; the next run would send these messages again. Push .docket/ by hand." >&2; exit 1; fi
                sleep $((attempt * 3))
              done
            - |
              if [ "$(cat .docket-held 2>/dev/null)" = 1 ]; then
                echo "docket: appointments were held back by errors (see the plan job); their e-mails wait until the files are fixed" >&2
                status=1
              fi
            - exit $status
          artifacts:
            when: always
            paths: [.docket-sent/]
            # Set to the clinic's retention rule for correspondence (docs/ci.md).
            expire_in: 90 days

        """
    }

    public static func preCommitConfig(source: DocketSource?) -> String {
        let building = source.map { """

              # docket built from its source by pre-commit itself (needs Swift 6 and libyaml-dev);
              # without Swift on this machine, install docket (docs/install.md) and delete this entry.
              - repo: \($0.url)
                rev: \($0.revision)
                hooks:
                  - id: docket-validate
                    always_run: true
            """ } ?? ""
        return """
            # docket validate before every commit (pre-commit.com). Every commit is checked, whatever
            # it touches: deleting a client that appointments still name changes no appointment file.
            repos:
              # A docket already installed (make install, or the self-contained binary); where none
              # is on PATH it says so and lets the next hook (or CI) check.
              - repo: local
                hooks:
                  - id: docket-validate-installed
                    name: docket validate (installed docket)
                    entry: sh -c 'if command -v docket >/dev/null; then exec docket validate; else echo "docket is not installed here (docs/install.md)"; fi'
                    language: system
                    pass_filenames: false
                    always_run: true\(building)

            """
    }
}
