#!/bin/sh
# help2man.sh HELP2MAN BINARY SECTION INCLUDE OUTPUT
# Writes OUTPUT, the man page of BINARY made by help2man from its --help and --version and
# completed by INCLUDE (NAME, SYNOPSIS, DESCRIPTION, EXIT STATUS, FILES, EXAMPLES, SEE ALSO).
# help2man takes a second usage line only in the form "  or: NAME ..."; one aligned under the
# first ("       gazette-index --compact ...") would open the DESCRIPTION, so it is dropped
# there: the include's SYNOPSIS gives every form.
set -eu
help2man=$1 binary=$2 section=$3 include=$4 output=$5
name=$(basename "$binary")
roff_name=$(printf '%s' "$name" | sed 's/-/\\-/g')
"$help2man" --no-info --section="$section" --include="$include" --output="$output.tmp" "$binary"
ROFF_NAME=$roff_name perl -0pe 's/^\.IP\n\Q$ENV{ROFF_NAME}\E .*\n//m' "$output.tmp" >"$output"
rm -f "$output.tmp"
