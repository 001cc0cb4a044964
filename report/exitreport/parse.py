"""parse.py: read exit-probe serial logs and exitstat recordings into runs,
tolerating what serial consoles do to them (GRUB's escape codes, \\r line
ends, stray lines, truncation) and noting every oddity instead of
failing."""

import json
import os
import re
from dataclasses import dataclass, field

# The JSON line versions this reader knows; others are read field by field.
KNOWN_VERSION = 1
KINDS = ("start", "census_total", "census", "result", "sweep", "summary",
         "timeline", "sample", "hold")

# CSI sequences (ESC [ ... final byte), other two-byte ESC sequences, and
# the control characters left over.
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]")
VERDICT_RE = re.compile(r"^(PASS|FAIL|SKIP|INFO|SUMMARY):\s*(.*)$")
RECORD_START = '{"probe"'
HOST_START = '{"exitstat"'   # a sample of exitstat --json / --record


@dataclass
class Run:
    """Everything one log said, plus what the reader noticed about it."""
    path: str
    label: str
    start: dict = None
    census_total: dict = None
    census: list = field(default_factory=list)
    results: list = field(default_factory=list)
    sweep: dict = None
    summary: dict = None
    timeline: dict = None
    hold: dict = None        # hold=S: the snapshot of every exit number
    samples: list = field(default_factory=list)
    host: list = field(default_factory=list)    # exitstat samples, in order
    host_records: int = 0
    verdicts: list = field(default_factory=list)   # (kind, text)
    warnings: list = field(default_factory=list)
    records: int = 0

    @property
    def stats(self):
        """Whether the host answered the stats leaves in this run."""
        if self.start and "stats" in self.start:
            return bool(self.start["stats"])
        return any(r.get("stats") for r in self.results)

    def describe(self):
        s = self.start or {}
        return "%s, %s, stats leaves %s" % (
            s.get("hypervisor", "hypervisor ?"), s.get("vendor", "vendor ?"),
            "present" if self.stats else "absent")


def clean_lines(text):
    """Split on any line end and drop terminal escape codes."""
    for raw in re.split(r"\r\n|\r|\n", text):
        yield ANSI_RE.sub("", raw)


def _warn(run, lineno, msg):
    run.warnings.append("line %d: %s" % (lineno, msg) if lineno else msg)


def _record(run, rec, lineno):
    kind = rec.get("probe")
    v = rec.get("v")
    if kind not in KINDS:
        _warn(run, lineno, "unknown record kind %r ignored" % kind)
        return
    if v is None:
        _warn(run, lineno, "%s record without a version: read as v%d"
              % (kind, KNOWN_VERSION))
    elif not isinstance(v, int) or v > KNOWN_VERSION:
        _warn(run, lineno, "%s record of version %r, newer than v%d: "
              "known fields read, the rest ignored"
              % (kind, v, KNOWN_VERSION))
    run.records += 1
    if kind in ("census", "result", "sample"):
        {"census": run.census, "result": run.results,
         "sample": run.samples}[kind].append(rec)
    elif kind == "census_total":
        run.census_total = rec
    else:
        setattr(run, kind, rec)


def _host_sample(run, rec, lineno):
    """Keep an exitstat sample that has the fields the report uses."""
    total = rec.get("total") if isinstance(rec, dict) else None
    if not isinstance(total, dict) or not isinstance(
            rec.get("reasons"), list) or not isinstance(total.get("count"), int):
        _warn(run, lineno, "exitstat sample without total or reasons "
              "skipped")
        return
    if rec.get("exitstat") != 1:
        _warn(run, lineno, "exitstat sample of version %r, not 1: known "
              "fields read" % rec.get("exitstat"))
    run.records += 1
    run.host_records += 1
    run.host.append(rec)


def _check_host(run):
    """Warn about a recording that was cut short or mixes VMs or resets."""
    vms = {s.get("vm") for s in run.host}
    if len(vms) > 1:
        _warn(run, 0, "exitstat samples of %d VMs (%s): the report uses "
              "the last one's" % (len(vms), ", ".join(sorted(map(str, vms)))))
        last = run.host[-1].get("vm")
        run.host = [s for s in run.host if s.get("vm") == last]
    for i in range(len(run.host) - 1, 0, -1):
        a, b = run.host[i - 1], run.host[i]
        if b["total"]["count"] < a["total"]["count"]:
            _warn(run, 0, "exit counts went backwards at t=%s s (%d -> %d): "
                  "the counters were reset; figures from there on"
                  % (b.get("t"), a["total"]["count"], b["total"]["count"]))
            run.host = run.host[i:]
            break
    if not run.host[-1].get("final"):
        _warn(run, 0, "no final exitstat sample: the recording was cut "
              "short; figures up to t=%s s" % run.host[-1].get("t"))


def parse_text(text, path="<text>", label=None):
    """Parse a whole log; never raises on content."""
    run = Run(path=path, label=label or
              os.path.splitext(os.path.basename(path))[0])
    decoder = json.JSONDecoder()
    lineno = 0
    kinds = ((HOST_START, "exitstat sample", _host_sample),
             (RECORD_START, "probe record", _record))
    for lineno, line in enumerate(clean_lines(text), 1):
        found = [(line.find(start), what, keep)
                 for start, what, keep in kinds if start in line]
        if found:
            at, what, keep = found[0]
            try:
                rec, _ = decoder.raw_decode(line, at)
            except ValueError:
                _warn(run, lineno, "truncated or malformed %s skipped: %s"
                      % (what, line[at:at + 60]))
                continue
            if isinstance(rec, dict):
                keep(run, rec, lineno)
            continue
        m = VERDICT_RE.match(line.strip())
        if m:
            run.verdicts.append((m.group(1), m.group(2)))
    if run.host:
        _check_host(run)
    if not run.records:
        _warn(run, 0, "no exit-probe records (no line with %s or %s): not "
              "a probe log or exitstat recording, or nothing started"
              % (RECORD_START, HOST_START))
    elif run.summary is None and run.records > run.host_records:
        _warn(run, 0, "no summary record: the log is truncated (the run "
              "died or was cut off after %d records)" % run.records)
    return run


def parse_file(path, label=None):
    """Parse a log file; an unreadable file gives a run with a warning."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except OSError as e:
        run = Run(path=path, label=label or os.path.basename(path))
        _warn(run, 0, "cannot read %s: %s" % (path, e.strerror))
        return run
    return parse_text(text, path, label)


def num(rec, key, default=0):
    """A numeric field, or default when it is missing or not a number."""
    v = rec.get(key, default)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) \
        else default


def exit_key(key):
    """A sample's reason key ("0x7b" or "123") as an int, or None."""
    try:
        return int(key, 0)
    except (TypeError, ValueError):
        return None
