#!/usr/bin/env bash
# A signed pull-request flow, end to end, on a copy of samples/ in a scratch git repository:
# fresh SSH keys for a coordinator and two clinicians, a clinician's signed change, the checks
# CI runs on it, and what they say when a commit is not theirs to make or not signed.
#
#   swift build && examples/signed-flow.sh          # or DOCKET=/path/to/docket examples/signed-flow.sh
#
# Needs git 2.34+ and ssh-keygen (OpenSSH 8.2+). Exits non-zero if any check answers otherwise
# than shown in docs/signing.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
docket=${DOCKET:-$here/.build/debug/docket}
PATH=$(cd "$(dirname "$docket")" && pwd):$PATH
now=2026-11-29T12:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keys=$work/keys
mkdir "$keys"
cp -R "$here/samples" "$work/clinic"
cd "$work/clinic"
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

git init -q -b main
git config user.name "Sam Ortiz"
git config user.email sam.ortiz@maplegrove.example

# Each person's key pair; the public line goes into their people file.
for who in sam-ortiz dr-ada-lee dr-kenji-sato; do
  ssh-keygen -q -t ed25519 -N "" -C "$who@laptop" -f "$keys/$who"
  file=clinicians/$who.yaml
  [ -f "$file" ] || file=coordinators/$who.yaml
  sed -i "s|^  - ssh-ed25519 .*|  - $(cat "$keys/$who.pub")|" "$file"
done

# sign WHO ARGS…: a commit signed with WHO's key (as `commit.gpgsign true` would).
sign() {
  local who=$1
  shift
  git -c gpg.format=ssh -c user.signingkey="$keys/$who" commit -q -S "$@"
}
# expect STATUS COMMAND…: runs a command as a reader would type it, shows its answer, and
# stops the script if the exit status is not STATUS.
expect() {
  local want=$1
  shift
  printf '\n$ %s\n' "$*"
  local status=0
  "$@" || status=$?
  echo "(exit status $status)"
  [ "$status" = "$want" ] || { echo "expected exit status $want" >&2; exit 1; }
}

git add -A
sign sam-ortiz -m "Maple Grove's appointments, with our signing keys"
echo "main is $(git log -1 --format='%h "%s"'), signed by the coordinator"

# 1. Dr. Lee retitles her own appointment on a branch, signed with her key.
git switch -q -c ada/retitle
sed -i 's/^title: Follow-up$/title: Follow-up (medication review)/' appointments/2026/11/a-2026-11-30-jane.yaml
git add -A
sign dr-ada-lee -m "Retitle Jane's follow-up" --author "Dr. Ada Lee <ada.lee@maplegrove.example>"
expect 0 docket validate --base main --verify-signatures --now "$now"
expect 0 docket diff --base main

# 2. She also edits Dr. Sato's appointment: signed, but not hers to change.
echo "title: Results review" >> appointments/2026/12/a-2026-12-04-li.yaml
git add -A
sign dr-ada-lee -m "Retitle Li's visit"
expect 1 docket validate --base main --verify-signatures --now "$now"

# 3. The same edit, unsigned, claiming the coordinator's address: the address proves nothing.
git reset -q --hard HEAD~1
echo "title: Results review" >> appointments/2026/12/a-2026-12-04-li.yaml
git add -A
git commit -q -m "Retitle Li's visit" --author "Sam Ortiz <sam.ortiz@maplegrove.example>"
expect 1 docket validate --base main --verify-signatures --now "$now"

# 4. Sam, the coordinator, takes the branch over and signs every commit again.
git -c gpg.format=ssh -c user.signingkey="$keys/sam-ortiz" rebase -q --exec "git -c gpg.format=ssh -c user.signingkey=$keys/sam-ortiz commit -q --amend --no-edit -S" main 2>/dev/null
expect 0 docket validate --base main --verify-signatures --now "$now"
expect 0 docket diff --base main

# 5. Merged with a merge commit of no changes of its own: nothing more to sign.
git switch -q main
git merge -q --no-ff --no-edit ada/retitle
expect 0 docket validate --base main~1 --verify-signatures --now "$now"
