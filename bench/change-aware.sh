#!/usr/bin/env bash
# Times `docket validate --base` against plain `docket validate` on a generated repository of
# N appointments (default 10,000) in git, with 10 of them changed in the work tree.
# Usage: bench/change-aware.sh [N]   (builds docket in release first)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
swift build -c release --product docket >/dev/null
docket=$PWD/.build/release/docket
repo=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap "rm -rf $repo" EXIT
python3 - "$repo" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
def w(p, t):
    p = os.path.join(root, p); os.makedirs(os.path.dirname(p), exist_ok=True); open(p, "w").write(t)
w("docket.yaml", "apiVersion: docket/v1\nkind: Organization\nid: maple\nname: Maple\ntimezone: America/Toronto\nemail:\n  from: Maple <a@maple.example>\n  domain: maple.example\n")
for c in range(50):
    w(f"clinicians/dr-{c}.yaml", f"apiVersion: docket/v1\nkind: Clinician\nid: dr-{c}\nname: Dr {c}\nemail: dr{c}@maple.example\ntimezone: America/Toronto\n")
for c in range(2000):
    w(f"clients/c-{c}.yaml", f"apiVersion: docket/v1\nkind: Client\nid: c-{c}\nname: Client {c}\nemail: c{c}@example.com\n")
for a in range(n):
    day, hour = divmod(a // 50, 10)
    y, d = 2027 + day // 300, day % 300
    month, mday = 1 + d // 25, 1 + d % 25
    w(f"appointments/{y}/{month:02d}/a-{a}.yaml", f"apiVersion: docket/v1\nkind: Appointment\nid: a-{a}\nclinician: dr-{a % 50}\nclient: c-{(a * 7) % 2000}\nstart: {y}-{month:02d}-{mday:02d}T{8 + hour:02d}:00\nduration: 50m\n")
PY
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@maple.example commit -qm base
for a in $(seq 0 9); do f=$(ls "$repo"/appointments/*/*/a-$a.yaml); sed -i 's/duration: 50m/duration: 45m/' "$f"; done
now=2026-12-01T00:00:00Z
t() { local s=$(date +%s.%N); "$@" >/dev/null; local e=$(date +%s.%N); echo "$e - $s" | bc; }
for run in 1 2 3; do
  plain=$(t "$docket" validate "$repo" --now $now)
  based=$(t "$docket" validate "$repo" --now $now --base main --author b@maple.example || true)
  echo "run $run: validate ${plain}s, validate --base ${based}s"
done
"$docket" diff "$repo" --base main | tail -1
