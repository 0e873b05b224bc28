#!/usr/bin/env bash
# The browser test for CTest: indexes corpus/ into a scratch database, serves it
# with scripts/serve on a free loopback port and drives it with search.mjs.
# Usage: tests/browser/run.sh BIN_DIR [SCREENSHOT]   (exit 77: skipped)
# Screenshots of a results page at 1200 px (SCREENSHOT) and 400 px (SCREENSHOT's
# name with -400) are kept as the test's artefacts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:?usage: run.sh BIN_DIR [SCREENSHOT]}")
screenshot=$(realpath -m "${2:-$root/build/browser-screenshot.png}")

for tool in lighttpd curl node /usr/bin/chromium; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    echo "SKIPPED: $tool is not installed (scripts/setup installs it)"
    exit 77
  fi
done
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "SKIPPED: playwright-core is not installed (scripts/setup runs npm ci in tests/browser)"
  exit 77
fi

scratch=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

"$bin/gazette-index" --quiet --db "$scratch/db" "$root/corpus"
# A port the kernel hands out; should another program take it before lighttpd
# binds it, scripts/serve exits and another is tried. Serving once it says so.
for _ in 1 2 3; do
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });')
  GAZETTE_BIN="$bin" GAZETTE_DB="$scratch/db" "$root/scripts/serve" "$port" >"$scratch/serve.log" 2>&1 &
  serve_pid=$!
  until grep -q '^Serving' "$scratch/serve.log" || ! kill -0 "$serve_pid" 2>/dev/null; do sleep 0.1; done
  grep -q '^Serving' "$scratch/serve.log" && break
  wait "$serve_pid" || true
  serve_pid=""
  grep -q 'in use' "$scratch/serve.log" || break
done
[ -n "$serve_pid" ] || { cat "$scratch/serve.log"; exit 1; }

mkdir -p "$(dirname "$screenshot")"
node "$here/search.mjs" "http://127.0.0.1:$port/gazette.cgi" "$screenshot" "${screenshot%.png}-400.png"
