#!/usr/bin/env bash
# The test of the self-contained binary: it names no Swift runtime and no libyaml among its
# shared libraries, and with an empty LD_LIBRARY_PATH and a bare environment it validates the
# samples and creates a repository (whose schemas come from inside the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-release.sh dist >/dev/null
libraries=$(ldd dist/docket)
echo "$libraries"
if echo "$libraries" | grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|libyaml|not found'; then
  echo "check-release: FAILED: the binary needs the libraries above" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp dist/docket "$work/docket"
summary=$(cd "$work" && env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin ./docket validate "$OLDPWD/samples")
echo "$summary"
[ "$summary" = "0 errors, 0 warnings in 50 files" ] || { echo "check-release: FAILED: samples" >&2; exit 1; }
(cd "$work" && env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin ./docket init clinic --name "Maple Clinic" >/dev/null)
diff -r "$work/clinic/schema" schema >/dev/null || { echo "check-release: FAILED: init's schemas" >&2; exit 1; }
(cd "$work" && env -i LD_LIBRARY_PATH= PATH=/usr/bin:/bin ./docket validate clinic)
echo "check-release: 2 passed, 0 failed"
