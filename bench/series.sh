#!/usr/bin/env bash
# Series against single appointments, one binary, alternated in one invocation (this machine
# is noisy: only ratios from one invocation compare): validate of N/10 weekly series of 52
# occurrences (N/10 × 52 occurrences, each checked) against N single appointments of the same
# clinic. Prints min/median/max wall and user+sys of each and the ratios of medians.
# usage: bench/series.sh BINARY [N single appointments] [runs]
#   e.g. swift build -c release && BENCH_DIR=/dev/shm/db bench/series.sh .build/release/docket 100000 5
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1 n=${2:-100000} runs=${3:-5}
work=${BENCH_DIR:-/tmp/docket-bench}
singles="$work/repo-$n"
series="$work/series-$((n / 10))"
[ -f "$singles/docket.yaml" ] || { rm -rf "$singles"; mkdir -p "$singles"; python3 bench/generate.py "$singles" "$n"; }
[ -f "$series/docket.yaml" ] || { rm -rf "$series"; mkdir -p "$series"; python3 bench/generate.py "$series" "$((n / 10))" series; }
for repo in "$singles" "$series"; do find "$repo" -name '*.yaml' -exec cat {} + > /dev/null; done   # warm the page cache
now=2019-01-01T00:00:00Z
measure() { /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > /dev/null 2>&1 || true; awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time.txt" | tail -1; }
sw=(); sc=(); rw=(); rc=()
for _ in $(seq 1 "$runs"); do
  read -r w c < <(measure "$binary" validate "$singles" --now "$now"); sw+=("$w"); sc+=("$c")
  read -r w c < <(measure "$binary" validate "$series" --now "$now"); rw+=("$w"); rc+=("$c")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.3f median %.3f max %.3f", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$n single appointments against $((n / 10)) series of 52 ($((n * 52 / 10)) occurrences), $(nproc) cores, $runs alternated runs"
echo "singles wall $(stats "${sw[@]}") s, user+sys $(stats "${sc[@]}") s"
echo "series  wall $(stats "${rw[@]}") s, user+sys $(stats "${rc[@]}") s"
echo "ratio of medians (series / singles): wall $(echo "scale=3; $(median "${rw[@]}") / $(median "${sw[@]}")" | bc), user+sys $(echo "scale=3; $(median "${rc[@]}") / $(median "${sc[@]}")" | bc)"
