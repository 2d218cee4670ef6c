#!/usr/bin/python3
"""Bad input gives one clear line naming the file/parameter/value, exit code 2, and nothing is
written or overwritten."""
import os

from sweeptest import FAKE, base_study, check, finish, read, sweep, workdir, write

w = workdir("badinput")
base = base_study(w)


def expect_error(args, needles, what, **extra):
    r = sweep(*args, **extra)
    lines = r.stderr.strip().splitlines()
    ok = (r.returncode == 2 and len(lines) == 1 and lines[0].startswith("sweep: error: ")
          and all(n in lines[0] for n in needles))
    check(ok, "%s -> exit %d: %s" % (what, r.returncode, r.stderr.strip()))
    check("Traceback" not in r.stderr, what + ": no traceback")
    return r


def sweep_file(name, body):
    return write(os.path.join(w, name), "set Base study = base.prm\n" + body)


# Unknown parameter in the grid (validated with `study --list-parameters`).
sf = sweep_file("typo.prm", "subsection Grid\n  set Surgery/MILD/Laminotomy dept = 2, 4\nend\n")
out = os.path.join(w, "typo")
expect_error(("plan", sf, out), [sf + ":3", "unknown parameter 'Surgery/MILD/Laminotomy dept'",
                                 "did you mean 'Surgery/MILD/Laminotomy depth'"], "unknown grid parameter")
check(not os.path.exists(out), "nothing created for an unknown parameter")
check(not [n for n in os.listdir(w) if n.startswith(".plan-")], "no temporary plan folder left behind")
# Executable that cannot tell its parameters.
expect_error(("plan", sf, out, "--exe", "/nonexistent/spine-fe"), ["/nonexistent/spine-fe", "--exe"],
             "missing executable")

# Empty grid: no Grid section, and an empty value list.
sf = sweep_file("nogrid.prm", "set Ranks per case = 1\n")
expect_error(("plan", sf, os.path.join(w, "x")), [sf, "empty grid"], "no grid at all")
sf = sweep_file("emptylist.prm", "subsection Grid\n  set Surgery/MILD/Laminotomy depth =\nend\n")
expect_error(("plan", sf, os.path.join(w, "x")),
             [sf + ":3", "empty value list", "Surgery/MILD/Laminotomy depth"], "empty value list")
sf = sweep_file("hole.prm", "subsection Grid\n  set Surgery/MILD/Laminotomy depth = 2,,4\nend\n")
expect_error(("plan", sf, os.path.join(w, "x")), [sf + ":3", "empty value"], "empty value in a list")
sf = sweep_file("paired.prm", "subsection Paired p\n  set Surgery/Side = left, right\n"
                "  set Surgery/MILD/Working width = 4, 5, 6\nend\n")
expect_error(("plan", sf, os.path.join(w, "x")), [sf + ":4", "3 values", "Paired p", "have 2"],
             "paired lists of different lengths")
sf = sweep_file("key.prm", "set Rank per case = 2\nsubsection Grid\n  set Surgery/Side = left\nend\n")
expect_error(("plan", sf, os.path.join(w, "x")), [sf + ":2", "unknown sweep setting 'Rank per case'"],
             "misspelt sweep setting")
sf = write(os.path.join(w, "nobase.prm"), "set Base study = missing.prm\nsubsection Grid\n"
           "  set Surgery/Side = left\nend\n")
expect_error(("plan", sf, os.path.join(w, "x")), [sf + ":1", "missing.prm", "does not exist"],
             "missing base study")
check(not os.path.exists(os.path.join(w, "x")), "nothing created by any bad sweep file")

# A sweep folder from a different base study (hash mismatch).
good = sweep_file("good.prm", "subsection Grid\n  set Surgery/MILD/Laminotomy depth = 2, 4\nend\n")
folder = os.path.join(w, "sweep")
check(sweep("plan", good, folder).returncode == 0, "plan the good sweep")
manifest = read(os.path.join(folder, "sweep.json"))
other = base_study(w, read(base).replace("Thickness = 5.0", "Thickness = 4.0"), "other.prm")
sf2 = write(os.path.join(w, "other-sweep.prm"), read(good).replace("base.prm", "other.prm"))
expect_error(("plan", sf2, folder), [folder, "planned from base study " + base, other, "nothing overwritten"],
             "plan into a folder of another base study")
sf3 = write(os.path.join(w, "regrid.prm"), read(good).replace("2, 4", "2, 4, 6"))
expect_error(("plan", sf3, folder), [folder, "different grid", "nothing overwritten"],
             "plan a different grid into a planned folder")
# Comments and layout do not change the hash; a value does.
write(base, "# reformatted\n" + read(base).replace("  set", "    set"))
check(sweep("plan", good, folder).returncode == 0, "comment/indent edits keep the base hash")
write(base, read(base).replace("Thickness = 5.0", "Thickness = 5.5"))
expect_error(("run", folder), ["base study " + base, "changed since sweep folder", folder], "run after the base changed")
expect_error(("submit", folder, "--dry-run"), ["changed since sweep folder"], "submit after the base changed")
expect_error(("plan", good, folder), ["planned from base study", "nothing overwritten"], "re-plan after the base changed")
check(read(os.path.join(folder, "sweep.json")) == manifest, "sweep.json never overwritten")
check(not os.path.exists(os.path.join(folder, "cases", "case-0000", "log.txt")), "no case was run")
write(base, read(base).replace("Thickness = 5.5", "Thickness = 5.0"))

# Other bad invocations.
expect_error(("run", folder, "--jobs", "2", "--ranks", "2"), ["--jobs 2 x --ranks 2", "exceeds"],
             "jobs x ranks beyond the cores", SPINE_FE_OVERSUBSCRIBE="")
expect_error(("status", os.path.join(w, "nothing")), ["is not a sweep folder"], "status of a non-sweep folder")
os.makedirs(os.path.join(w, "busy"))
write(os.path.join(w, "busy", "keep.txt"), "mine")
expect_error(("plan", good, os.path.join(w, "busy")), ["not empty", "nothing overwritten"], "plan into a foreign folder")
check(os.listdir(os.path.join(w, "busy")) == ["keep.txt"], "foreign folder untouched")
finish()
