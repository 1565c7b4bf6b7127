#!/usr/bin/env bash
# Times `docket validate --base` against plain `docket validate` on a generated repository of
# N appointments (default 100,000) in git, with 10 of them changed in the work tree, alternated
# RUNS times in one invocation; prints min/median/max, peak memory and the ratio of medians.
# Usage: bench/change-aware.sh [N] [RUNS]   (builds docket in release first)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-5}
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
find "$repo" -name '*.yaml' -exec cat {} + > /dev/null   # warm the page cache
git -C "$repo" status --short > /dev/null                  # and git's index
measure() { /usr/bin/time -f "%e %M" -o "$repo/.time" "$@" > /dev/null 2>&1 || true; tail -1 "$repo/.time"; }
p=(); b=(); pm=0; bm=0
for _ in $(seq 1 "$runs"); do
  read -r t m < <(measure "$docket" validate "$repo" --now $now); p+=("$t"); [ "$m" -gt "$pm" ] && pm=$m
  read -r t m < <(measure "$docket" validate "$repo" --now $now --base main); b+=("$t"); [ "$m" -gt "$bm" ] && bm=$m
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.2f median %.2f max %.2f s", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$n appointments, $(git -C "$repo" ls-files | wc -l) files, 10 changed; $(nproc) cores, $runs alternated runs"
echo "validate        : $(stats "${p[@]}"), peak ${pm} KB"
echo "validate --base : $(stats "${b[@]}"), peak ${bm} KB"
echo "ratio (medians) : $(echo "scale=2; $(median "${b[@]}") / $(median "${p[@]}")" | bc)"
"$docket" diff "$repo" --base main | tail -1
