"""Checkable claims over collected sweep results (params/claims/*.prm).

    subsection Claim <id>
      set Text      = <the sentence the claim stands for>
      set Where     = <column> <op> <value>; ...       # optional filter (AND); all rows if absent
      set Metric    = <metric column>[, <metric column> ...]
      set Require   = all|any <op> <number | min(reference) | max(reference) | mean(reference)>
      set Reference = <column> <op> <value>; ...       # rows that (reference) aggregates over
    end

<op> is one of < <= > >= == !=. Numbers compare numerically; '50%' only matches percent cells
('60%'), a plain number only plain cells. Verdicts: PASS, FAIL, ERROR (no matching rows, an
empty/null/non-numeric metric in a matching row, unknown metric or column).
"""
import csv
import difflib
import operator
import os
import re

from . import UserError, prm

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
       "==": operator.eq, "!=": operator.ne}
COND = re.compile(r"^(.*?)\s*(<=|>=|==|!=|<|>)\s*(.*)$")
REQ = re.compile(r"^(all|any)\s*(<=|>=|==|!=|<|>)\s*(.+)$", re.I)
REF = re.compile(r"^(min|max|mean)\s*\(\s*reference\s*\)$", re.I)
KEYS = {"Text", "Where", "Metric", "Require", "Reference"}


class Claim:
    def __init__(self, cid, where):
        self.id, self.where_line = cid, where
        self.text = self.filter = self.reference = ""
        self.metrics, self.require = [], None


def _conditions(text, where, key):
    out = []
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        m = COND.match(part)
        if not m or not m.group(1) or not m.group(3):
            raise UserError("%s: %s: cannot read condition '%s' (expected '<column> <op> <value>', "
                            "op one of < <= > >= == !=)" % (where, key, part))
        out.append((m.group(1).strip(), m.group(2), m.group(3).strip()))
    return out


def load(path):
    entries = prm.parse(path, follow_includes=False)
    claims, by_id = [], {}
    for e in entries:
        if len(e.sections) != 1 or not e.sections[0].startswith("Claim "):
            raise UserError("%s: '%s' outside a 'subsection Claim <id>' block" % (e.where(), e.name))
        cid = e.sections[0][len("Claim "):].strip()
        if cid not in by_id:
            by_id[cid] = Claim(cid, e.where())
            claims.append(by_id[cid])
        c = by_id[cid]
        if e.name not in KEYS:
            raise UserError("%s: unknown claim setting '%s' (known: %s)"
                            % (e.where(), e.name, ", ".join(sorted(KEYS))))
        if e.name == "Text":
            c.text = e.value
        elif e.name == "Where":
            c.filter = _conditions(e.value, e.where(), "Where")
        elif e.name == "Reference":
            c.reference = _conditions(e.value, e.where(), "Reference")
        elif e.name == "Metric":
            c.metrics = [m.strip() for m in e.value.split(",") if m.strip()]
        elif e.name == "Require":
            m = REQ.match(e.value.strip())
            if not m:
                raise UserError("%s: Require = %s: expected 'all|any <op> <number or "
                                "min|max|mean(reference)>'" % (e.where(), e.value))
            rhs = m.group(3).strip()
            ref = REF.match(rhs)
            if ref:
                rhs_v = ("reference", ref.group(1).lower())
            elif prm.number(rhs) is not None and not prm.is_percent(rhs):
                rhs_v = ("number", prm.number(rhs))
            else:
                raise UserError("%s: Require = %s: threshold '%s' is neither a number nor "
                                "min|max|mean(reference)" % (e.where(), e.value, rhs))
            c.require = (m.group(1).lower(), m.group(2), rhs_v, e.value.strip())
    if not claims:
        raise UserError("%s: no claims ('subsection Claim <id>' blocks)" % path)
    for c in claims:
        for key, val in (("Metric", c.metrics), ("Require", c.require), ("Text", c.text)):
            if not val:
                raise UserError("%s: claim %s has no '%s'" % (c.where_line, c.id, key))
        if c.require[2][0] == "reference" and not c.reference:
            raise UserError("%s: claim %s compares with (reference) but has no 'Reference' filter"
                            % (c.where_line, c.id))
    return claims


def load_rows(paths):
    rows, columns = [], []
    names = [os.path.basename(p) for p in paths]
    for p in paths:
        try:
            with open(p, newline="") as f:
                r = csv.DictReader(f)
                if not r.fieldnames:
                    raise UserError("%s: empty CSV" % p)
                for c in r.fieldnames:
                    if c not in columns:
                        columns.append(c)
                for row in r:
                    row["csv"] = os.path.basename(p) if names.count(os.path.basename(p)) == 1 else p
                    rows.append(row)
        except OSError as e:
            raise UserError("cannot read results %s: %s" % (p, e.strerror))
    return rows, columns + ["csv"]


def _match(cell, op, value):
    if cell is None or cell == "":
        return False
    a, b = prm.number(cell), prm.number(value)
    if a is not None and b is not None and prm.is_percent(cell) == prm.is_percent(value):
        return OPS[op](a, b)
    if op in ("==", "!="):
        return OPS[op](cell.strip(), value)
    return False


def _select(rows, conds):
    return [r for r in rows if all(_match(r.get(col), op, val) for col, op, val in conds)]


def _unfinished_maybe(rows, conds):
    """Rows without results (status not done) that might match: every condition either holds
    or reads a cell that is empty because the case has no results."""
    out = []
    for r in rows:
        if r.get("status", "done") == "done":
            continue
        if all(_match(r.get(col), op, val) or not r.get(col) for col, op, val in conds):
            out.append(r)
    return out


class Result:
    def __init__(self, claim, verdict, n=0, worst="", value="", detail=""):
        self.claim, self.verdict, self.n, self.worst, self.value, self.detail = \
            claim, verdict, n, worst, value, detail


def _label(row, multi_csv):
    case = row.get("case") or "row"
    return "%s:%s" % (row.get("sweep") or row["csv"], case) if multi_csv else case


def evaluate(claim, rows, columns):
    multi = len({r["csv"] for r in rows}) > 1
    for key, conds in (("Where", claim.filter), ("Reference", claim.reference)):
        for col, _, _ in conds or []:
            if col not in columns:
                close = difflib.get_close_matches(col, columns, n=1)
                return Result(claim, "ERROR", detail="unknown column '%s' in %s%s" % (
                    col, key, "; did you mean '%s'?" % close[0] if close else ""))
    for m in claim.metrics:
        if m not in columns:
            close = difflib.get_close_matches(m, columns, n=1)
            return Result(claim, "ERROR", detail="unknown metric '%s' (no such column in the results%s)"
                          % (m, "; did you mean '%s'?" % close[0] if close else ""))
    selected = _select(rows, claim.filter)
    for key, conds in (("Where", claim.filter), ("Reference", claim.reference)):
        if key == "Reference" and claim.require[2][0] != "reference":
            continue
        lost = _unfinished_maybe(rows, conds)
        if lost:
            r = lost[0]
            return Result(claim, "ERROR", len(selected), worst=_label(r, multi), value="empty",
                          detail="missing results: %d case(s) without results may match %s, e.g. %s "
                          "(status %s)" % (len(lost), key, _label(r, multi), r.get("status")))
    if not selected:
        return Result(claim, "ERROR", detail="missing results: no row matches Where")
    quant, op, (kind, rhs), req_text = claim.require
    values = []
    for m in claim.metrics:
        threshold = rhs
        if kind == "reference":
            ref_rows = _select(rows, claim.reference)
            if not ref_rows:
                return Result(claim, "ERROR", len(selected),
                              detail="missing results: no row matches Reference")
            ref_vals = []
            for r in ref_rows:
                v = prm.number(r.get(m))
                if v is None or prm.is_percent(r.get(m)):
                    return Result(claim, "ERROR", len(selected), detail="missing result: %s is empty in "
                                  "reference row %s (status %s)" % (m, _label(r, multi), r.get("status", "?")))
                ref_vals.append(v)
            threshold = {"min": min, "max": max,
                         "mean": lambda xs: sum(xs) / len(xs)}[rhs](ref_vals)
        for r in selected:
            v = prm.number(r.get(m))
            if v is None or prm.is_percent(r.get(m)):
                return Result(claim, "ERROR", len(selected),
                              worst=_label(r, multi), value=r.get(m) or "empty",
                              detail="missing result: %s is empty/non-numeric in %s (status %s)"
                              % (m, _label(r, multi), r.get("status", "?")))
            margin = {"<": threshold - v, "<=": threshold - v, ">": v - threshold,
                      ">=": v - threshold, "==": -abs(v - threshold), "!=": abs(v - threshold)}[op]
            values.append((margin, OPS[op](v, threshold), r, m, v, threshold))
    n = len(selected)
    if quant == "all":
        pick = min(values, key=lambda t: (t[1], t[0]))   # a violation first, else least margin
        verdict = "PASS" if all(t[1] for t in values) else "FAIL"
    else:
        pick = max(values, key=lambda t: (t[1], t[0]))   # best candidate
        verdict = "PASS" if any(t[1] for t in values) else "FAIL"
    _, _, r, m, v, threshold = pick
    worst = _label(r, multi) + (" " + m if len(claim.metrics) > 1 else "")
    detail = "%s %s %s" % (m, op, "%g" % threshold) + (" (%s of reference)" % rhs if kind == "reference" else "")
    return Result(claim, verdict, n, worst, "%g" % v, detail)


def check(claims_path, csv_paths, out):
    claims = load(claims_path)
    rows, columns = load_rows(csv_paths)
    results = [evaluate(c, rows, columns) for c in claims]
    head = ("claim", "verdict", "rows", "worst case", "value", "requirement / reason")
    table = [head] + [(r.claim.id, r.verdict, str(r.n), r.worst, r.value,
                       ("%s: %s" % (r.claim.require[3], r.detail)) if r.verdict != "ERROR" else r.detail)
                      for r in results]
    widths = [max(len(t[i]) for t in table) for i in range(len(head) - 1)]
    for i, t in enumerate(table):
        out.write("  ".join(t[k].ljust(widths[k]) for k in range(len(widths))) + "  " + t[-1] + "\n")
        if i == 0:
            out.write("  ".join("-" * w for w in widths) + "  " + "-" * len(head[-1]) + "\n")
    counts = {v: sum(r.verdict == v for r in results) for v in ("PASS", "FAIL", "ERROR")}
    out.write("%d claims: %d PASS, %d FAIL, %d ERROR (%s on %s)\n" % (
        len(results), counts["PASS"], counts["FAIL"], counts["ERROR"], claims_path,
        ", ".join(csv_paths)))
    for r in results:
        if r.verdict != "PASS":
            out.write("  %s %s: %s\n" % (r.verdict, r.claim.id, r.claim.text))
    if counts["ERROR"]:
        return 2
    return 1 if counts["FAIL"] else 0
