#!/usr/bin/env bash
# Builds the self-contained binary and installs it: PREFIX/bin/docket (default /usr/local),
# with the shell completions where the system keeps them.
#
#   scripts/install.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-${PREFIX:-/usr/local}}
scripts/build-release.sh dist
install -d "$prefix/bin"
install -m 0755 dist/docket "$prefix/bin/docket"
if [ -d "$prefix/share" ] || [ "$prefix" = /usr/local ]; then
  install -d "$prefix/share/bash-completion/completions"
  dist/docket --generate-completion-script bash > "$prefix/share/bash-completion/completions/docket"
fi
echo "installed $prefix/bin/docket: $("$prefix/bin/docket" --version)"
