"""Reader/writer for deal.II ParameterHandler files (the subset spine-fe uses).

Syntax: `subsection Name` ... `end`, `set Name = value`, `include file`, `#` comments
(`\\#` is a literal #), trailing `\\` continues a line. Keywords are case-insensitive
like deal.II's. A parameter is named by its path, 'Surgery/MILD/Laminotomy depth'.
"""
import hashlib
import json
import os
import re

from . import REPO, UserError


class Entry:
    __slots__ = ("sections", "name", "value", "file", "line")

    def __init__(self, sections, name, value, file, line):
        self.sections, self.name, self.value, self.file, self.line = sections, name, value, file, line

    @property
    def path(self):
        return "/".join(self.sections + (self.name,))

    def where(self):
        return "%s:%d" % (self.file, self.line)


def _logical_lines(text):
    """(line number, stripped text without comment), joining continued lines."""
    pending, start = "", None
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(?<!\\)#.*$", "", raw).replace("\\#", "#")
        if start is None:
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        yield start, (pending + line).strip()
        pending, start = "", None
    if pending.strip():
        yield start, pending.strip()


def parse(path, follow_includes=True, _stack=()):
    """Entries of a prm file in file order (includes expanded in place)."""
    path = os.path.abspath(path)
    if path in _stack:
        raise UserError("%s: include cycle (%s)" % (path, " -> ".join(_stack + (path,))))
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise UserError("cannot read parameter file %s: %s" % (path, e.strerror))
    entries, sections = [], []
    for number, line in _logical_lines(text):
        if not line:
            continue
        word = line.split(None, 1)[0].lower()
        rest = line[len(word):].strip()
        where = "%s:%d" % (path, number)
        if word == "subsection":
            if not rest:
                raise UserError("%s: 'subsection' without a name" % where)
            sections.append(rest)
        elif word == "end":
            if not sections:
                raise UserError("%s: 'end' without an open subsection" % where)
            sections.pop()
        elif word == "set":
            if "=" not in rest:
                raise UserError("%s: expected 'set Name = value', got '%s'" % (where, line))
            name, value = rest.split("=", 1)
            name = " ".join(name.split())
            if not name:
                raise UserError("%s: 'set' without a parameter name" % where)
            entries.append(Entry(tuple(sections), name, value.strip(), path, number))
        elif word == "include":
            if sections:
                raise UserError("%s: 'include' inside a subsection is not supported" % where)
            if not follow_includes:
                entries.append(Entry((), "include", rest, path, number))
                continue
            target = rest
            if not os.path.isabs(target):
                beside = os.path.join(os.path.dirname(path), target)
                target = beside if os.path.exists(beside) else os.path.abspath(target)
            if not os.path.exists(target):
                raise UserError("%s: included file '%s' does not exist" % (where, rest))
            entries.extend(parse(target, True, _stack + (path,)))
        else:
            raise UserError("%s: unknown keyword '%s' (expected subsection, end, set, include)"
                            % (where, line.split(None, 1)[0]))
    if sections:
        raise UserError("%s: subsection '%s' is never closed by 'end'" % (path, "/".join(sections)))
    return entries


def flatten(entries):
    """{path: value}, the last assignment winning (as in deal.II)."""
    out = {}
    for e in entries:
        out[e.path] = e.value
    return out


def params_directory():
    return os.environ.get("SPINE_FE_PARAMS") or os.path.join(REPO, "params")


def _preset_file(kind, name, study_file):
    # Mirrors meshes/model_input.cc: a name with '/' or '.prm' is relative to the study file,
    # otherwise params/<kind>/<name>.prm.
    if "/" in name or name.endswith(".prm"):
        return os.path.join(os.path.dirname(os.path.abspath(study_file)), name)
    return os.path.join(params_directory(), kind, name + ".prm")


def resolve_study(path):
    """The parameters spine-fe would see for a study file: anatomy preset, surgery plan, then
    the file itself (with its includes). Returns (flat dict, list of files read)."""
    entries = parse(path)
    first = flatten(entries)
    resolved, files = {}, []
    for kind, key, default in (("anatomy", "Anatomy/Preset", "normal"),
                               ("surgery", "Surgery/Plan", "none")):
        name = first.get(key, default)
        if kind == "surgery" and name == "none":
            continue
        preset = _preset_file(kind, name, path)
        if not os.path.exists(preset):
            # Only the built-in defaults exist for 'normal'; anything else is an input error.
            if kind == "anatomy" and name == "normal":
                continue
            raise UserError("%s: %s = %s names no existing preset file (%s)"
                            % (path, key, name, preset))
        preset_entries = parse(preset)
        resolved.update(flatten(preset_entries))
        files.extend(sorted({e.file for e in preset_entries}))
    resolved.update(first)
    files.extend(f for f in dict.fromkeys(e.file for e in entries) if f not in files)
    return resolved, files


def content_hash(flat):
    """Hash of resolved parameters: blind to comments, layout, include structure."""
    blob = json.dumps(sorted(flat.items()), ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def study_hash(path):
    flat, files = resolve_study(path)
    flat = {k: v for k, v in flat.items() if k != "Output directory"}
    return content_hash(flat), files


def check_value(path, value):
    if "#" in value or "\n" in value or "\\" in value:
        raise UserError("value '%s' of %s contains '#', '\\' or a newline" % (value, path))


def render_overrides(include, overrides, header=None):
    """Override file text: `include <abs path>` then one nested block per distinct section.
    overrides: list of (path, value) in the desired order."""
    tree = {}
    for path, value in overrides:
        check_value(path, value)
        parts = path.split("/")
        node = tree
        for p in parts[:-1]:
            node = node.setdefault(("s", p), {})
        node[("v", parts[-1])] = value
    lines = []
    if header:
        lines += ["# " + h for h in header]
    lines.append("include " + include)

    def emit(node, depth):
        pad = "  " * depth
        for (kind, name), val in node.items():
            if kind == "v":
                lines.append("%sset %s = %s" % (pad, name, val))
        for (kind, name), val in node.items():
            if kind == "s":
                lines.append("%ssubsection %s" % (pad, name))
                emit(val, depth + 1)
                lines.append("%send" % pad)

    emit(tree, 0)
    return "\n".join(lines) + "\n"


_NUM = re.compile(r"^\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*(%?)\s*$")


def number(text):
    """'4' -> 4.0, '60%' -> 60.0, anything else -> None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    m = _NUM.match(str(text))
    return float(m.group(1)) if m else None


def is_percent(text):
    return isinstance(text, str) and text.strip().endswith("%") and number(text) is not None
