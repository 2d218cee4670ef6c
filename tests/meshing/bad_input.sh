#!/usr/bin/env bash
# Bad input gets one clear line (parameter, value, allowed, file), a non-zero exit and no
# output folder. usage: bad_input.sh <spine-fe> <scratch dir>
set -u
exe=$1; dir=$2
rm -rf "$dir"; mkdir -p "$dir"
fails=0
expect() { # name, expected message part, prm body
  local name=$1 want=$2 body=$3
  printf 'set Output directory = %s/out-%s\n%s\n' "$dir" "$name" "$body" > "$dir/$name.prm"
  out=$("$exe" mesh "$dir/$name.prm" 2>&1); rc=$?
  if [[ $rc -eq 0 ]]; then echo "FAIL $name: exit 0"; fails=$((fails+1)); return; fi
  if ! grep -qF -- "$want" <<<"$out"; then echo "FAIL $name: message lacks '$want': $out"; fails=$((fails+1)); return; fi
  if [[ $(wc -l <<<"$out") -ne 1 ]]; then echo "FAIL $name: not one line: $out"; fails=$((fails+1)); return; fi
  if ! grep -qF "$name.prm" <<<"$out"; then echo "FAIL $name: message does not name the file: $out"; fails=$((fails+1)); return; fi
  if ls -d "$dir"/out-"$name"* "$dir"/.out-"$name"* >/dev/null 2>&1; then echo "FAIL $name: output left behind"; fails=$((fails+1)); return; fi
  echo "ok   $name: $out"
}
expect out_of_range "Body width" 'subsection Anatomy
  subsection L5
    set Body width = 500
  end
end'
expect unknown_parameter "Body wdth" 'subsection Anatomy
  subsection L5
    set Body wdth = 50
  end
end'
expect unknown_preset "Anatomy/Preset" 'subsection Anatomy
  set Preset = acromegalic
end'
expect unknown_local_sizes "Local sizes" 'subsection Mesh
  set Local sizes = everywhere
end'
expect margin_breach "ventral LF margin" 'subsection Surgery
  set Plan = mild-bilateral
  subsection MILD
    set LF debulking = 95%
  end
end'
expect too_deep "more lamina than exists" 'subsection Surgery
  set Plan = mild-bilateral
  subsection MILD
    set Laminotomy depth = 35
  end
end'
expect unknown_side "Side" 'subsection Surgery
  set Plan = mild-bilateral
  set Side = middle
end'
expect zero_width "Working width" 'subsection Surgery
  set Plan = mild-bilateral
  subsection MILD
    set Working width = 0
  end
end'
expect no_ligaments "Ligament removal/Ligaments" 'subsection Surgery
  set Procedure = ligament removal
end'
expect unknown_ligament "Ligaments" 'subsection Surgery
  set Procedure = ligament removal
  subsection Ligament removal
    set Ligaments = SSL, LF
  end
end'
[[ $fails -eq 0 ]] && echo "all bad-input messages ok" || { echo "$fails bad-input check(s) failed"; exit 1; }
