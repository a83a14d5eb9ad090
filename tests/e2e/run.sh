#!/usr/bin/env bash
# Browser tests of the example site, in English and in Chinese (see run.mjs): pages,
# links, charts, search, the 404 page, axe-core and the Nu Html Checker.
#
# Needs Debian's chromium (/usr/bin/chromium, or set CHROMIUM), Java and Node.js.
# Installs the pinned npm packages of package-lock.json on first use; builds casebook.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

for tool in node npm java; do
  command -v "$tool" >/dev/null || { echo "tests/e2e: $tool is missing" >&2; exit 1; }
done
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "tests/e2e: no chromium; install it with: apt-get install -y chromium" >&2
  exit 1
fi

# The binary as `cargo test` builds it (dev-dependencies unify some crates' features):
# after the Rust tests this compiles nothing, where `cargo build` would compile a second
# copy of those crates and of casebook.
cargo test --locked --quiet --no-run
if [ ! -f "$here/node_modules/.package-lock.json" ] ||
  [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  # --ignore-scripts: vnu-jar's install script would download a Java runtime; the
  # machine's own Java runs vnu.jar.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# run.mjs stops itself after 8 minutes; this is the backstop.
exec timeout --kill-after=10 540 node "$here/run.mjs"
