#!/usr/bin/env bash
# docket reconcile against a plain docket validate of the same repository, alternated in one
# invocation (this machine is noisy: only ratios from one invocation compare):
#   validate                       the yardstick
#   reconcile, empty state         every message rendered and made durable (about 3 per appointment)
#   reconcile, nothing to do       the second run: validate, read the state, list the outbox
#   the floor                      bench/outbox-floor.c: as many files created, flushed, renamed
# and, with OTHER (another docket binary, e.g. an older build), its empty-state reconcile too.
# usage: bench/reconcile.sh [N appointments] [runs] [OTHER]
#   e.g. bench/reconcile.sh 10000 5
#        git worktree add /tmp/old 9ebff3a && (cd /tmp/old && swift build -c release --product docket)
#        bench/reconcile.sh 10000 3 /tmp/old/.build/release/docket
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000} runs=${2:-5} other=${3:-}
work=${BENCH_DIR:-/tmp/docket-bench}
mkdir -p "$work"
swift build -c release --product docket >/dev/null
docket=$PWD/.build/release/docket
cc -O2 bench/outbox-floor.c -o "$work/outbox-floor"
repo="$work/repo-$n"
if [ ! -f "$repo/docket.yaml" ]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 bench/generate.py "$repo" "$n"
fi
find "$repo" -name '*.yaml' -not -path '*/.docket/*' -exec cat {} + > /dev/null   # warm the page cache
now=2019-01-01T00:00:00Z
measure() { /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }; tail -1 "$work/time.txt"; }
# Each reconcile writes into a folder of its own, and the previous invocation's are removed
# a minute before the first: for 60 seconds after files are deleted, ext4 avoids reusing
# their inodes and creating files crawls (31,000 files of 5 KB: 10 s instead of 1.5 s with
# a C program right after deleting as many), which says more about the benchmark than docket.
runs_dir="$work/reconcile-runs"
if [ -e "$runs_dir" ]; then rm -rf "$runs_dir"; sync; sleep 65; fi
mkdir -p "$runs_dir"
v=(); r=(); s=(); o=(); f=(); rm_=0
for i in $(seq 1 "$runs"); do
  read -r t _ _ _ < <(measure "$docket" validate "$repo" --now "$now"); v+=("$t")
  run=("--state" "$runs_dir/$i/state.json" "--outbox" "$runs_dir/$i/outbox")
  read -r t u y m < <(measure "$docket" reconcile "$repo" --now "$now" "${run[@]}"); r+=("$t"); [ "$m" -gt "$rm_" ] && rm_=$m
  written=$(tail -1 "$work/out.txt")
  read -r t _ _ _ < <(measure "$docket" reconcile "$repo" --now "$now" "${run[@]}"); s+=("$t")
  outbox="$runs_dir/$i/outbox"
  messages=$(find "$outbox" -maxdepth 1 -name '*.eml' | wc -l)
  read -r t _ _ _ < <(measure "$work/outbox-floor" "$runs_dir/floor-$i" "$messages"); f+=("$t")
  if [ -n "$other" ]; then
    read -r t _ _ _ < <(measure "$other" reconcile "$repo" --now "$now" --state "$runs_dir/other-$i/state.json" --outbox "$runs_dir/other-$i/outbox"); o+=("$t")
  fi
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.2f median %.2f max %.2f s", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
messages=$(find "$outbox" -maxdepth 1 -name '*.eml' | wc -l)
echo "$n appointments, $messages messages ($(du -sm "$outbox" | cut -f1) MB), $(nproc) cores, $runs alternated runs"
echo "  last reconcile said: $written"
echo "validate                  : $(stats "${v[@]}")"
echo "reconcile, empty state    : $(stats "${r[@]}"), peak ${rm_} KB (last run: user ${u} s, system ${y} s)"
echo "reconcile, nothing to do  : $(stats "${s[@]}")"
echo "the floor (C: create, syncfs, rename as many files, nothing rendered): $(stats "${f[@]}")"
[ -n "$other" ] && echo "OTHER reconcile, empty    : $(stats "${o[@]}")"
echo "ratio reconcile / validate          : $(echo "scale=2; $(median "${r[@]}") / $(median "${v[@]}")" | bc)"
echo "ratio second reconcile / validate   : $(echo "scale=2; $(median "${s[@]}") / $(median "${v[@]}")" | bc)"
echo "ratio floor / validate              : $(echo "scale=2; $(median "${f[@]}") / $(median "${v[@]}")" | bc)"
[ -n "$other" ] && echo "ratio OTHER reconcile / validate    : $(echo "scale=2; $(median "${o[@]}") / $(median "${v[@]}")" | bc)"
echo "(the outboxes stay in $runs_dir until the next invocation)"
exit 0
