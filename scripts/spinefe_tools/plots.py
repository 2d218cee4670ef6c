"""Sweep plots (PNG + SVG): canal gain vs depth, ROM change vs depth, gain vs stability cost."""
import os

from .prm import number

DEPTH_PARAM = "Surgery/MILD/Laminotomy depth"


def _depth(row):
    v = row.get("laminotomy_depth_mm")
    return number(v) if v not in (None, "") else number(row.get(DEPTH_PARAM))


def _series(rows, params):
    """Group done rows by the swept parameters other than the depth -> label."""
    others = [p for p in params if p != DEPTH_PARAM]
    groups = {}
    for r in rows:
        if r.get("status") != "done":
            continue
        label = ", ".join("%s=%s" % (p.split("/")[-1], r.get(p)) for p in others) or "all"
        groups.setdefault(label, []).append(r)
    return groups


def _save(fig, folder, stem):
    out = []
    for ext in ("png", "svg"):
        p = os.path.join(folder, "%s.%s" % (stem, ext))
        fig.savefig(p, dpi=120, bbox_inches="tight")
        out.append(p)
    return out


def sweep_plots(rows, manifest, folder):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(folder, exist_ok=True)
    params = manifest["parameters"]
    groups = _series(rows, params)
    written = []
    name = manifest["name"]

    def vs_depth(metrics, ylabel, stem, title):
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        drawn = 0
        for label, rs in sorted(groups.items()):
            for metric, style in metrics:
                pts = sorted((_depth(r), number(r.get(metric))) for r in rs
                             if _depth(r) is not None and number(r.get(metric)) is not None)
                if pts:
                    xs, ys = zip(*pts)
                    ax.plot(xs, ys, style, marker="o",
                            label=(label if len(metrics) == 1 else "%s (%s)" % (label, metric)))
                    drawn += 1
        ax.set_xlabel("laminotomy depth (mm)")
        ax.set_ylabel(ylabel)
        ax.set_title("%s: %s" % (name, title))
        ax.grid(alpha=0.3)
        if drawn:
            ax.legend(fontsize=7)
        else:
            ax.text(0.5, 0.5, "no results", ha="center", transform=ax.transAxes)
        written.extend(_save(fig, folder, stem))
        plt.close(fig)

    vs_depth([("canal_gain_extension_mm2", "-")], "extension canal gain (mm²)",
             "canal-gain-vs-depth", "canal gain vs depth")
    vs_depth([("rom_flexion_change_pct", "-"), ("rom_extension_change_pct", "--")],
             "ROM change (%)", "rom-change-vs-depth", "ROM change vs depth")

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    xs, ys, labels = [], [], []
    for r in rows:
        if r.get("status") != "done":
            continue
        fl, ex = number(r.get("rom_flexion_change_pct")), number(r.get("rom_extension_change_pct"))
        gain = number(r.get("canal_gain_extension_mm2"))
        cost = max([v for v in (fl, ex) if v is not None], default=None)
        if cost is not None and gain is not None:
            xs.append(cost), ys.append(gain), labels.append(r["case"])
    ax.scatter(xs, ys, s=18)
    if len(xs) <= 40:
        for x, y, l in zip(xs, ys, labels):
            ax.annotate(l.replace("case-", ""), (x, y), fontsize=6, xytext=(2, 2),
                        textcoords="offset points")
    ax.set_xlabel("stability cost: max(flexion, extension) ROM change (%)")
    ax.set_ylabel("extension canal gain (mm²)")
    ax.set_title("%s: nerve-space gain vs stability cost (%d cases)" % (name, len(xs)))
    ax.grid(alpha=0.3)
    written.extend(_save(fig, folder, "gain-vs-stability"))
    plt.close(fig)
    return written
