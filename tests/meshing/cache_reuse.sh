#!/usr/bin/env bash
# A repeated request reuses the cached mesh; changing any one parameter rebuilds it.
# usage: cache_reuse.sh <spine-fe> <file.prm> <scratch dir>
set -euo pipefail
exe=$1; prm=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
# A private cache: with the suite's shared one, a second run would find the changed
# parameter's mesh from the first run and wrongly fail.
export SPINE_FE_CACHE="$dir/cache"
printf 'include %s\nset Output directory = %s/a\n' "$(realpath "$prm")" "$dir" > "$dir/a.prm"
"$exe" mesh "$dir/a.prm" > "$dir/first.log"
"$exe" mesh "$dir/a.prm" > "$dir/second.log"
grep -q "reused cached mesh" "$dir/second.log" || { echo "FAIL: second request did not reuse the mesh"; exit 1; }
printf 'include %s\nset Output directory = %s/b\nsubsection Anatomy\n  subsection Disc\n    set Posterior bulge = 1.25\n  end\nend\n' \
  "$(realpath "$prm")" "$dir" > "$dir/b.prm"
"$exe" mesh "$dir/b.prm" > "$dir/third.log"
if grep -q "reused cached mesh" "$dir/third.log"; then echo "FAIL: a changed parameter reused the old mesh"; exit 1; fi
cmp -s "$dir/a/mesh.msh" "$dir/b/mesh.msh" && { echo "FAIL: changed parameter gave the same mesh"; exit 1; }
echo "ok: cache reused for the same request and rebuilt for a changed parameter"
