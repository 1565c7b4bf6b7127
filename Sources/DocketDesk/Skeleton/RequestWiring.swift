/// The GitHub workflow that turns an issue opened from a request form into a pull request
/// (or a reply saying why not), as `docket init` writes it.
///
/// Two jobs: `request` runs docket in the same container as the main wiring, commits what
/// `docket request` wrote to a branch (signed with the automation key when the clinic has
/// one) and pushes it; `answer` runs on the plain runner, where the GitHub CLI is, and opens
/// the pull request or comments the refusal. The issue's text reaches docket through an
/// environment variable written to a file: never inside a `run:` line, where `${{ }}` would
/// paste it into the shell.
public enum RequestWiring {
    public static let githubWorkflowPath = ".github/workflows/docket-request.yml"

    /// The label a refused request gets (created on first use).
    public static let refusedLabel = "docket-refused"

    public static func githubWorkflow(source: DocketSource?) -> String {
        let labels = "github.event.issue.labels.*.name"
        return """
            # docket: requests from the issue forms (.github/ISSUE_TEMPLATE, written by docket forms).
            #
            # An issue opened from a form, or edited by its author, becomes a pull request that books,
            # cancels or moves the appointment, and closes the issue when merged; or the issue gets a
            # reply saying what to correct (and the label \(refusedLabel)). docket judges the request as
            # its author's: coordinators may request anything, clinicians changes to their own
            # appointments (their people files list their GitHub logins, github: <login>).
            #
            # The issue's text is untrusted: it reaches docket as a file written from an environment
            # variable, never inside a command of this workflow.
            name: docket request
            on:
              issues:
                types: [opened, edited]
            # Runs for one issue one at a time; a newer edit replaces a run still waiting.
            concurrency: docket-request-${{ github.event.issue.number }}
            permissions:
              contents: write
              pull-requests: write
              issues: write
            jobs:
              request:
                # Only open request issues (a closed one was done or given up: an edit must not book it
                # again), and an edit only by the issue's author: a request is judged as its author's,
                # so nobody else's edit may speak for them.
                if: contains(\(labels), '\(RequestForms.requestLabel)') && github.event.issue.state == 'open' && (github.event.action == 'opened' || github.event.sender.login == github.event.issue.user.login)
                runs-on: ubuntu-latest
                container: swift:6.3
                timeout-minutes: 30
                outputs:
                  applied: ${{ steps.request.outputs.applied }}
                  branch: ${{ steps.push.outputs.branch }}
                env:
            \(CIWiring.githubSourceLines(source))
                steps:
            \(CIWiring.githubGetDocketSteps)
                  - name: Apply the request
                    id: request
                    timeout-minutes: 10
                    env:
                      BODY: ${{ github.event.issue.body }}
                      REQUESTER: ${{ github.event.issue.user.login }}
                      # The form's label says what is asked for; without one, docket reads it from the fields.
                      ACTION: ${{ contains(\(labels), '\(RequestAction.cancel.label)') && 'cancel' || contains(\(labels), '\(RequestAction.reschedule.label)') && 'reschedule' || contains(\(labels), '\(RequestAction.book.label)') && 'book' || '' }}
                    run: |
                      printf '%s' "$BODY" > "$RUNNER_TEMP/request.md"
                      mkdir -p "$RUNNER_TEMP/answer"
                      status=0
                      docket request --body "$RUNNER_TEMP/request.md" --requester "$REQUESTER" --forge github ${ACTION:+--action "$ACTION"} \\
                        --reply-file "$RUNNER_TEMP/answer/reply.md" --message-file "$RUNNER_TEMP/message.txt" \\
                        --format json > "$RUNNER_TEMP/answer/outcome.json" || status=$?
                      if [ "$status" -ge 2 ]; then exit "$status"; fi
                      if [ "$status" -eq 0 ]; then echo "applied=true" >> "$GITHUB_OUTPUT"; else echo "applied=false" >> "$GITHUB_OUTPUT"; fi
                  - name: Commit the change to a branch
                    id: push
                    if: steps.request.outputs.applied == 'true'
                    timeout-minutes: 5
                    env:
                      ISSUE: ${{ github.event.issue.number }}
                      # Only if the clinic verifies signatures: the private half of a key that docket.yaml
                      # lists under automation.signingKeys (docs/signing.md).
                      DOCKET_AUTOMATION_SIGNING_KEY: ${{ secrets.DOCKET_AUTOMATION_SIGNING_KEY }}
                    run: |
                      branch="docket/request-$ISSUE"
                      git config user.name "docket requests"
                      git config user.email "docket-requests@users.noreply.github.com"
                      if [ -n "$DOCKET_AUTOMATION_SIGNING_KEY" ]; then
                        command -v ssh-keygen >/dev/null || { apt-get update && apt-get install -y openssh-client; }
                        key="$RUNNER_TEMP/automation-signing-key"
                        (umask 077 && printf '%s\\n' "$DOCKET_AUTOMATION_SIGNING_KEY" > "$key")
                        git config gpg.format ssh
                        git config user.signingkey "$key"
                        git config commit.gpgsign true
                      fi
                      git checkout -q -B "$branch"
                      git add -A
                      # The docket binary and its source are the run's tools, never the clinic's files.
                      git reset -q -- .docket-bin .docket-src 2>/dev/null || true
                      # The message ends with the Docket-Requested-By trailer: the signature check judges
                      # the commit as that person's change.
                      git commit -q -F "$RUNNER_TEMP/message.txt"
                      # An edited issue replaces the branch of its earlier attempt.
                      git push -q --force origin "HEAD:refs/heads/$branch"
                      echo "branch=$branch" >> "$GITHUB_OUTPUT"
                  - name: Keep the answer for the next job
                    if: steps.request.outcome == 'success'
                    uses: actions/upload-artifact@v6
                    with:
                      name: docket-answer-${{ github.run_id }}
                      path: ${{ runner.temp }}/answer
                      retention-days: 1
              answer:
                needs: request
                runs-on: ubuntu-latest
                timeout-minutes: 10
                env:
                  # Pull requests opened with the workflow's own token start no workflow, so the pull
                  # request's check runs only with a token of a GitHub App or a person
                  # (DOCKET_REQUEST_TOKEN: contents, pull requests and issues, read and write).
                  GH_TOKEN: ${{ secrets.DOCKET_REQUEST_TOKEN || github.token }}
                  GH_REPO: ${{ github.repository }}
                  ISSUE: ${{ github.event.issue.number }}
                steps:
                  - uses: actions/download-artifact@v7
                    with:
                      name: docket-answer-${{ github.run_id }}
                      path: answer
                  - name: Open the pull request
                    if: needs.request.outputs.applied == 'true'
                    env:
                      BRANCH: ${{ needs.request.outputs.branch }}
                      BASE: ${{ github.event.repository.default_branch }}
                    run: |
                      { cat answer/reply.md; printf '\\nCloses #%s\\n' "$ISSUE"; } > pull-request.md
                      if [ -n "$(gh pr list --head "$BRANCH" --state open --json number --jq '.[].number')" ]; then
                        gh pr edit "$BRANCH" --body-file pull-request.md
                      else
                        gh pr create --head "$BRANCH" --base "$BASE" --title "docket request #$ISSUE" --body-file pull-request.md
                      fi
                      gh issue comment "$ISSUE" --body-file answer/reply.md
                      gh issue edit "$ISSUE" --remove-label \(refusedLabel) >/dev/null 2>&1 || true
                  - name: Say why not
                    if: needs.request.outputs.applied == 'false'
                    run: |
                      gh issue comment "$ISSUE" --body-file answer/reply.md
                      gh label create \(refusedLabel) --color d93f0b --description "docket could not apply this request" >/dev/null 2>&1 || true
                      gh issue edit "$ISSUE" --add-label \(refusedLabel)

            """
    }
}
