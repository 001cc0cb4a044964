"""sidebyside.py: the comparison of kernels as text, once as Markdown
tables and once as plain aligned columns, from the same rows."""

from . import compare as cmp
from . import fastpath


def _exit(code, vendor):
    if code is None:
        return "-"
    return "0x%x" % code if vendor == "amd" else str(code)


def _exits(c, vendor):
    x = _exit(c["exit"], vendor)
    return x if c["exit2"] is None else x + "+" + _exit(c["exit2"], vendor)


def _n(v):
    return "-" if v is None else "%.0f" % v


def _x(v):
    return "-" if v is None else "%.2fx" % v


def _taken(c):
    """The trigger's own exits on one kernel: count, expectation, verdict."""
    if c is None:
        return "not run"
    if c["verdict"] == "SKIP":
        return "SKIP"
    if c["delta"] is None:
        return "- (no leaves)" if not c["stats"] else "-"
    mark = {"PASS": " ok", "FAIL": " FAIL"}.get(c["verdict"], "")
    return "%d %s%s%s" % (c["delta"], c["expect"], mark,
                          " (noexit)" if c["noexit"] else "")


def _other(c):
    return "-" if c is None or c["other"] is None else "+%d" % c["other"]


def _section(title, head, rows, items=(), legend=()):
    """A section: its table, notes on the data (items) and what the
    columns mean (legend, in the Markdown only)."""
    return {"title": title, "head": head, "rows": rows,
            "items": list(items), "legend": list(legend)}


class Tables:
    """The comparison's sections (see _section)."""

    def __init__(self, sources, base, chart):
        self.sources, self.base, self.chart = sources, base, chart
        self.here = cmp.present(sources)
        self.rows = cmp.rows(self.here, base) if self.here else []
        self.vendor = base.vendor if base else "?"

    def runs(self):
        head = ["run", "kernel", "KVM", "source", "vendor", "stats leaves",
                "PASS/FAIL/SKIP", "summary"]
        rows = []
        for s in self.sources:
            kernel = s.abi or s.line or "?"
            if s.missing:
                rows.append([s.label, kernel, s.modules or "-", s.path, "-",
                             "-", "-", "**missing**: " + s.missing])
                continue
            r = s.run
            n = {k: sum(1 for v, _ in r.verdicts if v == k)
                 for k in ("PASS", "FAIL", "SKIP")}
            summ = r.summary
            rows.append([s.label + (" (baseline)" if s is self.base else ""),
                         kernel, s.modules or "-", s.path, s.vendor,
                         "present" if r.stats else "absent",
                         "%d/%d/%d" % (n["PASS"], n["FAIL"], n["SKIP"]),
                         "%s tests, %s failures" % (summ.get("tests", "?"),
                                                    summ.get("failures", "?"))
                         if summ else "**no summary (truncated)**"])
        notes = ["%s: %s" % (s.label, w) for s in self.here
                 for w in s.run.warnings] + \
            ["%s: %s" % (s.label, n) for s in self.sources for n in s.notes]
        return _section("Runs", head, rows, notes)

    def exits(self):
        head = ["trigger", "exit"]
        for s in self.here:
            head += ["%s exits" % s.label, "%s other" % s.label]
        head.append("differs")
        rows, skips = [], []
        for row in self.rows:
            first = next(c for c in row["cells"] if c)
            out = [row["trigger"], _exits(first, self.vendor)]
            for s, c in zip(self.here, row["cells"]):
                out += [_taken(c), _other(c)]
                if c and c["verdict"] == "SKIP":
                    skips.append("%s skipped on %s: %s"
                                 % (row["trigger"], s.label, c["reason"]))
            out.append(", ".join(row["differs"]) or "-")
            rows.append(out)
        notes = ["**exits**: the delta of the trigger's own exit number(s) "
                 "over all its rounds, the probe's own reads taken out, "
                 "with the expectation it was judged by (`=N` exact, "
                 "`lo..hi`, `any`) and the verdict; **other**: the exits "
                 "of every other reason during the same rounds (the total "
                 "leaf's delta less the trigger's own: timer interrupts, "
                 "the exit a lab reports under another code). The probe "
                 "does not break `other` down by reason.",
                 "**differs**: verdict, exits per iteration, or exit "
                 "number not the same on every kernel that ran it."]
        return _section("Exits per trigger", head, rows, skips, notes)

    def costs(self):
        others = [s for s in self.here if s is not self.base]
        head = ["trigger"] + ["%s host c/exit" % s.label for s in self.here] \
            + ["%s guest c/iter" % s.label for s in self.here] \
            + ["host %s/%s" % (s.label, self.base.label) for s in others] \
            + ["guest %s/%s" % (s.label, self.base.label) for s in others]
        idx = [self.here.index(s) for s in others]
        rows = []
        for row in self.rows:
            cells = row["cells"]
            rows.append([row["trigger"]] +
                        [_n(c and c["host"]) for c in cells] +
                        [_n(c and c["guest_iter"]) for c in cells] +
                        [_x(row["host_ratio"][k]) for k in idx] +
                        [_x(row["guest_ratio"][k]) for k in idx])
        if rows and others:
            mean = ["geometric mean"] + [""] * (2 * len(self.here))
            for key in ("host_ratio", "guest_ratio"):
                for k in idx:
                    g, n = cmp.geomean([r[key] for r in self.rows], k)
                    mean.append("%s (%d)" % (_x(g), n) if g else "-")
            rows.append(mean)
        notes = ["**host c/exit**: KVM's cycles per exit of the trigger's "
                 "own reason (0x4FFFFFFF), without QEMU's part or the world "
                 "switch; **guest c/iter**: the guest's RDTSC cycles per "
                 "iteration, median of the rounds, the nop loop "
                 "subtracted. Ratios divide each kernel's figure by the "
                 "baseline's (%s); the geometric mean is over the triggers "
                 "with both figures (their number in brackets)."
                 % self.base.label,
                 "In the nested lab every cycle is emulated time and follows "
                 "the build machine's load: compare runs made one after the "
                 "other (lab/compare), and read a ratio near 1 as no "
                 "difference."] if self.base else []
        return _section("Cost per exit and ratio to %s" % self.base.label,
                        head, rows, (), notes)

    def fastpath(self):
        fr = cmp.fastpath_rows(self.here, self.rows)
        head = ["trigger"] + ["%s fastpath (derived)" % s.label
                              for s in self.here] + \
            ["%s host c/exit / CPUID's" % s.label for s in self.here] + \
            ["reading"]
        rows, why = [], []
        for f in fr:
            rows.append([f["trigger"]] + [v for v, _ in f["fastpath"]] +
                        [_x(x) for x in f["rel_cpuid"]] + [f["reading"]])
            why += ["%s on %s: %s" % (f["trigger"], s.label, w)
                    for s, (_, w) in zip(self.here, f["fastpath"])]
        if not fr:
            why.append("No trigger in these runs has a fastpath case on any "
                       "known line (the exits of %s have one)." % ", ".join(
                           sorted(fastpath.TRIGGERS)))
        notes = ["Nothing in the figures marks an exit as handled in the "
                 "fastpath: the leaves, debugfs `exit_stats` and the "
                 "`kvm_exit` tracepoint count both paths the same. The "
                 "**fastpath** columns are derived from each kernel line's "
                 "source (report/exitreport/fastpath.py: the vendors' "
                 "`*_exit_handlers_fastpath()` and the MSR write fastpath "
                 "of 6.1.192, 6.12.117 and 7.2.13), per trigger; the "
                 "measured hint is the trigger's host cycles per exit "
                 "divided by the same kernel's CPUID exit, which takes the "
                 "full handler on every line."]
        return _section("Fastpath", head, rows, why, notes)

    def host(self):
        hr = cmp.host_rows(self.here)
        if not hr:
            return None
        others = [s for s in self.here if s is not self.base]
        head = ["code", "reason"]
        for s in self.here:
            head += ["%s exits" % s.label, "%s c/exit" % s.label]
        head += ["exits %s/%s" % (s.label, self.base.label) for s in others]
        b = self.here.index(self.base)
        rows = []
        for t in [{"code": "", "name": "total", "per": hr["totals"]}] + \
                hr["rows"]:
            out = [t["code"], t["name"]]
            for p in t["per"]:
                out += [_n(p[0]), _n(p[1])] if p else ["-", "-"]
            for s in others:
                p, q = t["per"][b], t["per"][self.here.index(s)]
                out.append(_x(cmp.ratio(p and p[0], q and q[0])))
            rows.append(out)
        notes = ["The probe VM's whole life as KVM counted it (debugfs "
                 "`exit_stats` read by `exitstat --json` while the probe "
                 "held after its last trigger: lab/compare --host): boot, "
                 "census, every trigger and the snapshot's own reads."]
        return _section("Host-side census (exitstat)", head, rows, (), notes)

    def sections(self):
        out = [self.runs()]
        if self.rows:
            out += [self.exits(), self.costs(), self.fastpath()]
            host = self.host()
            if host:
                out.append(host)
        return out


def _md_table(head, rows):
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def _text_table(head, rows):
    rows = [[str(c).replace("**", "") for c in r] for r in rows]
    w = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda r: "  ".join(  # noqa: E731
        (c.ljust(w[i]) if i == 0 else c.rjust(w[i])) for i, c in enumerate(r))
    return [fmt(head).rstrip()] + [fmt(r).rstrip() for r in rows]


def markdown(t):
    """The comparison as Markdown, with the chart (or why there is none)."""
    lines = ["# exit-probe across kernels", ""]
    for sec in t.sections():
        lines += ["## " + sec["title"], ""]
        lines += _md_table(sec["head"], sec["rows"]) + [""]
        notes = sec["legend"] + sec["items"]
        lines += ["- " + n for n in notes] + ([""] if notes else [])
        if sec["title"].startswith("Cost"):
            lines += ["![host cycles per exit by trigger and kernel](%s)"
                      % t.chart if t.chart else "_No chart: no run has "
                      "host cycles per exit._", ""]
    return "\n".join(lines)


def text(t):
    """The comparison as plain text for a terminal: the tables and the
    notes on the data; what the columns mean is in the Markdown."""
    lines = ["exit-probe across kernels"]
    for sec in t.sections():
        lines += ["", "== %s ==" % sec["title"]]
        lines += _text_table(sec["head"], sec["rows"])
        lines += ["  " + n.replace("**", "").replace("`", "")
                  for n in sec["items"]]
    return "\n".join(lines) + "\n"
