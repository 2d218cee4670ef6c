"""Sweep definition files (params/sweeps/*.prm) and grid expansion.

    set Base study     = ../studies/mild-stenotic.prm   # relative to this file
    set Name           = depth-x-debulking              # optional, default: file stem
    set Ranks per case = 1                              # optional, default 1
    subsection Grid                 # one axis per line; axes are crossed (Cartesian product)
      set Surgery/MILD/Laminotomy depth = 0, 2, 4, 6
      set Surgery/MILD/LF debulking     = 30%, 60%
    end
    subsection Paired width-position  # optional, any number: its lines advance together
      set Surgery/MILD/Working width    = 4, 6, 8     # (one axis, equal list lengths)
      set Surgery/MILD/Working position = 6, 8, 10
    end

Values are separated by commas. The first axis varies slowest, the last fastest.
"""
import itertools
import os

from . import UserError, prm

TOP_KEYS = {"Base study", "Name", "Ranks per case"}


class Axis:
    def __init__(self, label, paths, values, where):
        self.label, self.paths, self.values, self.where = label, paths, values, where

    def as_json(self):
        return {"label": self.label, "parameters": self.paths, "values": self.values}


class SweepDef:
    def __init__(self, file, base, name, ranks, axes):
        self.file, self.base, self.name, self.ranks, self.axes = file, base, name, ranks, axes

    @property
    def parameters(self):
        return [p for a in self.axes for p in a.paths]

    def cases(self):
        """[(case id, {path: value})] in grid order."""
        combos = list(itertools.product(*[range(len(a.values)) for a in self.axes]))
        width = max(4, len(str(len(combos) - 1)))
        out = []
        for index, combo in enumerate(combos):
            params = {}
            for axis, k in zip(self.axes, combo):
                for path, value in zip(axis.paths, axis.values[k]):
                    params[path] = value
            out.append(("case-%0*d" % (width, index), params))
        return out


def _split_values(entry):
    raw = entry.value
    if not raw.strip():
        raise UserError("%s: empty value list for grid parameter '%s'" % (entry.where(), entry.name))
    values = [v.strip() for v in raw.split(",")]
    for v in values:
        if not v:
            raise UserError("%s: empty value in list '%s' for '%s'" % (entry.where(), raw, entry.name))
        try:
            prm.check_value(entry.name, v)
        except UserError as e:
            raise UserError("%s: %s" % (entry.where(), e))
    if len(set(values)) != len(values):
        dup = [v for v in values if values.count(v) > 1][0]
        raise UserError("%s: value '%s' appears twice for '%s'" % (entry.where(), dup, entry.name))
    return values


def load(path, require_base=True):
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise UserError("sweep file %s does not exist" % path)
    entries = prm.parse(path, follow_includes=False)
    top, axes, seen = {}, [], {}
    paired = {}
    for e in entries:
        if not e.sections:
            if e.name not in TOP_KEYS:
                raise UserError("%s: unknown sweep setting '%s' (known: %s; grid lines go in "
                                "'subsection Grid')" % (e.where(), e.name, ", ".join(sorted(TOP_KEYS))))
            top[e.name] = e
            continue
        if len(e.sections) != 1:
            raise UserError("%s: nested subsection '%s' in a sweep file: write grid parameters as "
                            "paths, e.g. 'set Surgery/MILD/Laminotomy depth = 2, 4'"
                            % (e.where(), "/".join(e.sections)))
        section = e.sections[0]
        name = "/".join(p.strip() for p in e.name.split("/"))
        if name in seen:
            raise UserError("%s: parameter '%s' is already swept at %s" % (e.where(), name, seen[name]))
        seen[name] = e.where()
        e.name = name
        if section == "Grid":
            axes.append(Axis(name, [name], [[v] for v in _split_values(e)], e.where()))
        elif section.split(None, 1)[0] == "Paired":
            label = section[len("Paired"):].strip() or "paired"
            if label not in paired:
                paired[label] = Axis(label, [], None, e.where())
                axes.append(paired[label])
            axis = paired[label]
            values = _split_values(e)
            if axis.values is None:
                axis.values = [[v] for v in values]
            elif len(values) != len(axis.values):
                raise UserError("%s: '%s' has %d values but the other lines of 'Paired %s' have %d"
                                % (e.where(), name, len(values), label, len(axis.values)))
            else:
                for row, v in zip(axis.values, values):
                    row.append(v)
            axis.paths.append(name)
        else:
            raise UserError("%s: unknown subsection '%s' in a sweep file (expected 'Grid' or "
                            "'Paired <label>')" % (e.where(), section))
    if "Base study" not in top or not top["Base study"].value:
        raise UserError("%s: missing 'set Base study = <study .prm>'" % path)
    if not axes:
        raise UserError("%s: empty grid: declare at least one parameter in 'subsection Grid' "
                        "(e.g. set Surgery/MILD/Laminotomy depth = 2, 4)" % path)
    b = top["Base study"]
    base = b.value if os.path.isabs(b.value) else os.path.normpath(
        os.path.join(os.path.dirname(path), b.value))
    if require_base and not os.path.isfile(base):
        raise UserError("%s: Base study = %s: file %s does not exist" % (b.where(), b.value, base))
    ranks = 1
    if "Ranks per case" in top:
        r = top["Ranks per case"]
        if not r.value.isdigit() or int(r.value) < 1:
            raise UserError("%s: Ranks per case = %s: expected a positive integer" % (r.where(), r.value))
        ranks = int(r.value)
    name = top["Name"].value if "Name" in top else os.path.splitext(os.path.basename(path))[0]
    return SweepDef(path, base, name, ranks, axes)
