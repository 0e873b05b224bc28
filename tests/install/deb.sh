#!/usr/bin/env bash
# Builds the .deb of this build (cpack -G DEB, into a temporary folder) and checks its control
# fields and contents: package gazette, a Depends computed by dpkg-shlibdeps that names
# libxapian (and, unless this is a sanitizer build, no libasan), maintainer, section and
# description, the three programs and their man pages; then runs a program unpacked from it.
# Usage: deb.sh BUILD_DIR SANITIZE(ON|OFF)
set -euo pipefail
build=$1 sanitize=$2
export LC_ALL=C.UTF-8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gazette-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"${CPACK:-cpack}" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; echo "deb: cpack failed"; exit 1; }
debs=("$tmp"/out/gazette_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; echo "deb: no .deb made"; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) kB)"

field() { dpkg-deb -f "$deb" "$1"; }
depends=$(field Depends)
echo "Depends: $depends"
[[ $depends == *libxapian* ]] || fail "Depends does not name libxapian"
[[ $depends == *libboost-program-options* ]] || fail "Depends does not name Boost.ProgramOptions"
if [ "$sanitize" = OFF ]; then
  [[ $depends != *libasan* && $depends != *libubsan* ]] || fail "Depends names a sanitizer runtime"
else
  echo "(a sanitizer build: its Depends name the sanitizer runtimes too)"
fi
[ "$(field Package)" = gazette ] || fail "Package is '$(field Package)'"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Section)" ] || fail "no Section"
[ "$(field Description | wc -l)" -gt 3 ] || fail "no extended Description"
echo "Package: $(field Package) $(field Version), Section: $(field Section), Maintainer: $(field Maintainer)"

dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/contents"
for f in ./usr/bin/gazette-index ./usr/bin/gazette-search ./usr/lib/cgi-bin/gazette.cgi \
  ./usr/share/doc/gazette/README.md ./usr/share/doc/gazette/examples/gazette.conf; do
  grep -qx "$f" "$tmp/contents" || fail "the .deb has no $f"
done
if [ -f "$build/docs/man/gazette-index.1.gz" ]; then
  for f in man1/gazette-index.1.gz man1/gazette-search.1.gz man8/gazette.cgi.8.gz; do
    grep -qx "./usr/share/man/$f" "$tmp/contents" || fail "the .deb has no $f"
  done
fi
grep -E 'gazette-(eval|bench)|/test_' "$tmp/contents" && fail "the .deb holds measuring tools or tests"

dpkg-deb -x "$deb" "$tmp/root"
"$tmp/root/usr/bin/gazette-search" --version >"$tmp/version" 2>&1 ||
  fail "the packaged gazette-search does not run: $(cat "$tmp/version")"
echo "packaged $(cat "$tmp/version") runs"

[ "$failures" -eq 0 ] || { echo "deb: $failures failures"; exit 1; }
echo "deb: passed"
