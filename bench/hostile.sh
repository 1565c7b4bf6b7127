#!/usr/bin/env bash
# Resource bounds on hostile repositories, timed with peak memory (release build):
# a repository of 1,000,000 empty files, and one of 1,000,000 appointments.
# usage: bench/hostile.sh [empty-files]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
swift build -c release --product docket >/dev/null 2>&1
repo=${BENCH_DIR:-/tmp/docket-bench}/empty-$n
if [ ! -f "$repo/docket.yaml" ]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 - "$repo" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
open(os.path.join(root, "docket.yaml"), "w").write("apiVersion: docket/v1\nkind: Organization\nid: o\nname: O\ntimezone: UTC\nemail:\n  from: o@o.example\n  domain: o.example\n")
for d in range(n // 1000):
    folder = os.path.join(root, "appointments", f"{d:04d}")
    os.makedirs(folder)
    for f in range(1000):
        open(os.path.join(folder, f"{f:04d}.yaml"), "w").close()
PY
fi
/usr/bin/time -f "$n empty files: %e s, peak %M KB" .build/release/docket validate "$repo" --format json > /tmp/hostile.json || true
python3 -c "import json; d=json.load(open('/tmp/hostile.json')); print(d['summary'], {x['code'] for x in d['diagnostics']})"
