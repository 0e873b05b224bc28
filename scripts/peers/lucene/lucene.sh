# shellcheck shell=bash
# The Lucene peer, sourced by scripts/bench and scripts/scale: Debian's Lucene
# 4.10 and LuceneBench.java beside this file (README.md).
#   lucene_packages     prints the Debian packages still missing, one a line
#   lucene_prepare DIR  compiles the driver into DIR/lucene-classes (not timed)
#                       and sets lucene_cmd, the command that runs it (JVM
#                       options: $BENCH_JAVA_OPTS, default -Xmx1g)

lucene_jars() { # the class path: core, analyzers, query parser
  dpkg -L liblucene4.10-java 2>/dev/null |
    grep -E '^/usr/share/java/lucene-(core|analyzers-common|queryparser)-[0-9.]+\.jar$' | paste -sd: -
}

lucene_packages() {
  command -v javac >/dev/null || echo default-jdk-headless
  [ "$(lucene_jars | tr ':' '\n' | grep -c .)" = 3 ] || echo liblucene4.10-java
}

lucene_prepare() {
  local cp
  cp=$(lucene_jars)
  [ "$(tr ':' '\n' <<<"$cp" | grep -c .)" = 3 ] || {
    echo "${0##*/}: needs the Lucene 4.10 core, analyzers-common and queryparser jars (liblucene4.10-java)" >&2
    return 2
  }
  javac -nowarn -d "$1/lucene-classes" -cp "$cp" "$(dirname "${BASH_SOURCE[0]}")/LuceneBench.java"
  # shellcheck disable=SC2206,SC2034  # options are words; the caller runs it
  lucene_cmd=(java ${BENCH_JAVA_OPTS:--Xmx1g} -cp "$1/lucene-classes:$cp" LuceneBench)
}
