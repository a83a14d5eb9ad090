#!/usr/bin/env bash
# Regenerates docs/screenshots/ (the pictures in README.md): the example site's home,
# a case, a program, the indicator dashboard and a region page at 1280 and 390 px.
#
#   scripts/screenshots.sh                    # writes docs/screenshots/*.png
#   scripts/screenshots.sh --review /tmp/look # also dark mode, Chinese and print PDFs
#
# Needs what tests/e2e/run.sh needs; the Chinese pages need a CJK font
# (apt-get install -y fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
e2e=tests/e2e
cargo build --locked --quiet
if [ ! -f "$e2e/node_modules/.package-lock.json" ]; then
  (cd "$e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
node "$e2e/screenshots.mjs" "$@"
