#!/usr/bin/env bash
# Installs the build as a package would (cmake --install --prefix /usr into a DESTDIR) and
# runs what was installed: every file is where Debian puts it and nothing else is there (no
# measuring tools, no tests); gazette-index indexes a few corpus/ articles, gazette-search
# finds them, gazette.cgi answers a request with GAZETTE_DB and, without it, from a
# gazette.conf beside it (as docs/cgi.md says); the installed man pages open with man -l.
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
export LC_ALL=C.UTF-8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gazette-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

DESTDIR=$root "${CMAKE:-cmake}" --install "$build" --prefix /usr >"$tmp/install.log" ||
  { cat "$tmp/install.log"; echo "install: cmake --install failed"; exit 1; }

# Exactly these files.
{
  echo usr/bin/gazette-index
  echo usr/bin/gazette-search
  echo usr/lib/cgi-bin/gazette.cgi
  echo usr/share/doc/gazette/README.md
  echo usr/share/doc/gazette/examples/gazette.conf
  for doc in "$src"/docs/*.md; do echo "usr/share/doc/gazette/$(basename "$doc")"; done
  if [ -f "$build/docs/man/gazette-index.1.gz" ]; then
    echo usr/share/man/man1/gazette-index.1.gz
    echo usr/share/man/man1/gazette-search.1.gz
    echo usr/share/man/man8/gazette.cgi.8.gz
  fi
} | sort >"$tmp/expected"
(cd "$root" && find . -type f -o -type l | sed 's|^\./||' | sort) >"$tmp/installed"
diff "$tmp/expected" "$tmp/installed" >"$tmp/diff" ||
  fail "installed files differ from the expected (< missing, > unexpected):
$(cat "$tmp/diff")"
echo "installed: $(wc -l <"$tmp/installed") files, as expected"

bin=$root/usr/bin
cgi=$root/usr/lib/cgi-bin/gazette.cgi
version=$("$bin/gazette-index" --version)
[[ $version == "gazette-index "[0-9]* ]] || fail "gazette-index --version says '$version'"
echo "$version"

# Index three articles of corpus/, search them.
mkdir "$tmp/articles"
for f in 2024-03-harbor-dredging.txt 2022-03-dredging-eelgrass-concerns.txt \
  2021-06-tram-line-approved.txt; do
  cp "$src/corpus/$f" "$tmp/articles/"
done
db=$tmp/db
"$bin/gazette-index" -q --db "$db" "$tmp/articles" >"$tmp/index.out" 2>&1 ||
  fail "gazette-index failed: $(cat "$tmp/index.out")"
grep -q "added 3," "$tmp/index.out" || fail "gazette-index did not add 3: $(cat "$tmp/index.out")"
echo "gazette-index: $(tail -n 1 "$tmp/index.out")"
"$bin/gazette-search" --db "$db" --color never dredging >"$tmp/search.out" 2>&1 ||
  fail "gazette-search failed: $(cat "$tmp/search.out")"
for id in 2024-03-harbor-dredging.txt 2022-03-dredging-eelgrass-concerns.txt; do
  grep -q "$id" "$tmp/search.out" || fail "gazette-search dredging did not find $id"
done
grep -q tram-line "$tmp/search.out" && fail "gazette-search dredging found the tram article"
echo "gazette-search: found both dredging articles"

# The CGI, as a web server runs it: the environment only.
cgi_run() { env -i REQUEST_METHOD=GET SCRIPT_NAME=/cgi-bin/gazette.cgi "$@" "$cgi"; }
cgi_run GAZETTE_DB="$db" QUERY_STRING='q=dredging&format=json' >"$tmp/cgi.out" 2>"$tmp/cgi.err" ||
  fail "gazette.cgi failed: $(cat "$tmp/cgi.err")"
head -n 1 "$tmp/cgi.out" | grep -q '^Status: 200' || fail "gazette.cgi: $(head -n 1 "$tmp/cgi.out")"
grep -q '2024-03-harbor-dredging.txt' "$tmp/cgi.out" || fail "gazette.cgi did not find the article"
cgi_run GAZETTE_DB="$db" QUERY_STRING='q=harbor+dredging' >"$tmp/page.out" 2>/dev/null
grep -q '^Content-Type: text/html' "$tmp/page.out" && grep -qi '<mark>dredging</mark>' "$tmp/page.out" ||
  fail "gazette.cgi did not serve a results page with highlights"
echo "gazette.cgi with GAZETTE_DB: $(head -n 1 "$tmp/cgi.out" | tr -d '\r'), JSON and HTML"

# No GAZETTE_DB and no gazette.conf: 503. Then the installed example, pointed at the db,
# beside the binary.
cgi_run QUERY_STRING='q=dredging' >"$tmp/none.out" 2>"$tmp/none.err"
head -n 1 "$tmp/none.out" | grep -q '^Status: 503' ||
  fail "gazette.cgi without a database: $(head -n 1 "$tmp/none.out")"
grep -q 'gazette.conf' "$tmp/none.err" || fail "gazette.cgi did not say to write gazette.conf"
sed "s|^db = .*|db = $db|" "$root/usr/share/doc/gazette/examples/gazette.conf" \
  >"$root/usr/lib/cgi-bin/gazette.conf"
cgi_run QUERY_STRING='q=dredging&format=json' >"$tmp/conf.out" 2>"$tmp/conf.err"
head -n 1 "$tmp/conf.out" | grep -q '^Status: 200' && grep -q 'harbor-dredging' "$tmp/conf.out" ||
  fail "gazette.cgi with gazette.conf: $(head -n 1 "$tmp/conf.out") $(cat "$tmp/conf.err")"
echo "gazette.cgi without GAZETTE_DB: 503, then 200 from the example gazette.conf beside it"

for page in "$root"/usr/share/man/man*/*.gz; do
  [ -e "$page" ] || continue
  MANWIDTH=80 man -l "$page" >"$tmp/man.out" 2>&1 || true
  grep -q '^NAME' "$tmp/man.out" || fail "$page does not open with man -l: $(head -c 500 "$tmp/man.out")"
done

[ "$failures" -eq 0 ] || { echo "install: $failures failures"; exit 1; }
echo "install: passed"
