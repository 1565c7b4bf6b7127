#!/usr/bin/env bash
# Two docket binaries on the same repository, alternated in one invocation (this machine is
# noisy: only ratios from one invocation compare): min/median/max of each and the ratio of
# medians. For "did this change make validate slower?".
# usage: bench/compare.sh BASELINE_BINARY CANDIDATE_BINARY [N appointments] [runs]
#   e.g. git worktree add /tmp/base main~3 && (cd /tmp/base && swift build -c release)
#        swift build -c release && bench/compare.sh /tmp/base/.build/release/docket .build/release/docket 100000 7
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=$1 candidate=$2 n=${3:-100000} runs=${4:-7}
work=${BENCH_DIR:-/tmp/docket-bench}
repo="$work/repo-$n"
if [ ! -f "$repo/docket.yaml" ]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 bench/generate.py "$repo" "$n"
fi
find "$repo" -name '*.yaml' -exec cat {} + > /dev/null   # warm the page cache
now=2019-01-01T00:00:00Z
measure() { /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2>&1 || true; tail -1 "$work/time.txt"; }
b=(); c=(); bm=0; cm=0
for _ in $(seq 1 "$runs"); do
  read -r t m < <(measure "$baseline" validate "$repo" --now "$now"); b+=("$t"); [ "$m" -gt "$bm" ] && bm=$m
  read -r t m < <(measure "$candidate" validate "$repo" --now "$now"); c+=("$t"); [ "$m" -gt "$cm" ] && cm=$m
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.3f median %.3f max %.3f", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$n appointments, $(nproc) cores, $runs alternated runs"
echo "baseline  $(stats "${b[@]}") s, peak ${bm} KB"
echo "candidate $(stats "${c[@]}") s, peak ${cm} KB"
echo "ratio of medians (candidate / baseline): $(echo "scale=3; $(median "${c[@]}") / $(median "${b[@]}")" | bc)"
