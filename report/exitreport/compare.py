"""compare.py: labelled runs of the same probe options on several kernels
(a lab/run-lab --out folder or a serial log each), and the figures that
put them side by side: per trigger the exits each kernel took, its costs
and their ratios to a baseline, the fastpath as each kernel's source has
it, and the host-side census when a run has one."""

import math
import os
import re
from dataclasses import dataclass, field

from . import fastpath
from .data import host_census
from .parse import num, parse_file

SERIAL = "probe.serial"          # lab/run-lab's probe output
HOST = "probe.host.json"         # its VM by exitstat --json (compare --host)
MISSING = "missing"              # lab/compare's reason a line did not run


@dataclass
class Source:
    """One labelled run: where it came from, what the lab says about it,
    its parsed log, or why there is none."""
    label: str
    path: str
    run: object = None
    missing: str = None
    line: str = None
    abi: str = None
    modules: str = None
    notes: list = field(default_factory=list)

    @property
    def vendor(self):
        return (self.run.start or {}).get("vendor", "?") if self.run else "?"


def _plan(path):
    """LINE, ABI and how KVM was loaded, from a run folder's plan."""
    out = {}
    try:
        with open(path, errors="replace") as f:
            for text in f:
                m = re.match(r"^(LINE|ABI)=(\S+)$", text.strip())
                if m:
                    out[m.group(1)] = m.group(2).replace("\\", "")
                m = re.match(r'^load_kvm "\$(PATCHED|STOCK)"(.*)$',
                             text.strip())
                if m:
                    out["load"] = ("patched" if m.group(1) == "PATCHED"
                                   else "stock") + m.group(2)
    except OSError:
        pass
    return out


def _first_line(path):
    try:
        with open(path, errors="replace") as f:
            return f.readline().strip()
    except OSError:
        return None


def load(label, path):
    """A Source from LABEL=PATH: a run folder (probe.serial, plan, and
    probe.host.json or `missing` when there) or a log file."""
    src = Source(label=label, path=path)
    serial = path
    if os.path.isdir(path):
        serial = os.path.join(path, SERIAL)
        plan = _plan(os.path.join(path, "plan"))
        src.line, src.abi = plan.get("LINE"), plan.get("ABI")
        src.modules = plan.get("load")
        why = _first_line(os.path.join(path, MISSING))
        if not os.path.exists(serial):
            src.missing = why or "no %s in %s" % (SERIAL, path)
            return _line_from_label(src)
        if why:
            src.notes.append(why)
    elif not os.path.exists(path):
        src.missing = "no such file or folder: %s" % path
        return _line_from_label(src)
    src.run = parse_file(serial, label)
    if not src.run.results:
        src.missing = "no probe results in %s%s" % (serial, "".join(
            ": " + w for w in src.run.warnings[:1]))
    host = os.path.join(path, HOST) if os.path.isdir(path) else None
    if host and os.path.exists(host):
        h = parse_file(host, label)
        src.run.host = h.host
        # One exitstat --json reading of a VM that lives on: a snapshot,
        # not a recording cut short.
        src.run.warnings += ["%s: %s" % (HOST, w) for w in h.warnings
                             if not (len(h.host) == 1 and
                                     w.startswith("no final exitstat"))]
    return _line_from_label(src)


def _line_from_label(src):
    if not src.line and re.fullmatch(r"\d+\.\d+", src.label):
        src.line = src.label
    return src


def parse_spec(spec):
    """LABEL=PATH, or PATH alone (labelled by its folder or file name)."""
    label, sep, path = spec.partition("=")
    if not sep or not label or "/" in label:
        path = spec
        base = os.path.basename(os.path.normpath(path))
        label = os.path.splitext(base)[0] if os.path.isfile(path) else base
    return label, path


def present(sources):
    return [s for s in sources if s.run and not s.missing]


def _results(src):
    return {r.get("trigger"): r for r in src.run.results} \
        if src.run and not src.missing else {}


def triggers(sources):
    """Every trigger name in the order the runs list them."""
    names = []
    for s in sources:
        names += [n for n in _results(s) if n and n not in names]
    return names


def cell(r):
    """One kernel's figures for one trigger (None: it did not run there)."""
    if r is None:
        return None
    c = {"verdict": r.get("verdict", "?"), "reason": r.get("reason"),
         "exit": r.get("exit"), "exit2": r.get("exit2"),
         "stats": bool(r.get("stats")), "noexit": bool(r.get("noexit")),
         "iters": num(r, "iters") * num(r, "rounds"),
         "delta": None, "other": None, "expect": None,
         "host": None, "guest_iter": None, "guest_exit": None}
    if c["verdict"] == "SKIP" or "guest_cycles_median" not in r:
        return c
    c["guest_iter"] = num(r, "guest_cycles_median")
    if not c["stats"] or "delta" not in r:
        return c
    c["delta"] = num(r, "delta")
    c["other"] = max(num(r, "total_delta") - c["delta"], 0)
    kind, lo, hi = r.get("expect"), num(r, "expect_lo"), num(r, "expect_hi")
    c["expect"] = "=%d" % lo if kind == "exact" else \
        "%d..%d" % (lo, hi) if kind == "range" else "any"
    if c["delta"]:
        c["host"] = num(r, "host_cycles_per_exit") or None
        c["guest_exit"] = num(r, "guest_cycles_per_exit") or None
    return c


def ratio(a, b):
    """b / a as a float, or None when either is missing or a is zero."""
    return b / a if a and b else None


def rows(sources, base):
    """Per trigger: its cells per source, the ratios of each source's host
    and guest cost to the baseline's, and what differs between kernels."""
    res = [_results(s) for s in sources]
    b = sources.index(base)
    out = []
    for name in triggers(sources):
        cells = [cell(r.get(name)) for r in res]
        bc = cells[b]
        host = [ratio(bc and bc["host"], c and c["host"]) for c in cells]
        guest = [ratio(bc and bc["guest_iter"], c and c["guest_iter"])
                 for c in cells]
        out.append({"trigger": name, "cells": cells, "host_ratio": host,
                    "guest_ratio": guest, "differs": _differs(cells)})
    return out


def _per_iter(c):
    return c["delta"] / c["iters"] if c["iters"] else None


def _differs(cells):
    """What is not the same across the kernels that ran the trigger:
    verdict, the trigger's own exits per iteration, the exit number."""
    ran = [c for c in cells if c]
    what = []
    if len({c["verdict"] for c in ran}) > 1:
        what.append("verdict")
    counted = [c for c in ran if c["delta"] is not None]
    if len({round(_per_iter(c), 6) for c in counted
            if _per_iter(c) is not None}) > 1:
        what.append("exits")
    if len({(c["exit"], c["exit2"]) for c in ran}) > 1:
        what.append("exit number")
    if len(ran) < len(cells):
        what.append("not run everywhere")
    return what


def geomean(rs, k):
    """The geometric mean of column k's ratios over the triggers that have
    one, and how many: (mean, n)."""
    xs = [r[k] for r in rs if r[k] is not None]
    if not xs:
        return None, 0
    return math.exp(sum(math.log(x) for x in xs) / len(xs)), len(xs)


def fastpath_rows(sources, table):
    """Per trigger that has a fastpath case on some line: per source the
    derived verdict, and the host cost relative to that kernel's own CPUID
    exit (a measured hint, free of the lab's overall speed)."""
    cpuid = []
    for s in sources:
        c = cell(_results(s).get("cpuid"))
        cpuid.append(c["host"] if c else None)
    out = []
    for row in table:
        if not fastpath.relevant(row["trigger"]):
            continue
        verdicts, rel = [], []
        for s, c, ref in zip(sources, row["cells"], cpuid):
            r = _results(s).get(row["trigger"])
            if r is None or r.get("verdict") == "SKIP":
                verdicts.append(("-", "did not run"))
                rel.append(None)
                continue
            verdicts.append(fastpath.lookup(s.line, s.vendor, r))
            rel.append(ratio(ref, c["host"]) if c else None)
        out.append({"trigger": row["trigger"], "fastpath": verdicts,
                    "rel_cpuid": rel, "reading": _reading(verdicts, rel)})
    return out


def _reading(verdicts, rel):
    """What the measured figures say where the kernels differ."""
    yes = [x for (v, _), x in zip(verdicts, rel) if v == "yes" and x]
    no = [x for (v, _), x in zip(verdicts, rel) if v == "no" and x]
    kinds = {v for v, _ in verdicts if v in ("yes", "no")}
    if sum(1 for v, _ in verdicts if v in ("yes", "no")) < 2:
        return "-"
    if kinds != {"yes", "no"}:
        return "same path on every kernel" if len(kinds) == 1 else \
            "not known for every kernel"
    if not yes or not no:
        return "differs by the source; no host figures to check it"
    if max(yes) < min(no):
        return "differs by the source; the fastpath kernels' cost " \
            "relative to CPUID is lower, as expected"
    return "differs by the source; not visible as a lower cost relative " \
        "to CPUID in these figures"


def host_rows(sources):
    """The host-side census (exitstat, whole VM) of each source that has
    one, by exit name: per source (count, cycles per exit)."""
    cens = [(s, host_census(s.run) if s.run and s.run.host else None)
            for s in sources]
    if not any(c for _, c in cens):
        return None
    names = []
    for _, c in cens:
        names += [(x["code"], x["name"]) for x in (c or {}).get("rows", [])
                  if (x["code"], x["name"]) not in names]
    table = []
    for code, name in names:
        per = []
        for _, c in cens:
            x = next((x for x in (c or {}).get("rows", [])
                      if x["code"] == code and x["name"] == name), None)
            per.append((x["count"], x["per_exit"]) if x else None)
        table.append({"code": code, "name": name, "per": per})
    table.sort(key=lambda t: -max(p[0] for p in t["per"] if p))
    totals = [(c["exits"], c["per_exit"]) if c else None for _, c in cens]
    return {"rows": table, "totals": totals}
