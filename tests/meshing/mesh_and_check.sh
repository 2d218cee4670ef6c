#!/usr/bin/env bash
# Meshes a parameter file into a scratch folder and checks the result.
# usage: mesh_and_check.sh <spine-fe> <file.prm> <scratch dir> [check_mesh.py options]
set -euo pipefail
exe=$1; prm=$2; dir=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"; mkdir -p "$dir"
printf 'include %s\nset Output directory = %s/out\n' "$(realpath "$prm")" "$dir" > "$dir/case.prm"
"$exe" mesh "$dir/case.prm"
/usr/bin/python3 "$here/check_mesh.py" "$dir/out" "$@"
