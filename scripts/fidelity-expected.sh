#!/usr/bin/env bash
# Regenerates test/fidelity/programs/*.expected: each program compiled with
# gcc and run on this Linux machine under a pseudo-terminal.
set -euo pipefail
cd "$(dirname "$0")/../test/fidelity/programs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp ../../../levels/programs/process.c "$tmp/process.c"   # the lecture's program lives with the levels
for f in *.c "$tmp/process.c"; do
  n=$(basename "${f%.c}")
  gcc -w -pthread "$f" -o "$tmp/$n"
  (cd "$tmp" && script -qc "./$n" /dev/null | tr -d '\r') > "$n.expected"
  echo "$n.expected"
done
