#!/usr/bin/env bash
# The short soak for CTest: scripts/soak for SECONDS (default 20) with the
# binaries of BIN_DIR (the sanitizer build's, under scripts/test).
# Usage: tests/soak/run.sh BIN_DIR [SECONDS]   (exit 77: skipped)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:?usage: run.sh BIN_DIR [SECONDS]}")
seconds=${2:-20}

for tool in lighttpd wrk curl zstd /usr/bin/time; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    echo "SKIPPED: $tool is not installed (scripts/setup installs it)"
    exit 77
  fi
done
data=${GAZETTE_SHARED:-$root/../shared}/data
if [ ! -d "$data/bbc/raw" ] || [ ! -r "$data/reuters21578/articles.jsonl.zst" ]; then
  echo "SKIPPED: no shared corpora under $data"
  exit 77
fi
# The long kill runs are scripts/soak's alone: CTest has its own crash test.
GAZETTE_BIN=$bin SOAK_KILLS=0 exec "$root/scripts/soak" "$seconds"
