#!/usr/bin/env bash
# The man pages (docs/man): each renders with man -l (or groff) without a warning and has
# its sections; every option in gazette-index and gazette-search --help appears in its page;
# gazette.cgi's hand-written page names every environment variable and request parameter
# that searcher/cgi_request.cpp reads. So the pages cannot drift from the programs.
# Usage: man.sh BIN_DIR MAN_DIR SOURCE_DIR   (exit 77: no man pages were built)
set -euo pipefail
bin=$1 man=$2 src=$3
[ -f "$man/gazette-index.1" ] || { echo "SKIPPED: no man pages in $man (GAZETTE_MAN=OFF)"; exit 77; }
export LC_ALL=C.UTF-8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gazette-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Renders PAGE to $tmp/text; any warning or error on stderr is a failure.
render() {
  local page=$1
  if command -v man >/dev/null; then
    MANWIDTH=80 man --warnings=w -l "$page" >"$tmp/text" 2>"$tmp/err" || fail "man -l $page failed"
  else
    groff -man -Tutf8 -ww "$page" >"$tmp/text" 2>"$tmp/err" || fail "groff $page failed"
  fi
  [ ! -s "$tmp/err" ] || fail "$page renders with warnings: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/text")" -gt 40 ] || fail "$page renders to almost nothing"
}

# The roff source as plain words: \- as -, font changes and other escapes dropped.
plain() {
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\[,\/&]//g' "$1"
}

has_sections() {
  local page=$1
  shift
  for section in "$@"; do
    grep -qx "$section" "$tmp/text" || fail "$page has no $section section"
  done
}

for tool in gazette-index gazette-search; do
  page=$man/$tool.1
  render "$page"
  has_sections "$page" NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"
  plain "$page" >"$tmp/source"
  # The options: the first column of every --help line that starts with a dash.
  options=$("$bin/$tool" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
    grep -oE -- '--?[A-Za-z][-A-Za-z0-9]*' | sort -u)
  [ "$(wc -w <<<"$options")" -gt 10 ] || fail "$tool --help lists too few options: $options"
  for option in $options; do
    grep -qE -- "(^|[^-A-Za-z0-9])$option([^-A-Za-z0-9]|$)" "$tmp/source" ||
      fail "$tool.1 does not mention $option"
  done
  echo "$tool.1: rendered, $(wc -w <<<"$options") options checked"
done

page=$man/gazette.cgi.8
render "$page"
has_sections "$page" NAME SYNOPSIS DESCRIPTION ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"
plain "$page" >"$tmp/source"
variables=$(sed -n '/kVariables\[\]/,/};/p' "$src/searcher/cgi_request.cpp" | grep -oE '"[A-Z_]+"' |
  tr -d '"')
parameters=$(grep -oE 'name == "[a-z]+"' "$src/searcher/cgi_request.cpp" | grep -oE '[a-z]+"$' |
  tr -d '"' | sort -u)
[ "$(wc -w <<<"$variables")" -ge 5 ] && [ "$(wc -w <<<"$parameters")" -ge 8 ] ||
  fail "could not read the CGI's variables and parameters from searcher/cgi_request.cpp"
for variable in $variables; do
  grep -qE "(^|[^A-Z_])$variable([^A-Z_]|$)" "$tmp/source" || fail "gazette.cgi.8 does not mention $variable"
done
for parameter in $parameters; do
  grep -qE "(^|[^a-z])$parameter=" "$tmp/source" || fail "gazette.cgi.8 does not mention $parameter="
done
grep -q gazette.conf "$tmp/source" || fail "gazette.cgi.8 does not mention gazette.conf"
echo "gazette.cgi.8: rendered, $(wc -w <<<"$variables") variables and $(wc -w <<<"$parameters") parameters checked"

[ "$failures" -eq 0 ] || { echo "man: $failures failures"; exit 1; }
echo "man: passed"
