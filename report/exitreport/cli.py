"""cli.py: the exit-report command line."""

import argparse
import os
import sys

from . import charts, markdown, sidebyside
from . import compare as cmp
from .parse import parse_file

USAGE = """\
Turn one or two exit-probe serial logs, or exitstat recordings
(exitstat --record FILE or --json), into a Markdown report with charts:
cost per trigger (guest vs host cycles), the boot census by reason, the
timeline (timeline=on) as exits per second by reason, and for a recording
the host-side census (ranking, cycles per exit) and its spread over time.
With two logs (stock vs patched, 6.1 vs 6.12, Intel vs AMD) the tables
show B/A ratios. `exit-report compare LABEL=DIR...` puts runs of the same
probe options on several kernels side by side (`exit-report compare -h`).

exit status: 0 report written; 1 report written but a log had no probe
records or exitstat samples; 2 usage error, matplotlib missing, or the output directory is
not writable."""


COMPARE_USAGE = """\
Put runs of the same probe options on several kernels side by side: per
trigger the exits each kernel took (its own exit number's delta against
the expectation, and the exits of other reasons during it), host cycles
per exit, guest cycles per iteration, each kernel's cost ratio to the
baseline (the first run with results, or --baseline), which triggers
each kernel's source sends through KVM's fastpath (derived: no figure
says it), and the host-side census where a run folder has
probe.host.json. Writes
compare.md, compare.txt and the chart compare-cost.png/.svg (host cycles
per exit by trigger and kernel) to -o DIR, and prints the plain text.

A RUN is LABEL=PATH or PATH: a lab/run-lab --out folder (probe.serial,
and plan for the kernel; a folder without probe.serial is reported as
missing, with the reason in its file `missing` when lab/compare wrote
one) or a probe serial log. LABEL, when it is a kernel line (6.1, 6.12,
7.2), names the line for the fastpath table if the folder has no plan.

exit status: 0 compared, every run had probe results; 1 written, but a
run was missing or had no probe results; 2 usage error, matplotlib
missing, no run with results, or the output directory not writable."""


def compare_main(argv):
    ap = argparse.ArgumentParser(
        prog="exit-report compare", description=COMPARE_USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", metavar="RUN",
                    help="LABEL=DIR or LABEL=LOG (or DIR, LOG), in order")
    ap.add_argument("-o", "--out", default="build/report",
                    help="output directory (default: build/report)")
    ap.add_argument("--baseline", metavar="LABEL",
                    help="the run the ratios divide by (default: the first "
                    "with results)")
    ap.add_argument("--format", default="png,svg",
                    help="chart formats, comma separated (default: png,svg)")
    a = ap.parse_args(argv)
    formats = [f for f in a.format.split(",") if f]
    if not formats or any(f not in ("png", "svg", "pdf") for f in formats):
        ap.error("--format takes png, svg or pdf")
    sources = [cmp.load(*cmp.parse_spec(r)) for r in a.runs]
    labels = [s.label for s in sources]
    if len(set(labels)) < len(labels):
        ap.error("two runs with the same label: give LABEL=PATH")
    if a.baseline and a.baseline not in labels:
        ap.error("--baseline %s is none of the runs (%s)"
                 % (a.baseline, ", ".join(labels)))
    here = cmp.present(sources)
    for s in sources:
        if s.missing:
            print("exit-report: %s: missing: %s" % (s.label, s.missing),
                  file=sys.stderr)
        for w in s.run.warnings if s.run else []:
            print("exit-report: %s: %s" % (s.label, w), file=sys.stderr)
    if not here:
        print("exit-report: no run with probe results to compare",
              file=sys.stderr)
        return 2
    base = next((s for s in here if s.label == a.baseline), here[0])
    if a.baseline and base.label != a.baseline:
        print("exit-report: baseline %s has no results: %s is the baseline"
              % (a.baseline, base.label), file=sys.stderr)
    t = sidebyside.Tables(sources, base, None)
    try:
        os.makedirs(a.out, exist_ok=True)
        fig = charts.compare_chart(t.here, t.rows, base)
        paths = []
        if fig is None:
            print("exit-report: no host cycles per exit in any run: the "
                  "chart is not drawn", file=sys.stderr)
        else:
            paths = charts.save(fig, os.path.join(a.out, "compare-cost"),
                                formats)
            png = [p for p in paths if p.endswith(".png")] or paths
            t.chart = os.path.basename(png[0])
        text = sidebyside.text(t)
        written = []
        for name, body in (("compare.md", sidebyside.markdown(t)),
                           ("compare.txt", text)):
            written.append(os.path.join(a.out, name))
            with open(written[-1], "w") as f:
                f.write(body)
    except OSError as e:
        print("exit-report: cannot write to %s: %s" % (a.out, e),
              file=sys.stderr)
        return 2
    sys.stdout.write(text)
    print()
    for p in written + paths:
        print(p)
    return 1 if len(here) < len(sources) else 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["compare"]:
        return compare_main(argv[1:])
    ap = argparse.ArgumentParser(
        prog="exit-report", description=USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("logs", nargs="+", metavar="LOG",
                    help="probe serial log or exitstat recording (one or "
                    "two; a file named compare: ./compare)")
    ap.add_argument("-o", "--out", default="build/report",
                    help="output directory (default: build/report)")
    ap.add_argument("-l", "--label", action="append", default=[],
                    help="name of a run, once per LOG (default: file name)")
    ap.add_argument("--top", type=int, default=10,
                    help="census reasons shown (default: 10)")
    ap.add_argument("--format", default="png,svg",
                    help="chart formats, comma separated (default: png,svg)")
    a = ap.parse_args(argv)
    if len(a.logs) > 2:
        ap.error("at most two logs")
    if len(a.label) > len(a.logs):
        ap.error("more --label than logs")
    formats = [f for f in a.format.split(",") if f]
    if not formats or any(f not in ("png", "svg", "pdf") for f in formats):
        ap.error("--format takes png, svg or pdf")
    if a.top < 1:
        ap.error("--top must be at least 1")

    labels = a.label + [None] * (len(a.logs) - len(a.label))
    runs = [parse_file(p, l) for p, l in zip(a.logs, labels)]
    if len(runs) == 2 and runs[0].label == runs[1].label:
        runs[0].label, runs[1].label = "A", "B"
    for r in runs:
        for w in r.warnings:
            print("exit-report: %s: %s" % (r.path, w), file=sys.stderr)

    try:
        os.makedirs(a.out, exist_ok=True)
        written = {}
        for name, fig in (("cost", charts.cost_chart(runs)),
                          ("census", charts.census_chart(runs, a.top)),
                          ("timeline", charts.timeline_chart(runs)),
                          ("host-census",
                           charts.host_census_chart(runs, a.top)),
                          ("host-spread", charts.host_spread_chart(runs))):
            if fig is None:
                print("exit-report: no data for the %s chart: not drawn"
                      % name, file=sys.stderr)
                continue
            written[name] = charts.save(fig, os.path.join(a.out, name),
                                        formats)
        md = os.path.join(a.out, "report.md")
        with open(md, "w") as f:
            f.write(markdown.render(runs, written, a.top))
    except OSError as e:
        print("exit-report: cannot write to %s: %s" % (a.out, e),
              file=sys.stderr)
        return 2
    print(md)
    for paths in written.values():
        for p in paths:
            print(p)
    return 1 if any(not r.records for r in runs) else 0
