"""test_report.py: the report tool's parser on recorded probe logs, and its
charts rendered and read back. Prints PASS:/FAIL:/SKIP: per test, then
SUMMARY:; exits 1 on any failure."""

import contextlib
import io
import os
import shutil
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(HERE, "fixtures")
sys.path.insert(0, os.path.join(ROOT, "report"))

from exitreport.data import (census_top, host_census,  # noqa: E402
                             host_spread, phase_rates, ratio,
                             timeline_series, trigger_costs)
from exitreport.parse import parse_file, parse_text  # noqa: E402

PHASES = ["idle", "compute", "io", "mmio", "memory", "msr"]
LAB_TIMELINE = os.path.join(FIX, "lab-6.12-timeline.log")

try:
    import matplotlib
    HAVE_MPL = None if matplotlib else "matplotlib missing"
except ImportError as e:
    HAVE_MPL = "matplotlib missing (%s): install python3-matplotlib" % e


class Skip(Exception):
    pass


def fx(name):
    return parse_file(os.path.join(FIX, name))


def warned(run, text):
    return any(text in w for w in run.warnings)


# --- parser on real logs ---------------------------------------------------

def test_grub_iso_log():
    """ISO boot through GRUB: escape codes and \\r line ends around JSON."""
    r = fx("tcg-iso.log")
    assert r.start["hypervisor"] == "TCG", r.start
    assert not r.stats
    assert r.summary and r.summary["failures"] == 0, r.summary
    assert len(r.results) == 23, len(r.results)
    assert not r.warnings, r.warnings
    assert [t for v, t in r.verdicts if v == "SUMMARY"] == \
        ["%d tests, 0 unexpected failures, %d skipped"
         % (r.summary["tests"], r.summary["skipped"])], r.verdicts
    costs = trigger_costs(r)
    assert all(c["unit"] == "iteration" and c["host"] is None
               for c in costs), costs
    assert "vmcall" not in {c["trigger"] for c in costs}   # skipped there


def test_lab_patched_log():
    """A patched KVM in the lab: census, host figures, sweep, a FAIL."""
    r = fx("lab-6.12-patched.log")
    assert r.stats and not r.warnings, r.warnings
    assert r.census_total["exits"] == 6573
    assert len(r.census) == 13
    top = census_top(r, 3)
    assert [c["name"] for c in top] == ["IOIO", "NPF",
                                        "CR0 selective write"], top
    cpuid = {c["trigger"]: c for c in trigger_costs(r)}["cpuid"]
    assert cpuid["unit"] == "exit" and cpuid["host"] == 63311, cpuid
    assert cpuid["guest"] == 158049, cpuid
    assert cpuid["guest_min"] <= cpuid["guest"] <= cpuid["guest_max"]
    assert r.sweep["disagree"] == 8
    assert r.summary["failures"] == 1
    assert ("FAIL" in {v for v, _ in r.verdicts})


def test_truncated_log():
    """Cut mid-record, with a newer version, an unknown kind, bad types."""
    r = fx("truncated.log")
    assert warned(r, "truncated or malformed probe record"), r.warnings
    assert warned(r, "no summary record: the log is truncated"), r.warnings
    assert warned(r, "newer than v1"), r.warnings
    assert warned(r, "unknown record kind 'histogram'"), r.warnings
    assert warned(r, "without a version"), r.warnings
    assert r.census_total["exits"] == 6573
    names = [c["trigger"] for c in trigger_costs(r)]
    assert "rdmsr" in names and "io_kvm" in names, names
    assert "io_qemu" not in names, names
    cr4 = [c for c in trigger_costs(r) if c["trigger"] == "cr4"]
    assert cr4 and cr4[0]["guest"] == 0, cr4   # "fast" is not a number


def test_no_probe_log():
    r = fx("no-probe.log")
    assert r.records == 0
    assert warned(r, "no exit-probe records"), r.warnings
    assert not trigger_costs(r) and not census_top(r, 5)
    assert timeline_series(r) is None


def test_timeline_guest_only():
    """TCG and the local KVM: samples with phase, time and work units."""
    for name in ("tcg-timeline.log", "kvm-timeline.log"):
        r = fx(name)
        assert r.timeline and r.timeline["stats"] is False, name
        assert len(r.samples) == 60, (name, len(r.samples))
        s = timeline_series(r)
        assert not s["host"] and list(s["series"]) == ["work units"], s
        assert [p[0] for p in s["phases"]] == PHASES, s["phases"]
        assert s["x"] == sorted(s["x"]), name
        rates = phase_rates(r)
        assert list(rates) == PHASES, rates
        assert rates["idle"]["iters"] == 10, rates["idle"]
        assert all(p["us"] > 0 for p in rates.values()), rates


def test_timeline_lab():
    """A patched KVM's timeline: exits per second by reason, reads out."""
    if not os.path.exists(LAB_TIMELINE):
        raise Skip("no lab timeline fixture (lab-6.12-timeline.log)")
    r = parse_file(LAB_TIMELINE)
    assert r.timeline["stats"] is True and not r.warnings, r.warnings
    s = timeline_series(r)
    assert s["host"] and "IOIO" in s["series"], list(s["series"])
    assert "CPUID" not in s["series"], "the probe's reads were not taken out"
    assert r.timeline["reads_per_sample"] == 9, r.timeline
    by = {}
    for smp in r.samples:
        p = by.setdefault(smp["phase"], {"iters": 0, "reasons": {}})
        p["iters"] += smp["iters"]
        for k, n in smp["reasons"].items():
            p["reasons"][k] = p["reasons"].get(k, 0) + n
    assert by["io"]["reasons"]["0x7b"] == by["io"]["iters"], by["io"]
    assert by["msr"]["reasons"]["0x7c"] == 2 * by["msr"]["iters"], by["msr"]
    assert by["idle"]["reasons"]["0x78"] == by["idle"]["iters"] == 10
    rates = phase_rates(r)
    assert rates["io"]["exits_per_s"] > 4 * rates["compute"]["exits_per_s"]


def test_junk_never_raises():
    """Every prefix of a real log, and assorted junk, parses quietly."""
    text = open(os.path.join(FIX, "lab-6.12-patched.log"),
                errors="replace").read()
    for cut in range(0, len(text), 97):
        r = parse_text(text[:cut])
        trigger_costs(r)
        census_top(r, 10)
    for junk in ['{"probe":', '{"probe":"result"}', '[{"probe":1}]',
                 '{"probe":"sample","reasons":[1,2],"dt_us":"x"}',
                 '{"probe":"timeline","reasons":"none"}',
                 '{"probe":"census","count":"many"}',
                 "\x00\xff\x1b[31m", "PASS:", ""]:
        r = parse_text(junk)
        trigger_costs(r)
        census_top(r, 3)
        timeline_series(r)
        phase_rates(r)
    assert ratio(0, 5) == "-" and ratio(2, 5) == "2.50x"


# --- charts ------------------------------------------------------------------

def _charts():
    if HAVE_MPL:
        raise Skip(HAVE_MPL)
    from exitreport import charts
    return charts


def _bars(ax):
    """{legend label: {y tick label: bar width}} of a horizontal bar chart."""
    from matplotlib.container import BarContainer
    ticks = {round(t, 6): l.get_text()
             for t, l in zip(ax.get_yticks(), ax.get_yticklabels())}
    out = {}
    for cont in ax.containers:
        if not isinstance(cont, BarContainer):
            continue
        label = cont.get_label()
        for b in cont.patches:
            y = b.get_y() + b.get_height() / 2
            near = min(ticks, key=lambda t: abs(t - y))
            out.setdefault(label, {})[ticks[near]] = b.get_width()
    return out


def test_cost_chart_series():
    charts = _charts()
    a, b = fx("lab-6.12-stock.log"), fx("lab-6.12-patched.log")
    a.label, b.label = "stock", "patched"
    fig = charts.cost_chart([a, b])
    bars = _bars(fig.axes[0])
    assert set(bars) == {"stock guest", "patched guest", "patched host"}, \
        list(bars)
    assert bars["patched host"]["cpuid"] == 63311, bars["patched host"]
    assert bars["patched guest"]["cpuid"] == 158049
    assert list(bars["stock guest"]) == ["cpuid"], bars["stock guest"]
    with tempfile.TemporaryDirectory() as d:
        paths = charts.save(fig, os.path.join(d, "cost"), ["svg", "png"])
        svg = open(paths[0]).read()
        for text in ("patched host", "stock guest", "io_qemu", "cpuid"):
            assert text in svg, text
        assert os.path.getsize(paths[1]) > 1000


def test_census_chart_series():
    charts = _charts()
    r = fx("lab-6.12-patched.log")
    fig = charts.census_chart([r], 5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["IOIO", "NPF", "CR0 selective write", "CPUID",
                      "INTR"], labels
    bars = _bars(ax)[r.label]
    assert bars["IOIO"] == 4407 and bars["INTR"] == 94, bars
    assert charts.census_chart([fx("tcg-iso.log")], 5) is None


def test_timeline_chart_series():
    charts = _charts()
    runs = [fx("tcg-timeline.log"), fx("kvm-timeline.log")]
    fig = charts.timeline_chart(runs)
    assert len(fig.axes) == 2
    for ax, run in zip(fig.axes, runs):
        lines = {l.get_label(): l for l in ax.get_lines()}
        assert list(lines) == ["work units"], list(lines)
        assert len(lines["work units"].get_xdata()) == 60
        texts = [t.get_text() for t in ax.texts]
        assert texts == PHASES, texts
        assert "no stats leaves" in ax.get_title(), ax.get_title()
    with tempfile.TemporaryDirectory() as d:
        svg = open(charts.save(fig, os.path.join(d, "t"), ["svg"])[0]).read()
        assert "memory" in svg and "work units per second" in svg
    assert charts.timeline_chart([fx("lab-6.12-patched.log")]) is None
    if os.path.exists(LAB_TIMELINE):
        fig = charts.timeline_chart([parse_file(LAB_TIMELINE)])
        labels = {l.get_label() for l in fig.axes[0].get_lines()}
        assert "IOIO" in labels and "NPF" in labels, labels


def test_timeline_two_lab_runs():
    """6.1 vs 6.12 in the lab: one panel each, the same reasons drawn."""
    charts = _charts()
    runs = [fx("lab-6.1-timeline.log"), fx("lab-6.12-timeline.log")]
    runs[0].label, runs[1].label = "6.1", "6.12"
    fig = charts.timeline_chart(runs)
    assert len(fig.axes) == 2
    for ax, run in zip(fig.axes, runs):
        labels = {l.get_label() for l in ax.get_lines()}
        assert {"HLT", "IOIO", "MSR", "NPF"} <= labels, labels
        assert "CPUID" not in labels, labels
        assert ax.get_title().startswith(run.label + ": exits per second")
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["-o", d, "-l", "6.1", "-l", "6.12",
                        os.path.join(FIX, "lab-6.1-timeline.log"),
                        os.path.join(FIX, "lab-6.12-timeline.log")])
        assert rc == 0, (rc, err)
        md = open(os.path.join(d, "report.md")).read()
        assert "| phase | 6.1 exits/s | 6.1 work units/s | 6.12 exits/s" in md
        assert "exits/s 6.12/6.1 |" in md and "x |" in md
        assert "![Timeline](timeline.png)" in md


# --- the command --------------------------------------------------------------

def _cli(args):
    if HAVE_MPL:
        raise Skip(HAVE_MPL)
    from exitreport.cli import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(args)
        except SystemExit as e:
            rc = e.code
    return rc, err.getvalue()


def test_cli_two_runs():
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["-o", d, "-l", "stock", "-l", "patched",
                        os.path.join(FIX, "lab-6.12-stock.log"),
                        os.path.join(FIX, "lab-6.12-patched.log")])
        assert rc == 0, (rc, err)
        md = open(os.path.join(d, "report.md")).read()
        assert "| cpuid | 216886 [216886..216886] per iter | - | 158049 [132165..175365] | 63311 | 0.73x | - |" in md, md
        assert "guest patched/stock" in md
        for f in ("cost.png", "cost.svg", "census.png", "census.svg"):
            assert os.path.exists(os.path.join(d, f)), f
        assert "no data for the timeline chart" in err, err
        assert "_No chart: no timeline samples" in md


def test_cli_bad_logs():
    """No probe lines, truncation, a missing file: messages, no traceback."""
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["-o", d, os.path.join(FIX, "no-probe.log")])
        assert rc == 1, rc
        assert "no exit-probe records" in err and "Traceback" not in err
        md = open(os.path.join(d, "report.md")).read()
        assert md.count("_No chart:") == 3, md
        rc, err = _cli(["-o", d, os.path.join(FIX, "truncated.log"),
                        os.path.join(d, "missing.log")])
        assert rc == 1 and "cannot read" in err, err
        assert "the log is truncated" in err, err
        rc, _ = _cli(["--top", "0", os.path.join(FIX, "tcg-iso.log")])
        assert rc == 2, rc


# --- exitstat recordings (the host-side view) --------------------------------

LINUX_BOOT = "lab-6.12-linux-boot.jsonl"


def test_host_recording():
    """A Linux boot recorded by exitstat in the lab: census and spread."""
    r = fx(LINUX_BOOT)
    assert not r.warnings, r.warnings
    assert r.host and r.host[-1]["final"] and not r.results
    c = host_census(r)
    last = r.host[-1]
    assert c["exits"] == last["total"]["count"] == 53760, c["exits"]
    assert sum(x["count"] for x in c["rows"]) == c["exits"]
    assert [x["name"] for x in c["rows"][:3]] == ["io", "npf", "interrupt"]
    assert c["rows"][0]["code"] == "0x07b" and c["vendor"] == "svm"
    assert abs(sum(x["share"] for x in c["rows"]) - 100.0) < 1e-6
    spread = host_spread(r)
    assert len(spread) == len(r.host) - 1
    assert sum(s["exits"] for s in spread) == \
        c["exits"] - r.host[0]["total"]["count"]
    assert all(s["t1"] > s["t0"] for s in spread)


def test_host_cut_and_reset():
    text = open(os.path.join(FIX, LINUX_BOOT)).read().splitlines()
    r = parse_text("\n".join(text[:-1]) + "\n" + text[-1][:80], "cut.jsonl")
    assert warned(r, "no final exitstat sample"), r.warnings
    assert warned(r, "truncated or malformed exitstat sample"), r.warnings
    assert host_census(r)["exits"] == r.host[-1]["total"]["count"]
    r = parse_text("\n".join(text[:10] + text[2:4]), "reset.jsonl")
    assert warned(r, "went backwards"), r.warnings
    assert len(r.host) == 2, len(r.host)
    r = parse_text("LAB: x\n" + text[-1].replace('"exitstat":1', '"exitstat":2'),
                   "v2.jsonl")
    assert warned(r, "version 2") and r.host, r.warnings


def test_host_two_vendors():
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["-o", d, "-l", "svm", "-l", "vmx",
                        os.path.join(FIX, LINUX_BOOT),
                        os.path.join(FIX, "intel-6.12-hold.jsonl")])
        assert rc == 0, (rc, err)
        md = open(os.path.join(d, "report.md")).read()
        assert "**53760 exits**" in md and "**5692 exits**" in md, md
        assert "| 0x07b | io | 43625 |" in md, md
        assert "| 30 | IO_INSTRUCTION | - |" in md, md
        assert "different vendors" in md
        assert "### vmx: spread over time" in md
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["-o", d, os.path.join(FIX, LINUX_BOOT),
                        os.path.join(FIX, LINUX_BOOT)])
        md = open(os.path.join(d, "report.md")).read()
        assert "| 0x07b | io | 43625 | 81.1 |" in md and "1.00x" in md, md


def test_host_charts():
    charts = _charts()
    r = fx(LINUX_BOOT)
    fig = charts.host_census_chart([r], 5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["io", "npf", "interrupt", "msr", "cpuid"], labels
    assert _bars(ax)[next(iter(_bars(ax)))]["io"] == 43625
    fig2 = charts.host_spread_chart([r])
    assert len(fig2.axes[0].collections) == 7   # top 6 and other
    with tempfile.TemporaryDirectory() as d:
        svg = open(charts.save(fig2, os.path.join(d, "s"), ["svg"])[0]).read()
        assert "exits per second" in svg and "npf" in svg
    assert charts.host_census_chart([fx("tcg-iso.log")], 5) is None
    assert charts.host_spread_chart([fx("tcg-iso.log")]) is None

# --- across kernels: exit-report compare and lab/compare -------------------

CMP = os.path.join(FIX, "compare")


def _src(name, label=None):
    from exitreport import compare as cmp
    return cmp.load(label or name, os.path.join(CMP, name))


def test_compare_sources():
    """Run folders, a missing line with its reason, a log file, no file."""
    from exitreport import compare as cmp
    s = _src("6.1")
    assert not s.missing and s.line == "6.1" and s.abi == "6.1.0-57-amd64"
    assert s.modules == "patched" and s.vendor == "amd", s
    assert _src("6.12-v2").modules == "patched exit_stats_leaves=1"
    m = _src("7.2")
    assert m.missing == "--line must be 6.12 or 6.1 (lab/run-lab status 1)", \
        m.missing
    assert m.line == "7.2" and m.run is None
    gone = cmp.load("x", os.path.join(CMP, "none"))
    assert gone.missing.startswith("no such file or folder"), gone.missing
    assert cmp.parse_spec("6.1=a/b") == ("6.1", "a/b")
    assert cmp.parse_spec(os.path.join(CMP, "6.12")) == \
        ("6.12", os.path.join(CMP, "6.12"))
    log = cmp.load(*cmp.parse_spec("old=" + os.path.join(
        FIX, "lab-6.12-patched.log")))
    assert log.label == "old" and log.run.results and log.line is None
    empty = cmp.load("n", os.path.join(FIX, "no-probe.log"))
    assert empty.missing.startswith("no probe results"), empty.missing
    h = _src("host-6.12")
    assert h.run.host and h.run.hold and not h.run.warnings, h.run.warnings


def test_compare_rows():
    """Per trigger: each kernel's exits, other exits, costs and ratios."""
    from exitreport import compare as cmp
    a, b = _src("6.1"), _src("6.12")
    rows = {r["trigger"]: r for r in cmp.rows([a, b], a)}
    assert list(rows)[:4] == ["nop", "rdtsc", "cpuid", "hlt"], list(rows)
    cpuid = rows["cpuid"]
    assert [c["delta"] for c in cpuid["cells"]] == [300, 300]
    assert [c["other"] for c in cpuid["cells"]] == [1, 0]
    assert [c["host"] for c in cpuid["cells"]] == [67903, 66118]
    assert cpuid["host_ratio"][0] == 1.0
    assert abs(cpuid["host_ratio"][1] - 66118 / 67903) < 1e-12
    assert abs(cpuid["guest_ratio"][1] - 149627 / 151269) < 1e-12
    assert cpuid["differs"] == [], cpuid["differs"]
    # RDPMC exits on 6.1 and raises #GP on 6.12 in the same lab.
    rdpmc = rows["rdpmc"]
    assert rdpmc["cells"][0]["delta"] == 300, rdpmc
    assert rdpmc["cells"][1]["verdict"] == "SKIP"
    assert rdpmc["differs"] == ["verdict"], rdpmc["differs"]
    assert rdpmc["host_ratio"][1] is None
    assert rows["hlt"]["cells"][0]["other"] == 8822 - 300
    invd = rows["invd"]["cells"][1]
    assert invd["noexit"] and invd["delta"] == 0 and invd["other"] == 303
    assert invd["host"] is None
    g, n = cmp.geomean(list(rows.values()) and
                       [r["host_ratio"] for r in rows.values()], 1)
    xs = [r["host_ratio"][1] for r in rows.values()
          if r["host_ratio"][1] is not None]
    assert n == len(xs) == 16, n
    prod = 1.0
    for x in xs:
        prod *= x
    assert abs(g - prod ** (1.0 / n)) < 1e-9, g


def test_compare_fastpath():
    """The fastpath as each line's source has it, per trigger."""
    from exitreport import compare as cmp
    from exitreport.fastpath import lookup
    hlt = {"trigger": "hlt", "stats": True, "delta": 300, "total_delta": 301}
    assert lookup("6.1", "amd", hlt)[0] == "no"
    assert lookup("6.12", "amd", hlt)[0] == "yes"
    assert lookup("6.12", "intel", hlt)[0] == "yes"
    assert lookup("7.2", "amd", hlt)[0] == "yes"
    assert lookup("5.10", "amd", hlt)[0] == "?"
    invd = {"trigger": "invd", "stats": True, "delta": 300,
            "total_delta": 300}
    assert lookup("6.12", "intel", invd)[0] == "no"
    assert lookup("7.2", "intel", invd)[0] == "yes"
    lab = dict(invd, delta=0, total_delta=303)   # INVD as WBINVD: lab SVM
    v, why = lookup("7.2", "amd", lab)
    assert v == "no" and "another exit code" in why, why
    v, why = lookup("7.2", "amd", {"trigger": "wrmsr"})
    assert v == "no" and "IA32_APIC_BASE" in why, why
    assert lookup("6.1", "amd", {"trigger": "tscdeadline"})[0] == "yes"
    assert lookup("6.1", "amd", {"trigger": "cpuid"})[0] == "no"
    a, b = _src("6.1"), _src("6.12")
    fr = {f["trigger"]: f for f in
          cmp.fastpath_rows([a, b], cmp.rows([a, b], a))}
    assert list(fr) == ["hlt", "wrmsr", "invd"], list(fr)
    assert [v for v, _ in fr["hlt"]["fastpath"]] == ["no", "yes"]
    assert abs(fr["hlt"]["rel_cpuid"][0] - 86489 / 67903) < 1e-12
    assert "not visible" in fr["hlt"]["reading"], fr["hlt"]["reading"]
    assert fr["wrmsr"]["reading"] == "same path on every kernel"


def test_compare_cli():
    """Three kernels, one missing: Markdown, plain text and the chart."""
    runs = ["%s=%s" % (n, os.path.join(CMP, n))
            for n in ("6.1", "6.12", "7.2")]
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["compare", "-o", d] + runs)
        assert rc == 1, (rc, err)
        assert "7.2: missing: --line must be" in err, err
        md = open(os.path.join(d, "compare.md")).read()
        txt = open(os.path.join(d, "compare.txt")).read()
        for row in (
                "| 7.2 | 7.2 | - | %s | - | - | - | **missing**: --line "
                "must be 6.12 or 6.1 (lab/run-lab status 1) |"
                % os.path.join(CMP, "7.2"),
                "| cpuid | 0x72 | 300 =300 ok | +1 | 300 =300 ok | +0 | - |",
                "| rdpmc | 0x6f | 300 =300 ok | +6 | SKIP | - | verdict |",
                "| invd | 0x76 | 0 =0 ok (noexit) | +301 | 0 =0 ok (noexit) "
                "| +303 | - |",
                "| cpuid | 67903 | 66118 | 151269 | 149627 | 0.97x | 0.99x |",
                "| geometric mean |  |  |  |  | 1.52x (16) | 1.23x (21) |",
                "| hlt | no | yes | 1.27x | 3.14x | differs by the source; "
                "not visible as a lower cost relative to CPUID in these "
                "figures |",
                "![host cycles per exit by trigger and kernel]"
                "(compare-cost.png)"):
            assert row in md, (row, md)
        assert "## Host-side census" not in md
        assert "rdpmc skipped on 6.12: raised an exception" in md
        assert "cpuid                     67903             66118" in txt, txt
        assert "6.1 (baseline)" in txt and "missing: --line" in txt
        for f in ("compare-cost.png", "compare-cost.svg"):
            assert os.path.getsize(os.path.join(d, f)) > 1000, f
        rc, err = _cli(["compare", "-o", d, "--baseline", "6.12"] + runs[:2])
        assert rc == 0, (rc, err)
        md = open(os.path.join(d, "compare.md")).read()
        assert "| cpuid | 67903 | 66118 | 151269 | 149627 | 1.03x | 1.01x |" \
            in md, md
        assert "host 6.1/6.12" in md


def test_compare_cli_errors():
    one = os.path.join(CMP, "6.1")
    assert _cli(["compare", "a=" + one, "a=" + one])[0] == 2
    assert _cli(["compare", "--baseline", "9.9", one])[0] == 2
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["compare", "-o", d, os.path.join(CMP, "7.2")])
        assert rc == 2 and "no run with probe results" in err, (rc, err)


def test_compare_host_view():
    """The host-side census of two kernels' probe VMs side by side."""
    runs = ["%s=%s" % (n, os.path.join(CMP, "host-" + n))
            for n in ("6.1", "6.12")]
    with tempfile.TemporaryDirectory() as d:
        rc, err = _cli(["compare", "-o", d] + runs)
        assert rc == 0 and "unknown record kind" not in err, (rc, err)
        md = open(os.path.join(d, "compare.md")).read()
        for row in ("## Host-side census (exitstat)",
                    "|  | total | 20427 | 59188 | 20544 | 116964 | 1.01x |",
                    "| 0x07b | io | 15285 | 32134 | 15329 | 68757 | 1.00x |",
                    "| 0x064 | vintr | 23 | 28921 | 50 | 31818 | 2.17x |",
                    "No trigger in these runs has a fastpath case"):
            assert row in md, (row, md)


def test_compare_host_order():
    """Host-side rows by the largest count on any kernel, a reason seen on
    one kernel only included."""
    from exitreport import compare as cmp

    def vm(*reasons):
        rs = ",".join('{"code":"%s","name":"%s","count":%d,"cycles":%d}'
                      % (c, n, k, 10 * k) for c, n, k in reasons)
        total = sum(k for _, _, k in reasons)
        r = parse_text('{"exitstat":1,"vm":"1-2","t":0,"final":true,'
                       '"vendor":"svm","total":{"count":%d,"cycles":%d},'
                       '"reasons":[%s]}' % (total, 10 * total, rs))
        return cmp.Source(label=str(total), path="-", run=r)
    a = vm(("0x07b", "io", 10), ("0x072", "cpuid", 5))
    b = vm(("0x400", "npf", 50), ("0x07b", "io", 10))
    hr = cmp.host_rows([a, b])
    assert [t["name"] for t in hr["rows"]] == ["npf", "io", "cpuid"], hr
    assert hr["rows"][0]["per"] == [None, (50, 10.0)], hr["rows"][0]
    assert hr["totals"] == [(15, 10.0), (60, 10.0)], hr["totals"]
    assert cmp.host_rows([_src("6.1")]) is None


def test_compare_chart():
    charts = _charts()
    from exitreport import compare as cmp
    a, b = _src("6.1"), _src("6.12")
    rows = cmp.rows([a, b], a)
    fig = charts.compare_chart([a, b], rows, a)
    ax = fig.axes[0]
    bars = _bars(ax)
    assert set(bars) == {"6.1 (baseline)", "6.12"}, list(bars)
    assert bars["6.12"]["cpuid"] == 66118 and \
        bars["6.1 (baseline)"]["hlt"] == 86489, bars
    assert "rdpmc" in bars["6.1 (baseline)"] and "rdpmc" not in bars["6.12"]
    assert "nop" not in bars["6.12"] and "invd" not in bars["6.12"]
    texts = {t.get_text() for t in ax.texts}
    assert "66118 (0.97x)" in texts and "67903" in texts, texts
    with tempfile.TemporaryDirectory() as d:
        svg = open(charts.save(fig, os.path.join(d, "c"), ["svg"])[0]).read()
        assert "Host cost per exit by trigger and kernel" in svg
    stock = cmp.load("stock", os.path.join(FIX, "lab-6.12-stock.log"))
    assert charts.compare_chart([stock], cmp.rows([stock], stock),
                                stock) is None


def _lab_compare(out, *args, hang=""):
    import subprocess
    env = dict(os.environ, COMPARE_RUN_LAB=os.path.join(HERE, "fake-run-lab"),
               FAKE_RUNS=CMP, FAKE_HANG=hang,
               PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([os.path.join(ROOT, "lab", "compare"), "--out", out]
                       + list(args), env=env, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def test_lab_compare():
    """lab/compare: each line in turn, within its bound, a missing line
    named with its reason, the report on what ran."""
    if HAVE_MPL:
        raise Skip(HAVE_MPL)
    with tempfile.TemporaryDirectory() as d:
        rc, out, err = _lab_compare(d, "--bound", "1", "--append",
                                    "iters=100 rounds=3", "6.1", "6.12",
                                    "7.2", "6.6", hang="6.6")
        assert rc == 3, (rc, out, err)
        summary = open(os.path.join(d, "summary")).read().splitlines()
        assert summary[0].startswith("COMPARE: 6.1: ran, passed"), summary
        assert summary[1].startswith("COMPARE: 6.12: ran, passed"), summary
        assert summary[2] == "COMPARE: 7.2: missing: --line must be 6.12 " \
            "or 6.1 (lab/run-lab status 1)", summary
        assert summary[3] == "COMPARE: 6.6: missing: lab/run-lab ran past " \
            "the bound of 1 s (--bound)", summary
        args = open(os.path.join(d, "6.12", "args")).read().splitlines()
        assert args == ["--line", "6.12", "--out", os.path.join(d, "6.12"),
                        "--append", "iters=100 rounds=3"], args
        assert "  6.12: PHASE total" in err, err
        md = open(os.path.join(d, "report", "compare.md")).read()
        assert "| rdpmc | 0x6f | 300 =300 ok | +6 | SKIP | - | verdict |" \
            in md, md
        assert "**missing**: lab/run-lab ran past the bound" in md
        assert "rdpmc" in out and "COMPARE: report in" in out, out
        rc, out, err = _lab_compare(d, "--host", "6.1")
        assert rc == 0, (rc, out, err)
        plan = open(os.path.join(d, "host.plan")).read()
        assert "\nhold probe iters=100 rounds=3 noexit=invd\\,task_switch " \
            "hold=6\nprobe_passed probe\n" in plan, plan
        assert "--plan" in open(os.path.join(d, "6.1", "args")).read()
        # A folder left from an earlier comparison never stands in for a
        # line that did not run now.
        os.makedirs(os.path.join(d, "7.2"), exist_ok=True)
        shutil.copy(os.path.join(CMP, "6.1", "probe.serial"),
                    os.path.join(d, "7.2"))
        rc, out, err = _lab_compare(d, "7.2")
        assert rc == 1 and "COMPARE: no report" in out, (rc, out, err)
        assert not os.path.exists(os.path.join(d, "7.2", "probe.serial"))
        assert _lab_compare(d, "--bound", "x")[0] == 1
        assert _lab_compare(d, "--baseline", "6.6", "6.1")[0] == 1


def main():
    # Definition order: globals() keeps it.
    tests = [(n, f) for n, f in globals().items()
             if n.startswith("test_") and callable(f)]
    fails = skips = 0
    for name, f in tests:
        name = name[len("test_"):]
        try:
            f()
        except Skip as e:
            skips += 1
            print("SKIP: report %s: %s" % (name, e))
        except Exception:  # a test's failure is reported, not raised
            fails += 1
            tb = traceback.format_exc().strip().splitlines()
            print("FAIL: report %s: %s" % (name, tb[-1]))
            for line in tb[-6:-1]:
                print("    " + line)
        else:
            print("PASS: report %s" % name)
    print("SUMMARY: %d tests, %d unexpected failures, %d skipped"
          % (len(tests), fails, skips))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
