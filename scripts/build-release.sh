#!/usr/bin/env bash
# A self-contained docket binary: the Swift runtime and Foundation linked statically, and
# libyaml too where the system has libyaml.a (Debian's libyaml-dev does), so it runs on a
# Linux machine with neither a Swift toolchain nor libyaml. It still reads the time-zone data
# of the machine it runs on (/usr/share/zoneinfo, the tzdata package).
#
#   scripts/build-release.sh [OUT]     writes OUT/docket (default: dist/docket), stripped
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}

libdir=$(pkg-config --variable=libdir yaml-0.1 2>/dev/null || true)
if [ -n "$libdir" ] && [ -f "$libdir/libyaml.a" ]; then
  export DOCKET_STATIC_LIBYAML=1
else
  echo "build-release: no libyaml.a; libyaml stays a shared library (install libyaml-dev for a self-contained binary)" >&2
fi
swift build -c release --static-swift-stdlib --scratch-path .build-static --product docket
mkdir -p "$out"
cp .build-static/release/docket "$out/docket"
strip "$out/docket" 2>/dev/null || true
echo "built $out/docket ($(du -h "$out/docket" | cut -f1))"
