"""charts.py: the report's figures with matplotlib; each returns a Figure,
or None when no run has the data (the caller says so, never an empty
chart)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .data import (census_top, host_census, host_spread,  # noqa: E402
                   timeline_series, trigger_costs)

# Text stays text in SVG (the tests read series names from it), and the
# files do not change from one render to the next.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "exit-probe",
                            "font.size": 9})
METADATA = {"svg": {"Date": None}, "png": {"Software": None}}


def _width(n):
    return 0.8 / max(n, 1)


def cost_chart(runs):
    """Guest and host cycles per exit for each trigger, guest min..max as
    error bars; one bar pair per run."""
    data = [(run, {c["trigger"]: c for c in trigger_costs(run)})
            for run in runs]
    names = []
    for _, costs in data:
        names += [n for n in costs if n not in names]
    if not names:
        return None
    bars = []
    for run, costs in data:
        bars.append(("%s guest" % run.label, run, costs, "guest"))
        if any(c["host"] for c in costs.values()):
            bars.append(("%s host" % run.label, run, costs, "host"))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(names) * len(bars) + 1.5))
    w = _width(len(bars))
    for k, (label, run, costs, what) in enumerate(bars):
        ys, vals, lo, hi = [], [], [], []
        for i, n in enumerate(names):
            c = costs.get(n)
            if not c or not c[what]:
                continue
            ys.append(i + (k - (len(bars) - 1) / 2) * w)
            vals.append(c[what])
            lo.append(c[what] - c["guest_min"] if what == "guest" else 0)
            hi.append(c["guest_max"] - c[what] if what == "guest" else 0)
        err = [lo, hi] if what == "guest" else None
        ax.barh(ys, vals, height=w, xerr=err, label=label, capsize=2,
                hatch="//" if what == "host" else None)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    units = {c["unit"] for _, costs in data for c in costs.values()}
    ax.set_xlabel("cycles per %s (log; guest: median, bars min..max over "
                  "rounds)" % "/".join(sorted(units)))
    ax.set_title("Cost per trigger: guest vs host cycles")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def census_chart(runs, top):
    """Boot census: exits by reason, the top N of each run."""
    tops = [(run, {c["name"]: c["count"] for c in census_top(run, top)})
            for run in runs]
    names = []
    for _, t in tops:
        names += [n for n in t if n not in names]
    if not names:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(names) * len(tops) + 1.5))
    w = _width(len(tops))
    for k, (run, t) in enumerate(tops):
        ys = [i + (k - (len(tops) - 1) / 2) * w for i in range(len(names))]
        bars = ax.barh(ys, [t.get(n, 0) for n in names], height=w,
                       label=run.label)
        # A count of 1 has no length on a log axis: print every count.
        ax.bar_label(bars, fmt="%d", padding=2, fontsize=7)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(0.8, None)
    ax.set_xlabel("exits before the probe ran (log)")
    ax.set_title("Boot census: top %d exit reasons" % top)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def timeline_chart(runs):
    """Exits per second by reason over the phases; one panel per run."""
    panels = [(run, timeline_series(run)) for run in runs]
    panels = [(run, s) for run, s in panels if s and s["series"]]
    if not panels:
        return None
    fig, axes = plt.subplots(len(panels), 1, squeeze=False,
                             figsize=(9, 3.2 * len(panels)))
    for ax, (run, s) in zip(axes[:, 0], panels):
        for j, (phase, t0, t1) in enumerate(s["phases"]):
            ax.axvspan(t0, t1, color="0.9" if j % 2 else "0.97", lw=0)
            ax.text((t0 + t1) / 2, 1.0, phase, ha="center", va="bottom",
                    transform=ax.get_xaxis_transform(), fontsize=8)
        for label, ys in sorted(s["series"].items()):
            pts = [(x, y) for x, y in zip(s["x"], ys)]
            ax.step([p[0] for p in pts], [p[1] if p[1] > 0 else float("nan")
                                          for p in pts],
                    where="pre", label=label, marker=".", ms=3)
        ax.set_yscale("log")
        ax.set_xlabel("time since the first sample (s)")
        if s["host"]:
            ax.set_ylabel("exits per second (log)")
            title = "%s: exits per second by reason (probe reads taken out)"
        else:
            ax.set_ylabel("work units per second (log)")
            title = ("%s: guest-side only, work units per second "
                     "(no stats leaves)")
        ax.set_title(title % run.label, pad=14)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def host_census_chart(runs, top):
    """Host-side census: the top N reasons by count, each bar labelled with
    its count and cycles per exit; one bar per run."""
    cens = [(run, host_census(run)) for run in runs]
    cens = [(run, c) for run, c in cens if c and c["rows"]]
    if not cens:
        return None
    names = []
    for _, c in cens:
        names += [x["name"] for x in c["rows"][:top] if x["name"] not in names]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(names) * len(cens) + 1.6))
    w = _width(len(cens))
    for k, (run, c) in enumerate(cens):
        by = {x["name"]: x for x in c["rows"]}
        ys = [i + (k - (len(cens) - 1) / 2) * w for i in range(len(names))]
        bars = ax.barh(ys, [by[n]["count"] if n in by else 0 for n in names],
                       height=w, label="%s (%d exits)" % (run.label,
                                                          c["exits"]))
        ax.bar_label(bars, labels=["%d, %.0f c/exit" % (by[n]["count"],
                                                        by[n]["per_exit"])
                                   if n in by else "" for n in names],
                     padding=2, fontsize=7)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(0.8, None)
    ax.set_xlabel("exits (log); labels: count, host cycles per exit")
    ax.set_title("Host-side census (exitstat): top %d exit reasons" % top)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def host_spread_chart(runs, top=6):
    """Exits per second over the recording, stacked by the run's top
    reasons plus the rest; one panel per run."""
    panels = [(run, host_spread(run), host_census(run)) for run in runs]
    panels = [p for p in panels if p[1]]
    if not panels:
        return None
    fig, axes = plt.subplots(len(panels), 1, squeeze=False,
                             figsize=(9, 3.2 * len(panels)))
    for ax, (run, spread, cen) in zip(axes[:, 0], panels):
        names = [x["name"] for x in cen["rows"][:top]]
        xs = [s["t0"] for s in spread] + [spread[-1]["t1"]]
        stacks = []
        for n in names + ["other"]:
            ys = []
            for s in spread:
                dt = s["t1"] - s["t0"]
                k = s["reasons"].get(n, 0) if n != "other" else \
                    sum(v for m, v in s["reasons"].items() if m not in names)
                ys.append(k / dt if dt > 0 else 0.0)
            stacks.append(ys + ys[-1:])
        ax.stackplot(xs, stacks, labels=names + ["other"], step="post")
        ax.set_xlabel("time since the first sample (s)")
        ax.set_ylabel("exits per second")
        ax.set_title("%s: exits per second by reason, VM %s (%s)"
                     % (run.label, cen["vm"], cen["vendor"]))
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def save(fig, path_stem, formats):
    """Write fig as path_stem.<fmt> for each format; return the paths."""
    paths = []
    for fmt in formats:
        path = "%s.%s" % (path_stem, fmt)
        fig.savefig(path, dpi=80, metadata=METADATA.get(fmt))
        paths.append(path)
    plt.close(fig)
    return paths


def compare_chart(sources, table, base):
    """Host cycles per exit for each trigger, one bar per kernel, each bar
    labelled with its figure and its ratio to the baseline kernel's."""
    names = [r for r in table if any(c and c["host"] for c in r["cells"])]
    if not names:
        return None
    n = len(sources)
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(names) * n + 1.6))
    w = _width(n)
    b = sources.index(base)
    for k, s in enumerate(sources):
        ys, vals, labels = [], [], []
        for i, r in enumerate(names):
            c = r["cells"][k]
            if not c or not c["host"]:
                continue
            ys.append(i + (k - (n - 1) / 2) * w)
            vals.append(c["host"])
            x = r["host_ratio"][k]
            labels.append("%d" % c["host"] if k == b or x is None
                          else "%d (%.2fx)" % (c["host"], x))
        bars = ax.barh(ys, vals, height=w, label=s.label +
                       (" (baseline)" if k == b else ""))
        ax.bar_label(bars, labels=labels, padding=2, fontsize=7)
    ax.set_yticks(range(len(names)), [r["trigger"] for r in names])
    ax.invert_yaxis()
    ax.set_xscale("log")
    top = max(c["host"] for r in names for c in r["cells"] if c and c["host"])
    ax.set_xlim(None, top * 30)   # room for the labels
    ax.set_xlabel("host cycles per exit (log); labels: cycles (ratio to %s)"
                  % base.label)
    ax.set_title("Host cost per exit by trigger and kernel")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig
