#!/usr/bin/env bash
# The tests, on a fresh machine: installs what they need (scripts/install-test-tools.sh), then
# runs `swift test` with the test tools' Python environment first on PATH. `make test` and CI
# (.ci/run) run exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-tools.sh
export PATH="$PWD/.build/venv/bin:$PATH"
swift build --build-tests
swift test --skip-build "$@"
