#!/usr/bin/env bash
# Regenerates test/fidelity/programs/*.expected: each program compiled with
# gcc and run on this Linux machine under a pseudo-terminal.
set -euo pipefail
cd "$(dirname "$0")/../test/fidelity/programs"
# kernlab's shell runs its programs at nice 0; so must these (proc_nice prints nice values).
renice -n 0 -p $$ >/dev/null 2>&1 || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp ../../../levels/programs/process.c "$tmp/process.c"   # the lecture's program lives with the levels
chmod 755 "$tmp"
for f in *.c "$tmp/process.c"; do
  n=$(basename "${f%.c}")
  gcc -w -pthread "$f" -o "$tmp/$n"
  # kernlab's programs run as a user (uid 1000): a program that says so runs
  # as nobody when this script runs as root.
  as=()
  if [ "$(id -u)" = 0 ] && grep -q 'Run as a normal user' "$f"; then
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  (cd "$tmp" && "${as[@]}" script -qc "./$n" /dev/null | tr -d '\r') > "$n.expected"
  echo "$n.expected"
done
