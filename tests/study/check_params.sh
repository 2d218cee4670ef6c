#!/usr/bin/env bash
# Every shipped model/study file validates, and docs/parameters.md matches the code.
# usage: check_params.sh <spine-fe> <repo>
set -u
exe=$1; repo=$2; fails=0
for f in "$repo"/params/studies/*.prm "$repo"/params/mesh/*.prm "$repo"/params/materials/*.prm; do
  "$exe" study --check "$f" || fails=$((fails+1))
done
tmp=$(mktemp)
"$repo/scripts/parameter-reference" "$exe" "$tmp"
if ! diff -q "$tmp" "$repo/docs/parameters.md" >/dev/null; then
  echo "FAIL docs/parameters.md is out of date: run scripts/parameter-reference build/solver/spine-fe"
  fails=$((fails+1))
fi
rm -f "$tmp"
# Bad tissue input: one-line message naming the parameter, the value and what is allowed.
bad=$(mktemp --suffix=.prm)
expect() { # <file content> <expected fragment>
  printf '%s\n' "$1" > "$bad"
  if msg=$("$exe" study --check "$bad" 2>&1); then
    echo "FAIL accepted: $1"; fails=$((fails+1))
  elif [[ "$msg" != *"$2"* || "$msg" != *"$bad"* ]]; then
    echo "FAIL message for '$1' lacks '$2' or the file name: $msg"; fails=$((fails+1))
  else
    echo "ok   $msg"
  fi
}
expect $'subsection Ligaments\n  set ALL = E toe=7.8, E linear=20, transition=0.12, area=-5, prestrain=0\nend' "Ligaments/ALL"
expect $'subsection Ligaments\n  set CL = E toe=7.5, transition=0.25, area=90, prestrain=0\nend' "missing 'E linear'"
expect $'subsection Protocol\n  set Moments = 1000, 7500\nend' "N·mm"
expect $'subsection Materials\n  set Ligamentum flavum = neo-Hookean(E=15, nu=0.4, prestretch=3)\nend' "prestretch"
expect $'subsection Protocol\n  set Follower load = 500000\nend' "Protocol/Follower load"
expect $'subsection Protocol\n  set Follower load = 500\n  set Follower load offset = 40\nend' "misses the L4 endplate"
expect $'subsection Protocol\n  set Cases = operated\nend' "Protocol/Cases"
rm -f "$bad"
[[ $fails -eq 0 ]] && echo "all parameter files valid, reference up to date" || exit 1
