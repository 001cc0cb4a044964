"""cli.py: the exit-report command line."""

import argparse
import os
import sys

from . import charts, markdown
from .parse import parse_file

USAGE = """\
Turn one or two exit-probe serial logs, or exitstat recordings
(exitstat --record FILE or --json), into a Markdown report with charts:
cost per trigger (guest vs host cycles), the boot census by reason, the
timeline (timeline=on) as exits per second by reason, and for a recording
the host-side census (ranking, cycles per exit) and its spread over time.
With two logs (stock vs patched, 6.1 vs 6.12, Intel vs AMD) the tables
show B/A ratios.

exit status: 0 report written; 1 report written but a log had no probe
records or exitstat samples; 2 usage error, matplotlib missing, or the output directory is
not writable."""


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="exit-report", description=USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("logs", nargs="+", metavar="LOG",
                    help="probe serial log or exitstat recording (one or two)")
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
