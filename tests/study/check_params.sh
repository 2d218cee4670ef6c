#!/usr/bin/env bash
# Every shipped model/study file validates, and docs/parameters.md matches the code.
# usage: check_params.sh <spine-fe> <repo>
set -u
exe=$1; repo=$2; fails=0
for f in "$repo"/params/studies/*.prm "$repo"/params/mesh/*.prm; do
  "$exe" study --check "$f" || fails=$((fails+1))
done
tmp=$(mktemp)
"$repo/scripts/parameter-reference" "$exe" "$tmp"
if ! diff -q "$tmp" "$repo/docs/parameters.md" >/dev/null; then
  echo "FAIL docs/parameters.md is out of date: run scripts/parameter-reference build/solver/spine-fe"
  fails=$((fails+1))
fi
rm -f "$tmp"
[[ $fails -eq 0 ]] && echo "all parameter files valid, reference up to date" || exit 1
