#!/usr/bin/env bash
# The ranking floor, small enough for every CTest run (under a minute with the
# sanitizers): TIME (423 articles, 83 judged topics) and BBC News (2,225) with
# the known-item queries written for it (scripts/known-items, the bbc- ones),
# indexed, searched and scored the way scripts/eval does. Prints each figure
# beside its floor in floors.tsv and fails when one falls below it, or below
# plain BM25's figure on the same database (the promise of the default ranking).
# Usage: tests/ranking/run.sh BIN_DIR [FLOORS]   (GAZETTE_SHARED: the shared data;
# exit 77: skipped, it is not there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:?usage: run.sh BIN_DIR [FLOORS]}")
floors=${2:-$here/floors.tsv}
data=${GAZETTE_SHARED:-$root/../shared}/data
known=$root/scripts/known-items
for f in time/articles.jsonl.zst time/topics.tsv time/qrels.txt bbc/articles.jsonl.zst; do
  if [ ! -r "$data/$f" ]; then
    echo "SKIPPED: the shared data has no $data/$f (set GAZETTE_SHARED)"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gazette-ranking.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# score NAME ARTICLES TOPICS QRELS: gazette-eval's reports in $tmp/NAME.eval
# (the default ranking) and $tmp/NAME.bm25.eval (plain BM25)
score() {
  local name=$1 articles=$2 topics=$3 qrels=$4 ranking
  "$bin/gazette-index" -q -j 2 --db "$tmp/$name" "$articles" >"$tmp/$name.log" 2>&1 ||
    { cat "$tmp/$name.log"; exit 1; }
  for ranking in gazette bm25; do
    "$bin/gazette-search" --db "$tmp/$name" --batch "$topics" --format trec -n 1000 \
      --snippet-chars 0 --ranking "$ranking" >"$tmp/$name.$ranking.run"
    "$bin/gazette-eval" "$qrels" "$tmp/$name.$ranking.run" >"$tmp/$name.$ranking.eval"
  done
  mv "$tmp/$name.gazette.eval" "$tmp/$name.eval"
}

score time "$data/time/articles.jsonl.zst" "$data/time/topics.tsv" "$data/time/qrels.txt"
grep '^bbc-' "$known/topics.tsv" >"$tmp/bbc.topics"
grep '^bbc-' "$known/qrels.txt" >"$tmp/bbc.qrels"
score bbc-known-items "$data/bbc/articles.jsonl.zst" "$tmp/bbc.topics" "$tmp/bbc.qrels"

below=0
while IFS=$'\t' read -r name measure floor _; do
  case $name in '#'* | '') continue ;; esac
  got=$(awk -v m="$measure" '$1 == m { print $2 }' "$tmp/$name.eval")
  bm25=$(awk -v m="$measure" '$1 == m { print $2 }' "$tmp/$name.bm25.eval")
  verdict=ok
  if ! awk -v got="${got:-0}" -v floor="$floor" 'BEGIN { exit !(got >= floor) }'; then
    verdict="BELOW THE FLOOR"
    below=1
  elif ! awk -v got="${got:-0}" -v bm25="${bm25:-1}" 'BEGIN { exit !(got >= bm25) }'; then
    verdict="BELOW PLAIN BM25"
    below=1
  fi
  printf '%-16s %-8s %s (floor %s, plain BM25 %s) %s\n' "$name" "$measure" "${got:-none}" \
    "$floor" "${bm25:-none}" "$verdict"
done <"$floors"
exit "$below"
