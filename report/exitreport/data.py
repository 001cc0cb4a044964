"""data.py: the figures the report shows, computed from parsed runs."""

from .parse import exit_key, num


def trigger_costs(run):
    """Per trigger that ran: guest cycles (median, min, max) and host
    cycles, per exit where the host counted exits, else per iteration."""
    out = []
    for r in run.results:
        if r.get("verdict") == "SKIP" or "guest_cycles_median" not in r:
            continue
        med = num(r, "guest_cycles_median")
        lo, hi = num(r, "guest_cycles_min", med), num(r, "guest_cycles_max", med)
        per_exit = num(r, "guest_cycles_per_exit")
        host = num(r, "host_cycles_per_exit") if r.get("stats") else None
        unit = "iteration"
        if r.get("stats") and num(r, "delta") and per_exit and med:
            # The probe gives the spread per iteration: scale it per exit.
            scale = per_exit / med
            med, lo, hi = per_exit, lo * scale, hi * scale
            unit = "exit"
        out.append({"trigger": r.get("trigger", "?"), "exit": r.get("exit"),
                    "verdict": r.get("verdict", "?"), "unit": unit,
                    "guest": med, "guest_min": min(lo, med),
                    "guest_max": max(hi, med),
                    "host": host if host else None,
                    "exits": num(r, "delta") if r.get("stats") else None})
    return out


def census_top(run, top):
    """The top reasons of the boot census, largest first."""
    rows = sorted(run.census, key=lambda c: -num(c, "count"))
    return [{"name": c.get("name") or "exit %s" % c.get("exit"),
             "exit": c.get("exit"), "count": num(c, "count"),
             "cycles": num(c, "cycles")} for c in rows[:top]]


def _reason_names(run):
    names = {}
    for key, name in ((run.timeline or {}).get("reasons") or {}).items():
        nr = exit_key(key)
        if nr is not None:
            names[nr] = str(name)
    return names


def timeline_series(run):
    """Rates per sample: exits per second by reason with host stats, work
    units per second without. Returns None when the log has no samples."""
    if not run.samples:
        return None
    names = _reason_names(run)
    host = any("total" in s for s in run.samples)
    xs, phases, series = [], [], {}
    for i, s in enumerate(run.samples):
        dt = num(s, "dt_us")
        t = num(s, "t_us")
        xs.append(t / 1e6)
        phase = str(s.get("phase", "?"))
        if phases and phases[-1][0] == phase:
            phases[-1][2] = t / 1e6
        else:
            phases.append([phase, (t - dt) / 1e6, t / 1e6])
        rate = (lambda n: n * 1e6 / dt) if dt > 0 else (lambda n: 0.0)
        if not host:
            series.setdefault("work units", [0.0] * len(run.samples))[i] = \
                rate(num(s, "iters"))
            continue
        counts = {}
        for key, n in (s.get("reasons") or {}).items():
            nr = exit_key(key)
            label = names.get(nr, "exit %s" % key) if nr is not None \
                else "exit %s" % key
            counts[label] = counts.get(label, 0) + (n if isinstance(n, int) else 0)
        counts["other"] = num(s, "other")
        for label, n in counts.items():
            series.setdefault(label, [0.0] * len(run.samples))[i] = rate(n)
    series = {k: v for k, v in series.items() if any(v)}
    return {"x": xs, "phases": [tuple(p) for p in phases], "series": series,
            "host": host}


def phase_rates(run):
    """Per phase: samples, seconds, exits (or work units) per second."""
    out = {}
    for s in run.samples:
        p = out.setdefault(str(s.get("phase", "?")),
                           {"samples": 0, "us": 0, "exits": 0, "iters": 0})
        p["samples"] += 1
        p["us"] += num(s, "dt_us")
        p["exits"] += num(s, "total")
        p["iters"] += num(s, "iters")
    for p in out.values():
        p["exits_per_s"] = p["exits"] * 1e6 / p["us"] if p["us"] else 0.0
        p["iters_per_s"] = p["iters"] * 1e6 / p["us"] if p["us"] else 0.0
    return out


def ratio(a, b):
    """b / a as text, or '-' when either is missing or a is zero."""
    if not a or b is None:
        return "-"
    return "%.2fx" % (b / a)


def _reasons(sample):
    """An exitstat sample's reasons: {code: (name, count, cycles)}."""
    out = {}
    for r in sample.get("reasons") or []:
        if isinstance(r, dict):
            code = str(r.get("code", r.get("nr", "?")))
            out[code] = (str(r.get("name", "-")), num(r, "count"),
                         num(r, "cycles"))
    return out


def host_census(run):
    """The whole recording's census from its last (final) sample: totals
    and the ranking by count. None without exitstat samples."""
    if not run.host:
        return None
    first, last = run.host[0], run.host[-1]
    total, cycles = num(last["total"], "count"), num(last["total"], "cycles")
    rows = [{"code": code, "name": name, "count": n, "cycles": c,
             "share": 100.0 * n / total if total else 0.0,
             "cycle_share": 100.0 * c / cycles if cycles else 0.0,
             "per_exit": c / n if n else 0.0}
            for code, (name, n, c) in _reasons(last).items() if n]
    rows.sort(key=lambda r: (-r["count"], r["code"]))
    return {"vm": last.get("vm", "?"), "vendor": last.get("vendor", "?"),
            "vcpus": last.get("vcpus", "?"), "final": bool(last.get("final")),
            "duration": num(last, "t") - num(first, "t"), "exits": total,
            "cycles": cycles, "per_exit": cycles / total if total else 0.0,
            "rows": rows}


def host_spread(run):
    """Per interval between samples: its time range, exits, exits per
    second and the exits per reason name in it."""
    out = []
    for a, b in zip(run.host, run.host[1:]):
        ra, rb = _reasons(a), _reasons(b)
        by_name = {}
        for code, (name, n, _) in rb.items():
            d = n - ra.get(code, (name, 0, 0))[1]
            if d > 0:
                by_name[name] = by_name.get(name, 0) + d
        t0, t1 = num(a, "t"), num(b, "t")
        exits = num(b["total"], "count") - num(a["total"], "count")
        out.append({"t0": t0, "t1": t1, "exits": exits,
                    "rate": exits / (t1 - t0) if t1 > t0 else 0.0,
                    "reasons": by_name})
    return out
