#!/usr/bin/env bash
# End-to-end checks of `spine-fe run` with a Gmsh-generated bar.
#   cli.sh good <spine-fe> <launcher...>   : run must succeed and write all outputs
#   cli.sh bad  <spine-fe>                 : bad .prm files must fail with one clear line
set -euo pipefail
mode=$1; exe=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
cat > bar.geo <<'GEO'
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 10, 1, 1};
Physical Volume(1) = {1};
Physical Surface(1) = {1};
Physical Surface(2) = {2};
Mesh.CharacteristicLengthMax = 0.6;
Mesh.MshFileVersion = 2.2;
GEO
gmsh -3 -format msh22 bar.geo -o bar.msh > gmsh.log 2>&1 || { cat gmsh.log; exit 1; }

write_prm() { # $1 file, $2 material map, $3 conditions, $4 extra line
cat > "$1" <<PRM
subsection Mesh
  set File = bar.msh
end
subsection Materials
  set Material map = $2
end
subsection Boundary conditions
  set Conditions = $3
end
subsection Load stepping
  set Initial step = 0.5
  set Must points = 0.5, 1
end
subsection Linear solver
  set Solver = CG
end
subsection Output
  set Directory = out
  set Rigid body fits = bar: 1
  set Reactions = 1
end
$4
PRM
}

fail() { echo "FAIL: $*"; exit 1; }

if [ "$mode" = good ]; then
  write_prm good.prm "1: neo-Hookean(E=1000, nu=0.3)" "1: fixed; 2: moment(0, -4, 0)" ""
  "$@" "$exe" run good.prm > run.log 2>&1 || { cat run.log; fail "spine-fe run exited non-zero"; }
  cat run.log
  for f in out/summary.json out/statistics.csv out/parameters.prm out/solution.pvd \
           out/solution_0001.pvtu out/solution_0002.pvtu out/solution_0002.0000.vtu; do
    [ -s "$f" ] || fail "missing output $f"
  done
  grep -q '"completed": true' out/summary.json || fail "summary.json does not say completed"
  grep -q 'bar_roty' out/statistics.csv || fail "rigid-body fit column missing"
  grep -q 'reaction_b1_Fx' out/statistics.csv || fail "reaction column missing"
  ls out | grep -q '\.tmp$' && fail "temporary files left behind"
  echo "PASSED cli good"
  exit 0
fi

check_bad() { # $1 name, $2 expected text; runs bad.prm
  set +e
  "$exe" run bad.prm > out.log 2> err.log
  status=$?
  set -e
  [ $status -ne 0 ] || fail "$1: exit status 0"
  [ "$(wc -l < err.log)" -eq 1 ] || { cat err.log; fail "$1: message is not one line"; }
  grep -q "bad.prm" err.log || { cat err.log; fail "$1: message does not name the file"; }
  grep -q -- "$2" err.log || { cat err.log; fail "$1: message lacks '$2'"; }
  echo "ok   $1: $(cat err.log)"
}
write_prm bad.prm "1: neo-Hookean(E=1000, nu=0.3)" "1: fixed" "subsection Output
  set Colour = red
end"
check_bad "unknown parameter" "Colour"
write_prm bad.prm "1: neo-Hookean(E=1000, nu=0.5)" "1: fixed" ""
check_bad "nu = 0.5" "-1 < nu < 0.5"
write_prm bad.prm "1: neo-Hookean(E=-3, nu=0.3)" "1: fixed" ""
check_bad "negative modulus" "E > 0"
write_prm bad.prm "2: neo-Hookean(E=10, nu=0.3)" "1: fixed" ""
check_bad "region without material" "material id 1 but no law"
write_prm bad.prm "1: neo-Hookean(E=10, nu=0.3)" "1: fixed; 9: pressure(1)" ""
check_bad "missing boundary tag" "boundary id 9"
write_prm bad.prm "1: neo-Hookean(E=10, nu=0.3)" "1: fixed" "subsection Linear solver
  set Solver = Magic
end"
check_bad "bad selection" "Magic"
write_prm bad.prm "1: neo-Hookean(E=10, nu=0.3)" "1: fixed" "subsection Linear solver
  set ML parameters = smoother: sweeps
end"
check_bad "ML option without a value" "ML parameters"
echo "PASSED cli bad"
