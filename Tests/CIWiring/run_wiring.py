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

--race "git commit ...": a command run in a separate clone that pushes to the remote just
before the step that keeps the state (GitHub) or before the send job (GitLab), as someone
else pushing during the run would.

Prints a log of every step with its outcome, and exits 0 when the run ended as the CI
system would have reported it (its status is printed: success or failed).
"""
import argparse
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
    """github.event_name, steps.plan.outcome, vars.X, secrets.X, env.X, runner.temp, …"""
    value = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    return value


def github_substitute(text, context):
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(github_value(m.group(1), context)), text)


def github_condition(expression, context, failed):
    """GitHub's `if:`: no status function means success() && (…)."""
    if expression is None:
        return not failed
    expression = str(expression).strip()
    if expression.startswith("${{") and expression.endswith("}}"):
        expression = expression[3:-2].strip()
    has_status = re.search(r"\b(always|success|failure|cancelled)\(\)", expression)
    python = expression
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
    job = next(iter(workflow["jobs"].values()))
    work = tempfile.mkdtemp(prefix="wiring-github-")
    path_file = os.path.join(work, ".github-path")
    summary_file = os.path.join(work, ".github-summary")
    open(path_file, "w").close()
    open(summary_file, "w").close()
    context = {
        "github": {"event_name": args.event, "ref": "refs/heads/main", "ref_name": "main", "run_id": args.run_id,
                   "base_ref": "", "event": {"pull_request": {"head": {"sha": ""}}}},
        "vars": dict(v.split("=", 1) for v in args.var),
        "secrets": dict(v.split("=", 1) for v in args.secret),
        "env": {k: str(v) for k, v in (job.get("env") or {}).items()},
        "runner": {"temp": tempfile.mkdtemp(prefix="wiring-temp-"), "os": "Linux", "arch": "X64"},
        "steps": {},
    }
    failed = False
    checkout = os.path.join(work, "repo")
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
                clone(args.remote, checkout)
                provide_docket(checkout, args.docket)
            elif uses.startswith("actions/cache"):
                context["steps"].setdefault(step.get("id", f"step{number}"), {})["outputs"] = {"cache-hit": "true"}
            elif uses.startswith("actions/upload-artifact"):
                source = os.path.join(checkout, github_substitute(step["with"]["path"], context))
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(args.artifacts, github_substitute(step["with"]["name"], context)),
                                    dirs_exist_ok=True)
            elif "run" in step:
                environment = dict(os.environ)
                environment.update(context["env"])
                environment.update({k: github_substitute(str(v), context) for k, v in (step.get("env") or {}).items()})
                extra = [line for line in open(path_file).read().splitlines() if line]
                environment["PATH"] = ":".join(list(reversed(extra)) + [environment["PATH"]])
                environment.update({"GITHUB_PATH": path_file, "GITHUB_STEP_SUMMARY": summary_file, "GITHUB_REF_NAME": "main",
                                    "GITHUB_EVENT_NAME": args.event, "RUNNER_TEMP": context["runner"]["temp"], "CI": "true"})
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
            context["steps"].setdefault(step["id"], {})["outcome"] = outcome
        log(f"  step {number} [{outcome}] {name}")
    status = "failed" if failed else "success"
    log(f"job {status}")
    summary = open(summary_file).read()
    if summary:
        log("  job summary:\n" + "\n".join("    " + line for line in summary.splitlines()))
    shutil.rmtree(work, ignore_errors=True)
    return status


# --- GitLab CI -----------------------------------------------------------------------------

def gitlab_rule_matches(rule, variables):
    condition = rule.get("if")
    if condition is None:
        return True
    python = re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: repr(variables.get(m.group(1), "")), condition)
    python = python.replace("&&", " and ").replace("||", " or ")
    return bool(eval(python, {"__builtins__": {}}, {}))


def run_gitlab(args):
    pipeline = yaml.safe_load(open(args.workflow))
    sha = subprocess.run(["git", "--git-dir", args.remote, "rev-parse", "main"], check=True, capture_output=True, text=True).stdout.strip()
    variables = {"CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_SOURCE": args.event,
                 "CI_SERVER_HOST": "gitlab.example", "CI_PROJECT_PATH": "clinic/docket", "CI_COMMIT_SHA": sha, "CI": "true"}
    variables.update({k: str(v) for k, v in (pipeline.get("variables") or {}).items()})
    variables.update(dict(v.split("=", 1) for v in args.var))
    secrets = dict(v.split("=", 1) for v in args.secret)
    artifacts = {}
    failed = False
    stages = pipeline.get("stages", ["build", "test", "deploy"])
    jobs = [(name, job) for name, job in pipeline.items() if isinstance(job, dict) and "script" in job]
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
            # Variables may name others ($DOCKET_PUSH_TOKEN in DOCKET_PUSH_URL), as GitLab expands them.
            for key in list(variables):
                environment[key] = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: environment.get(m.group(1), ""), str(environment[key]))
            if args.push_url:
                environment["DOCKET_PUSH_URL"] = args.push_url
            lines = list(pipeline.get("before_script", [])) + list(job["script"])
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
                    if os.path.exists(source):
                        shutil.copytree(source, os.path.join(kept, path), dirs_exist_ok=True)
                        if args.artifacts and path.startswith(".docket-sent"):
                            shutil.copytree(source, os.path.join(args.artifacts, f"{name}-{args.run_id}"), dirs_exist_ok=True)
                artifacts[name] = kept
            log(f"  job {name} [{outcome}]")
            if outcome != "success":
                failed = True
    status = "failed" if failed else "success"
    log(f"pipeline {status}")
    return status


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
    args = parser.parse_args()
    status = run_github(args) if args.system == "github" else run_gitlab(args)
    print(f"STATUS {status}")


if __name__ == "__main__":
    main()
