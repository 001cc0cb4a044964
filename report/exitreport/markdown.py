"""markdown.py: the report's text: runs, warnings, tables with ratios,
links to the charts, and a line for every chart that could not be drawn."""

from .data import (census_top, host_census, host_spread, phase_rates,
                   ratio, trigger_costs)


def _fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.0f" % v
    return str(v)


def _table(head, rows):
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(_fmt(c) for c in r) + " |" for r in rows]
    return out


def _runs(runs):
    rows = []
    for r in runs:
        s, summ = r.start or {}, r.summary or {}
        count = {k: sum(1 for v, _ in r.verdicts if v == k)
                 for k in ("PASS", "FAIL", "SKIP")}
        if r.host and not r.start:
            s = {"hypervisor": "host view (exitstat)",
                 "vendor": r.host[-1].get("vendor", "?"), "version": "-"}
        rows.append([r.label, "`%s`" % r.path, s.get("hypervisor", "?"),
                     s.get("vendor", "?"),
                     "present" if r.stats else "absent",
                     s.get("version", "?"), r.records,
                     "%d/%d/%d" % (count["PASS"], count["FAIL"],
                                   count["SKIP"]),
                     "%s tests, %s failures" % (summ.get("tests", "?"),
                                                summ.get("failures", "?"))
                     if r.summary else "-" if r.records == r.host_records
                     else "**missing (truncated)**"])
    return _table(["run", "log", "hypervisor", "vendor", "stats leaves",
                   "probe", "records", "PASS/FAIL/SKIP", "summary"], rows)


def _chart(lines, title, paths, missing):
    lines += ["", "## " + title, ""]
    if paths:
        png = [p for p in paths if p.endswith(".png")] or paths
        lines.append("![%s](%s)" % (title, png[0].rsplit("/", 1)[-1]))
        lines.append("")
    else:
        lines += ["_No chart: %s._" % missing, ""]


def _costs(runs):
    costs = [{c["trigger"]: c for c in trigger_costs(r)} for r in runs]
    names = []
    for c in costs:
        names += [n for n in c if n not in names]
    head = ["trigger"]
    for r in runs:
        head += ["%s guest c/exit [min..max]" % r.label,
                 "%s host c/exit" % r.label]
    if len(runs) == 2:
        head += ["guest %s/%s" % (runs[1].label, runs[0].label),
                 "host %s/%s" % (runs[1].label, runs[0].label)]
    rows = []
    for n in names:
        row = [n]
        for c in costs:
            x = c.get(n)
            row += ["%.0f [%.0f..%.0f]%s" % (x["guest"], x["guest_min"],
                                             x["guest_max"],
                                             "" if x["unit"] == "exit"
                                             else " per iter")
                    if x else "-", x["host"] if x else None]
        if len(runs) == 2:
            a, b = costs[0].get(n), costs[1].get(n)
            row += [ratio(a and a["guest"], b and b["guest"]),
                    ratio(a and a["host"], b and b["host"])]
        rows.append(row)
    return _table(head, rows) if rows else []


def _census(runs, top):
    tops = [{c["name"]: c for c in census_top(r, top)} for r in runs]
    names = []
    for t in tops:
        names += [n for n in t if n not in names]
    head = ["reason"]
    for r in runs:
        head += ["%s exits" % r.label, "%s cycles/exit" % r.label]
    if len(runs) == 2:
        head.append("exits %s/%s" % (runs[1].label, runs[0].label))
    rows = []
    for n in names:
        row = [n]
        for t in tops:
            c = t.get(n)
            row += [c["count"] if c else None,
                    c["cycles"] / c["count"] if c and c["count"] else None]
        if len(runs) == 2:
            a, b = tops[0].get(n), tops[1].get(n)
            row.append(ratio(a and a["count"], b and b["count"]))
        rows.append(row)
    totals = ["%s: %s exits, %s host cycles before the probe ran"
              % (r.label, (r.census_total or {}).get("exits", "?"),
                 (r.census_total or {}).get("cycles", "?"))
              for r in runs if r.census_total]
    return ["- " + t for t in totals] + [""] + _table(head, rows) \
        if rows else []


def _phases(runs):
    rates = [phase_rates(r) for r in runs]
    names = []
    for p in rates:
        names += [n for n in p if n not in names]
    head = ["phase"]
    for r in runs:
        head += ["%s exits/s" % r.label, "%s work units/s" % r.label]
    if len(runs) == 2:
        head.append("exits/s %s/%s" % (runs[1].label, runs[0].label))
    rows = []
    for n in names:
        row = [n]
        for r, p in zip(runs, rates):
            x = p.get(n)
            row += [x["exits_per_s"] if x and r.stats else None,
                    x["iters_per_s"] if x else None]
        if len(runs) == 2 and runs[0].stats and runs[1].stats:
            a, b = rates[0].get(n), rates[1].get(n)
            row.append(ratio(a and a["exits_per_s"], b and b["exits_per_s"]))
        elif len(runs) == 2:
            row.append("-")
        rows.append(row)
    return _table(head, rows) if rows else []


def _host(runs, top):
    """The host-side census of each exitstat recording, and its spread."""
    cens = [(r, host_census(r)) for r in runs]
    cens = [(r, c) for r, c in cens if c]
    lines = []
    for r, c in cens:
        lines += ["", "- %s: VM %s, %s, %s vCPU(s), %.2f s recorded%s: "
                  "**%d exits**, %d host cycles, %.0f cycles/exit"
                  % (r.label, c["vm"], c["vendor"], c["vcpus"], c["duration"],
                     "" if c["final"] else " (cut short: no final sample)",
                     c["exits"], c["cycles"], c["per_exit"])]
    if not cens:
        return lines
    names = []
    for _, c in cens:
        names += [(x["code"], x["name"]) for x in c["rows"][:top]
                  if (x["code"], x["name"]) not in names]
    head = ["code", "reason"]
    for r, _ in cens:
        head += ["%s exits" % r.label, "% of exits", "cycles", "% of cycles",
                 "cycles/exit"]
    if len(cens) == 2:
        head.append("exits %s/%s" % (cens[1][0].label, cens[0][0].label))
    rows = []
    for code, name in names:
        row = [code, name]
        found = []
        for _, c in cens:
            x = next((x for x in c["rows"] if x["name"] == name), None)
            found.append(x)
            row += [x["count"], "%.1f" % x["share"], x["cycles"],
                    "%.1f" % x["cycle_share"], x["per_exit"]] if x \
                else [None] * 5
        if len(cens) == 2:
            row.append(ratio(found[0] and found[0]["count"],
                             found[1] and found[1]["count"]))
        rows.append(row)
    lines += [""] + _table(head, rows)
    if len(cens) == 2 and cens[0][1]["vendor"] != cens[1][1]["vendor"]:
        lines += ["", "The two recordings are of different vendors: rows "
                  "pair up by the kernel's names, which differ between VMX "
                  "and SVM, so most have one side only."]
    for r, _ in cens:
        spread = host_spread(r)
        if not spread:
            continue
        lines += ["", "### %s: spread over time" % r.label, ""]
        srows = []
        for s in spread:
            top3 = sorted(s["reasons"].items(), key=lambda kv: -kv[1])[:3]
            srows.append(["%.2f-%.2f" % (s["t0"], s["t1"]), s["exits"],
                          s["rate"], ", ".join(
                              "%s %.0f%%" % (n, 100.0 * k / s["exits"])
                              for n, k in top3) if s["exits"] else "-"])
        lines += _table(["t (s)", "exits", "exits/s", "top reasons"], srows)
    return lines


def render(runs, charts, top):
    """The whole Markdown text; charts maps a chart name to its paths."""
    lines = ["# exit-probe report", ""]
    lines += _runs(runs)
    notes = [(r.label, w) for r in runs for w in r.warnings]
    if notes:
        lines += ["", "## Warnings", ""]
        lines += ["- %s: %s" % n for n in notes]
    fails = [(r.label, t) for r in runs for v, t in r.verdicts if v == "FAIL"]
    if fails:
        lines += ["", "## Failures", ""]
        lines += ["- %s: FAIL: %s" % f for f in fails]
    _chart(lines, "Cost per trigger", charts.get("cost"),
           "no trigger results in any log")
    costs = _costs(runs)
    if costs:
        lines += costs
        lines += ["", "Guest cycles are per exit where the host counted "
                  "exits (per iteration without stats leaves), the nop "
                  "baseline subtracted; host cycles are KVM's handling "
                  "only, without QEMU or the hardware world switch."]
    _chart(lines, "Boot census", charts.get("census"),
           "no census in any log (stats leaves absent or census=off)")
    lines += _census(runs, top)
    if any(r.host for r in runs):
        _chart(lines, "Host-side census", charts.get("host-census"),
               "no exitstat samples with exits")
        lines += _host(runs, top)
        _chart(lines, "Host-side spread over time", charts.get("host-spread"),
               "fewer than two exitstat samples")
    _chart(lines, "Timeline", charts.get("timeline"),
           "no timeline samples in any log (boot the probe with "
           "timeline=on)")
    lines += _phases(runs)
    if any(r.samples for r in runs):
        reads = [(r.label, (r.timeline or {}).get("reads_per_sample"))
                 for r in runs if r.samples]
        lines += ["", "Each sample costs the probe CPUID exits (one for the "
                  "total, one per tracked reason); the probe takes them out "
                  "of the CPUID reason and the total: " +
                  ", ".join("%s %s per sample" % (l, n) for l, n in reads) +
                  ". The sampling timer's own interrupt and EOI exits "
                  "remain: the idle phase shows that floor."]
    return "\n".join(lines) + "\n"
