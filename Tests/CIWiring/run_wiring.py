#!/usr/bin/env python3
"""Runs the CI wiring `docket init` writes, as GitHub Actions or GitLab CI would, locally.

Not docket's behaviour alone but the wiring's: the steps (or script lines) are read from the
workflow file and run in order in a fresh clone of a local bare remote, with the CI system's
rules for what runs after a failure:

- GitHub: a step's `if:` without a status function means `success() && …`; `always()`
  runs after a failure too; `steps.ID.outcome` is success, failure or skipped. `uses:`
  steps are played by hand: checkout clones the remote, cache reports a hit (the docket
  under test is already in .docket-bin), upload-artifact copies the path to --artifacts.
- GitLab: jobs run stage by stage, each in a fresh clone at the pipeline's commit, their
  `rules` evaluated; `before_script` and `script` run in one shell where a failing line
  ends the job (set -e); artifacts of a job are restored into the jobs that need it.

Concurrency: GitHub's `concurrency` group and GitLab's `resource_group` are file locks (in the
bare remote's folder), so two simulations started at once run as the CI systems would: the
second waits, and its checkout is still the commit its event saw (GitHub checks out the
event's commit; a GitLab pipeline's jobs clone the pipeline's commit).

GitLab: `extends` merges a hidden job into a job; a `trigger: include:` job runs the child
pipeline it names inline, holding the job's resource group for all of it.

--race "git commit ...": a command run in a separate clone that pushes to the remote just
before the step that keeps the state (GitHub) or before the send job (GitLab), as someone
else pushing during the run would.

Prints a log of every step with its outcome, and exits 0 when the run ended as the CI
system would have reported it (its status is printed: success or failed).
"""
import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


def log(text):
    print(text, flush=True)


def clone(remote, folder, sha=None):
    subprocess.run(["git", "clone", "-q", remote, folder], check=True)
    if sha:
        subprocess.run(["git", "-C", folder, "checkout", "-q", "--detach", sha], check=True)
    subprocess.run(["git", "-C", folder, "config", "user.name", "ci"], check=True)
    subprocess.run(["git", "-C", folder, "config", "user.email", "ci@example.invalid"], check=True)


@contextlib.contextmanager
def group_lock(remote, name):
    """A concurrency group / resource group: one holder at a time, the others wait."""
    if not name:
        yield
        return
    path = os.path.join(remote, "wiring-lock-" + re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        log(f"  (holding {name})")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remote_head(remote):
    return subprocess.run(["git", "--git-dir", remote, "rev-parse", "main"], check=True, capture_output=True, text=True).stdout.strip()


def provide_docket(work, docket):
    os.makedirs(os.path.join(work, ".docket-bin"), exist_ok=True)
    target = os.path.join(work, ".docket-bin", "docket")
    if not os.path.exists(target):
        os.symlink(docket, target)


def race(remote, command):
    if not command:
        return
    with tempfile.TemporaryDirectory() as other:
        clone(remote, other)
        subprocess.run(["bash", "-ec", command], cwd=other, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["git", "push", "-q", "origin", "HEAD:main"], cwd=other, check=True)
    log("  (someone else pushed to main)")


# --- GitHub Actions -----------------------------------------------------------------------

def github_value(path, context):
    """github.event_name, steps.plan.outcome, vars.X, secrets.X, env.X, runner.temp, …;
    `a.*.b` maps over a list (github.event.issue.labels.*.name)."""
    values = [context]
    for part in path.split("."):
        if part == "*":
            values = [item for value in values if isinstance(value, list) for item in value]
            continue
        values = [value[part] for value in values if isinstance(value, dict) and part in value]
    if "*" in path.split("."):
        return values
    return values[0] if values else ""


def github_contains(expression, context):
    """contains(path, 'text'): an item of a list, or a substring of a string."""
    def replace(match):
        haystack = github_value(match.group(1), context)
        needle = match.group(2)
        if isinstance(haystack, list):
            return repr(needle in [str(item) for item in haystack])
        return repr(needle.lower() in str(haystack).lower())
    return re.sub(r"contains\(\s*([A-Za-z0-9_.*-]+)\s*,\s*'([^']*)'\s*\)", replace, expression)


def github_evaluate(expression, context):
    """An expression's value, as GitHub computes it: && and || give an operand."""
    expression = github_contains(expression.strip(), context)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_*][A-Za-z0-9_-]*)*", expression):
        return github_value(expression, context)
    python = re.sub(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+",
                    lambda m: repr(github_value(m.group(0), context)), expression)
    python = python.replace("&&", " and ").replace("||", " or ").replace("!=", "≠").replace("!", " not ").replace("≠", "!=")
    return eval(python, {"__builtins__": {}}, {"True": True, "False": False})


def github_substitute(text, context):
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(github_evaluate(m.group(1), context)), text)


def github_condition(expression, context, failed):
    """GitHub's `if:`: no status function means success() && (…)."""
    if expression is None:
        return not failed
    expression = str(expression).strip()
    if expression.startswith("${{") and expression.endswith("}}"):
        expression = expression[3:-2].strip()
    has_status = re.search(r"\b(always|success|failure|cancelled)\(\)", expression)
    python = github_contains(expression, context)
    python = re.sub(r"\balways\(\)", "True", python)
    python = re.sub(r"\bsuccess\(\)", repr(not failed), python)
    python = re.sub(r"\bfailure\(\)", repr(failed), python)
    python = re.sub(r"\bcancelled\(\)", "False", python)
    python = re.sub(r"[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+",
                    lambda m: repr(str(github_value(m.group(0), context))), python)
    python = python.replace("&&", " and ").replace("||", " or ").replace("!=", "≠").replace("!", " not ").replace("≠", "!=")
    result = bool(eval(python, {"__builtins__": {}}, {"True": True, "False": False}))
    return result if has_status else (result and not failed)


def run_github(args):
    workflow = yaml.safe_load(open(args.workflow))
    # The event's commit: what actions/checkout checks out, however long the run waited.
    event_sha = remote_head(args.remote)
    concurrency = workflow.get("concurrency")
    if isinstance(concurrency, dict):
        concurrency = concurrency.get("group")
    with group_lock(args.remote, github_substitute(str(concurrency), {"github": {"ref": "refs/heads/main"}}) if concurrency else None):
        return run_github_job(args, workflow, event_sha)


def run_github_job(args, workflow, event_sha):
    """Every job, in the order of the file, each after the jobs it needs: a job runs when its
    `if:` holds and the jobs it needs succeeded (or were skipped, with always())."""
    event = json.load(open(args.event_file)) if args.event_file else {"pull_request": {"head": {"sha": ""}}}
    needs_context = {}
    status = "success"
    for name, job in workflow["jobs"].items():
        needed = job.get("needs") or []
        needed = [needed] if isinstance(needed, str) else needed
        context = {"github": github_context(args, event), "needs": {n: needs_context.get(n, {}) for n in needed}}
        upstream_ok = all(needs_context.get(n, {}).get("result") == "success" for n in needed)
        if not upstream_ok or not github_condition(job.get("if"), context, False):
            log(f"job {name} [skipped]")
            needs_context[name] = {"result": "skipped", "outputs": {}}
            continue
        log(f"job {name}")
        result, outputs = run_github_steps(args, job, event_sha, event, needs_context, needed)
        needs_context[name] = {"result": result, "outputs": outputs}
        if result != "success":
            status = "failed"
    log(f"workflow {status}")
    return status


def github_context(args, event):
    return {"event_name": args.event, "ref": "refs/heads/main", "ref_name": "main", "run_id": args.run_id,
            "base_ref": "", "event": event, "repository": "clinic/docket", "token": "workflow-token",
            "action": event.get("action", "")}


def run_github_steps(args, job, event_sha, event, needs_context, needed):
    work = tempfile.mkdtemp(prefix="wiring-github-")
    path_file = os.path.join(work, ".github-path")
    summary_file = os.path.join(work, ".github-summary")
    open(path_file, "w").close()
    open(summary_file, "w").close()
    context = {
        "github": github_context(args, event),
        "needs": {n: needs_context.get(n, {}) for n in needed},
        "vars": dict(v.split("=", 1) for v in args.var),
        "secrets": dict(v.split("=", 1) for v in args.secret),
        "env": {},
        "runner": {"temp": tempfile.mkdtemp(prefix="wiring-temp-"), "os": "Linux", "arch": "X64"},
        "steps": {},
    }
    context["env"] = {k: github_substitute(str(v), context) for k, v in (job.get("env") or {}).items()}
    failed = False
    checkout = os.path.join(work, "repo")
    os.makedirs(checkout)
    for number, step in enumerate(job["steps"], 1):
        name = step.get("name") or step.get("uses") or (step.get("run", "").splitlines() or [""])[0]
        if args.race and args.race_before and args.race_before in name:
            race(args.remote, args.race)
        if not github_condition(step.get("if"), context, failed):
            outcome = "skipped"
        else:
            outcome = "success"
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout"):
                os.rmdir(checkout)
                clone(args.remote, checkout)
                subprocess.run(["git", "-C", checkout, "checkout", "-q", "-B", "main", event_sha], check=True)
                provide_docket(checkout, args.docket)
            elif uses.startswith("actions/cache"):
                context["steps"].setdefault(step.get("id", f"step{number}"), {})["outputs"] = {"cache-hit": "true"}
            elif uses.startswith("actions/upload-artifact"):
                source = os.path.join(checkout, github_substitute(step["with"]["path"], context))
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(args.artifacts, github_substitute(step["with"]["name"], context)),
                                    dirs_exist_ok=True)
            elif uses.startswith("actions/download-artifact"):
                source = os.path.join(args.artifacts, github_substitute(step["with"]["name"], context))
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(checkout, github_substitute(step["with"]["path"], context)), dirs_exist_ok=True)
                else:
                    outcome = "failure"
                    failed = True
            elif "run" in step:
                environment = dict(os.environ)
                if args.fake_gh:
                    environment["PATH"] = fake_gh_folder(args.fake_gh) + ":" + environment["PATH"]
                environment.update(context["env"])
                environment.update({k: github_substitute(str(v), context) for k, v in (step.get("env") or {}).items()})
                extra = [line for line in open(path_file).read().splitlines() if line]
                environment["PATH"] = ":".join(list(reversed(extra)) + [environment["PATH"]])
                output_file = os.path.join(work, f".github-output-{number}")
                open(output_file, "w").close()
                environment.update({"GITHUB_PATH": path_file, "GITHUB_STEP_SUMMARY": summary_file, "GITHUB_REF_NAME": "main",
                                    "GITHUB_EVENT_NAME": args.event, "GITHUB_BASE_REF": "", "GITHUB_OUTPUT": output_file,
                                    "RUNNER_TEMP": context["runner"]["temp"], "CI": "true"})
                script = github_substitute(step["run"], context)
                # GitHub runs `bash -e {0}`: the first failing command fails the step.
                completed = subprocess.run(["bash", "-e", "-c", script], cwd=checkout, env=environment,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for line in completed.stdout.splitlines():
                    log("    | " + line)
                if completed.returncode != 0:
                    outcome = "failure"
                    failed = True
                if "id" in step:
                    outputs = dict(line.split("=", 1) for line in open(output_file).read().splitlines() if "=" in line)
                    context["steps"].setdefault(step["id"], {})["outputs"] = outputs
        if "id" in step:
            context["steps"].setdefault(step["id"], {})["outcome"] = outcome
        log(f"  step {number} [{outcome}] {name}")
    status = "failed" if failed else "success"
    log(f"job {status}")
    summary = open(summary_file).read()
    if summary:
        log("  job summary:\n" + "\n".join("    " + line for line in summary.splitlines()))
    outputs = {key: github_substitute(str(value), context) for key, value in (job.get("outputs") or {}).items()}
    shutil.rmtree(work, ignore_errors=True)
    return status, outputs


FAKE_GH = r'''#!/usr/bin/env python3
"""The GitHub CLI as the request workflow uses it, recorded instead of sent: each call is a
JSON line in the log (with the files its --body-file options name, read)."""
import json, sys
arguments = sys.argv[1:]
record = {"args": arguments}
for index, argument in enumerate(arguments[:-1]):
    if argument == "--body-file":
        record["body"] = open(arguments[index + 1]).read()
with open(LOG, "a") as log:
    log.write(json.dumps(record) + "\n")
if arguments[:2] == ["pr", "create"]:
    print("https://github.com/clinic/docket/pull/1")
'''


def fake_gh_folder(log_path):
    folder = os.path.join(os.path.dirname(os.path.abspath(log_path)), "fake-gh-bin")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "gh")
    with open(path, "w") as handle:
        handle.write(FAKE_GH.replace("LOG", repr(os.path.abspath(log_path))))
    os.chmod(path, 0o755)
    return folder


# --- GitLab CI -----------------------------------------------------------------------------

def gitlab_rule_matches(rule, variables):
    condition = rule.get("if")
    if condition is None:
        return True
    python = re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: repr(variables.get(m.group(1), "")), condition)
    python = python.replace("&&", " and ").replace("||", " or ")
    return bool(eval(python, {"__builtins__": {}}, {}))


def gitlab_jobs(pipeline):
    """The runnable jobs, `extends` merged in (hidden jobs, starting with '.', only lend)."""
    def resolved(job):
        parent = job.get("extends")
        if not parent:
            return dict(job)
        merged = {}
        for name in [parent] if isinstance(parent, str) else parent:
            merged.update(resolved(pipeline[name]))
        merged.update({k: v for k, v in job.items() if k != "extends"})
        return merged
    return [(name, resolved(job)) for name, job in pipeline.items()
            if isinstance(job, dict) and not name.startswith(".") and ("script" in job or "trigger" in job or "extends" in job)]


def run_gitlab(args):
    sha = remote_head(args.remote)
    variables = {"CI_COMMIT_BRANCH": "main", "CI_COMMIT_REF_NAME": "main", "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_SOURCE": args.event,
                 "CI_SERVER_HOST": "gitlab.example", "CI_PROJECT_PATH": "clinic/docket", "CI_COMMIT_SHA": sha, "CI": "true"}
    variables.update(dict(v.split("=", 1) for v in args.var))
    return "success" if run_gitlab_pipeline(args, args.workflow, sha, variables, "pipeline") else "failed"


def run_gitlab_pipeline(args, path, sha, inherited, label):
    pipeline = yaml.safe_load(open(path))
    variables = dict(inherited)
    variables.update({k: str(v) for k, v in (pipeline.get("variables") or {}).items()})
    secrets = dict(v.split("=", 1) for v in args.secret)
    artifacts = {}
    failed = False
    stages = pipeline.get("stages", ["build", "test", "deploy"])
    jobs = gitlab_jobs(pipeline)
    for stage in stages:
        for name, job in jobs:
            if job.get("stage", "test") != stage:
                continue
            if "rules" in job and not any(gitlab_rule_matches(rule, variables) for rule in job["rules"]):
                log(f"  job {name} [not in this pipeline]")
                continue
            if failed:
                log(f"  job {name} [skipped: an earlier stage failed]")
                continue
            if args.race and args.race_before == name:
                race(args.remote, args.race)
            with group_lock(args.remote, job.get("resource_group")):
                if "trigger" in job:
                    include = job["trigger"]["include"]
                    include = include if isinstance(include, str) else include[0].get("local", include[0])
                    child_root = tempfile.mkdtemp(prefix=f"wiring-gitlab-{name}-")
                    clone(args.remote, child_root, sha)
                    log(f"  job {name} runs the child pipeline {include}")
                    ok = run_gitlab_pipeline(args, os.path.join(child_root, include), sha, variables, f"child pipeline of {name}")
                    outcome = "success" if ok else "failed"
                else:
                    outcome = run_gitlab_job(args, name, job, pipeline, sha, variables, secrets, artifacts)
            log(f"  job {name} [{outcome}]")
            if outcome != "success":
                failed = True
    status = "failed" if failed else "success"
    log(f"{label} {status}")
    return not failed


def run_gitlab_job(args, name, job, pipeline, sha, variables, secrets, artifacts):
    work = tempfile.mkdtemp(prefix=f"wiring-gitlab-{name}-")
    clone(args.remote, work, sha)
    provide_docket(work, args.docket)
    for needed in job.get("needs", []):
        if needed in artifacts:
            shutil.copytree(artifacts[needed], work, dirs_exist_ok=True)
    environment = dict(os.environ)
    environment.update(variables)
    environment["CI_PROJECT_DIR"] = work
    # Environment-scoped variables reach only the jobs of that environment.
    if job.get("environment"):
        environment.update(secrets)
    # Variables may name others, as GitLab expands them.
    for key in list(variables):
        environment[key] = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: environment.get(m.group(1), ""), str(environment[key]))
    if args.push_url:
        # The push URL the wiring builds from the token and the server's host leads to the bare remote.
        token = environment.get("DOCKET_PUSH_TOKEN", "")
        environment.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{args.push_url}.insteadOf",
                            "GIT_CONFIG_VALUE_0": f"https://oauth2:{token}@gitlab.example/clinic/docket.git"})
    lines = list(job.get("before_script", pipeline.get("before_script", []))) + list(job["script"])
    script = "set -e\n" + "\n".join(lines)
    completed = subprocess.run(["bash", "-c", script], cwd=work, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in completed.stdout.splitlines():
        log("    | " + line)
    outcome = "success" if completed.returncode == 0 else "failed"
    spec = job.get("artifacts") or {}
    if spec and (outcome == "success" or spec.get("when") in ("always", "on_failure")):
        kept = tempfile.mkdtemp(prefix=f"wiring-artifacts-{name}-")
        for path in spec.get("paths", []):
            source = os.path.join(work, path)
            target = os.path.join(kept, path)
            if os.path.isdir(source):
                shutil.copytree(source, target, dirs_exist_ok=True)
                if args.artifacts and path.startswith(".docket-sent"):
                    shutil.copytree(source, os.path.join(args.artifacts, f"{name}-{args.run_id}"), dirs_exist_ok=True)
            elif os.path.exists(source):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(source, target)
        artifacts[name] = kept
    return outcome


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--system", choices=["github", "gitlab"], required=True)
    parser.add_argument("--workflow", required=True)
    parser.add_argument("--remote", required=True, help="the bare repository CI checks out and pushes to")
    parser.add_argument("--docket", required=True, help="the docket binary under test")
    parser.add_argument("--event", default="schedule")
    parser.add_argument("--run-id", default="1")
    parser.add_argument("--var", action="append", default=[])
    parser.add_argument("--secret", action="append", default=[])
    parser.add_argument("--artifacts", default=tempfile.mkdtemp(prefix="wiring-artifacts-"))
    parser.add_argument("--race", help="a shell command someone else commits and pushes during the run")
    parser.add_argument("--race-before", help="GitHub: a step name part; GitLab: a job name")
    parser.add_argument("--push-url", help="GitLab: where the send job pushes (the bare remote here)")
    parser.add_argument("--event-file", help="GitHub: the event's payload (JSON), as github.event")
    parser.add_argument("--fake-gh", help="GitHub: a log file; `gh` calls are recorded there instead of sent")
    args = parser.parse_args()
    status = run_github(args) if args.system == "github" else run_gitlab(args)
    print(f"STATUS {status}")


if __name__ == "__main__":
    main()
