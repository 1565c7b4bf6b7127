#!/usr/bin/env bash
# docket validate (release) against a bare libyaml pass over the same files, alternated in
# one invocation; prints min/median/max of each, the ratio, files/s and peak memory.
# usage: bench/run.sh [N appointments] [runs]      e.g. bench/run.sh 100000 5
#   BENCH_PROFILE=rich: appointments that each carry a participant, two attachments, a type, a
#   status and notes (about 500 bytes a file; bench/generate.py's second profile).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/docket-bench}
swift build -c release --product docket >/dev/null
cc -O2 bench/libyaml-pass.c -lyaml -o "$work-libyaml-pass" 2>/dev/null || { mkdir -p "$(dirname "$work")"; cc -O2 bench/libyaml-pass.c -lyaml -o "$work-libyaml-pass"; }
profile=${BENCH_PROFILE:-}
repo="$work/repo-$n${profile:+-$profile}"
if [ ! -f "$repo/docket.yaml" ]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 bench/generate.py "$repo" "$n" ${profile:+"$profile"}
fi
list="$work/files-$n.txt"
(cd "$repo" && find . -name '*.yaml' -not -path './.*' | sort) | sed "s|^\.|$repo|" > "$list"
files=$(wc -l < "$list")
# Warm the page cache.
xargs cat < "$list" > /dev/null
now=2019-01-01T00:00:00Z
docket=(.build/release/docket validate "$repo" --now "$now")
baseline=("$work-libyaml-pass")
measure() {  # prints "seconds peakKB user+sys"
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 < "${STDIN:-/dev/null}" || true
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/time.txt" | tail -1
}
d=(); b=(); dc=(); bc=(); dm=0; bm=0
for r in $(seq 1 "$runs"); do
  read -r t m c < <(measure "${docket[@]}"); d+=("$t"); dc+=("$c"); [ "$m" -gt "$dm" ] && dm=$m
  [ "$r" -eq 1 ] && tail -1 "$work/out.txt" | sed 's/^/  docket: /'
  read -r t m c < <(STDIN="$list" measure "${baseline[@]}"); b+=("$t"); bc+=("$c"); [ "$m" -gt "$bm" ] && bm=$m
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.3f median %.3f max %.3f", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
dmed=$(median "${d[@]}"); bmed=$(median "${b[@]}")
echo "files: $files ($n appointments), $(nproc) cores, $runs alternated runs"
echo "docket validate : $(stats "${d[@]}") s, $(echo "$files / $dmed" | bc) files/s, peak ${dm} KB"
echo "bare libyaml    : $(stats "${b[@]}") s, $(echo "$files / $bmed" | bc) files/s, peak ${bm} KB"
echo "ratio (medians) : $(echo "scale=2; $dmed / $bmed" | bc)"
echo "user+sys        : docket $(stats "${dc[@]}") s, libyaml $(stats "${bc[@]}") s, ratio of medians $(echo "scale=2; $(median "${dc[@]}") / $(median "${bc[@]}")" | bc)"
# docket's own fixed footprint (Foundation, ICU, the zone catalogue): its peak on a repository
# of just docket.yaml. The issue's target is per appointment above a fixed amount.
fixed="$work/repo-fixed"
mkdir -p "$fixed" && cp "$repo/docket.yaml" "$fixed/"
read -r _ fm _ < <(measure .build/release/docket validate "$fixed" --now "$now")
echo "per appointment : $(echo "scale=0; ($dm - $bm) * 1024 / $n" | bc) bytes above the baseline's peak, $(echo "scale=0; ($dm - $fm) * 1024 / $n" | bc) above docket's fixed ${fm} KB"
