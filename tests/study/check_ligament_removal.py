#!/usr/bin/python3
"""Checks a ligament-removal study (SSL and ISL cut, flexion): the operated case shares the
intact mesh, carries no force in the cut ligaments, and flexes more than the intact segment
(the cut ligaments are the ones that resist flexion in the intact run)."""
import sys

from studycheck import Checks, load

study = load(sys.argv[1])
check = Checks()




cut = study["study"]["cut_ligaments"]
check(sorted(cut) == ["ISL", "SSL"], f"study records the cut ligaments {cut}")
cases = {c["name"]: c for c in study["cases"]}
check(set(cases) == {"intact", "operated"}, f"intact and operated cases {sorted(cases)}")
check(cases["operated"]["mesh_case"] == "intact", "operated case shares the intact mesh (no cells removed)")
peak = {n: c["flexion"]["levels"][-1] for n, c in cases.items()}
for n in cases:
    check(cases[n]["flexion"]["completed"], f"{n} flexion reached the peak moment")
intact_f, operated_f = peak["intact"]["ligament_force_N"], peak["operated"]["ligament_force_N"]
for lig in cut:
    check(intact_f.get(lig, 0) > 1, f"intact {lig} carries {intact_f.get(lig, 0):.2f} N in flexion")
    check(lig not in operated_f, f"operated case has no {lig} fibres ({sorted(operated_f)})")
check(set(operated_f) == set(intact_f) - set(cut), "the other ligaments are kept")
rom_i, rom_o = peak["intact"]["rotation_deg"], peak["operated"]["rotation_deg"]
check(rom_o > rom_i * 1.02, f"flexion ROM rises when the tension band is cut: {rom_i:.3f} -> {rom_o:.3f} deg")
m = study["metrics"]
check(abs(m["canal_area_neutral_operated_mm2"] - m["canal_area_neutral_intact_mm2"]) < 1e-3,
      "neutral canal unchanged to 1e-3 mm2 (no tissue removed; the cut ligaments carry no pre-strain)")
check(m["removed_volume_mm3"] == 0, "no volume removed")
check.exit()
