#!/usr/bin/env bash
# Two checks of the intact model (coarse mesh, P1, 7.5 N·m flexion and extension):
#  1. imprinting the MILD tools (kept, not removed) only adds internal faces: the intact ROM
#     with and without them agrees within 1 %;
#  2. the ROM does not depend on the number of ranks (1 vs 2, relative 1e-6), on a partition
#     where a ligament fibre and a facet pair span both ranks (asserted). The runs split the
#     mesh in slabs along the cranial axis: METIS's cut moves with every mesh change and once
#     left both facet joints whole on one rank each.
# usage: intact_consistency.sh <work dir> <repo> <spine-fe> <mpiexec and its options...>
set -eu
dir=$1; repo=$2; exe=$3; shift 3
rm -rf "$dir"; mkdir -p "$dir"
run() { # <name> <plan> <ranks> <mpiexec...>
  local name=$1 plan=$2 ranks=$3; shift 3
  cat > "$dir/$name.prm" <<PRM
include $repo/params/studies/mild-stenotic-coarse.prm
set Output directory = $dir/$name
subsection Surgery
  set Plan = $plan
end
subsection Protocol
  set Moments = 7.5
  set Cases = intact
end
subsection Output
  set Write VTU = false
end
subsection Parallel
  set Partitioner = slabs
end
PRM
  "$@" -np "$ranks" "$exe" study "$dir/$name.prm" > "$dir/$name.log" 2>&1 || { tail -20 "$dir/$name.log"; exit 1; }
}
mpiexec=("$@")
run plain none 2 "${mpiexec[@]}"
run imprinted mild-bilateral 2 "${mpiexec[@]}"
run imprinted_np1 mild-bilateral 1 "${mpiexec[@]}"
/usr/bin/python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
study = {n: json.load(open(f"{d}/{n}/study.json")) for n in ("plain", "imprinted", "imprinted_np1")}
fails = 0
def check(ok, text):
    global fails
    fails += not ok
    print(("ok   " if ok else "FAIL ") + text)
for direction in ("flexion", "extension"):
    rom = {n: s["metrics"][f"rom_{direction}_intact_deg"] for n, s in study.items()}
    diff = abs(rom["imprinted"] - rom["plain"]) / abs(rom["plain"])
    check(diff <= 0.01, f"{direction}: ROM without tools {rom['plain']:.5f} deg, with imprinted tools "
                        f"{rom['imprinted']:.5f} deg ({100 * diff:.3f} %, limit 1 %)")
    diff = abs(rom["imprinted_np1"] - rom["imprinted"]) / abs(rom["imprinted"])
    check(diff <= 1e-6, f"{direction}: ROM on 1 rank {rom['imprinted_np1']:.9f}, on 2 ranks "
                        f"{rom['imprinted']:.9f} deg (relative {diff:.1e}, limit 1e-6)")
    part = next(c for c in study["imprinted"]["cases"] if c["name"] == "intact")[direction]["partition"]
    check(part["ranks"] == 2 and part["fibre_spans_ranks"],
          f"{direction}: on 2 ranks a ligament fibre joins nodes of different ranks")
    check(part["ranks"] == 2 and len(part["contact_pairs_spanning_ranks"]) > 0,
          f"{direction}: on 2 ranks facet pairs spanning ranks: {part['contact_pairs_spanning_ranks']}")
sys.exit(1 if fails else 0)
PY
