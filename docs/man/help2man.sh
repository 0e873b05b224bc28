#!/bin/sh
# help2man.sh HELP2MAN BINARY SECTION INCLUDE OUTPUT
# Writes OUTPUT, the man page of BINARY made by help2man from its --help and --version and
# completed by INCLUDE (NAME, SYNOPSIS, DESCRIPTION, EXIT STATUS, FILES, EXAMPLES, SEE ALSO).
set -eu
help2man=$1 binary=$2 section=$3 include=$4 output=$5
"$help2man" --no-info --section="$section" --include="$include" --output="$output" "$binary"
