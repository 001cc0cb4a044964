"""parse.py: read exit-probe serial logs into runs, tolerating what serial
consoles do to them (GRUB's escape codes, \\r line ends, stray lines,
truncation) and noting every oddity instead of failing."""

import json
import os
import re
from dataclasses import dataclass, field

# The JSON line versions this reader knows; others are read field by field.
KNOWN_VERSION = 1
KINDS = ("start", "census_total", "census", "result", "sweep", "summary",
         "timeline", "sample")

# CSI sequences (ESC [ ... final byte), other two-byte ESC sequences, and
# the control characters left over.
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]")
VERDICT_RE = re.compile(r"^(PASS|FAIL|SKIP|INFO|SUMMARY):\s*(.*)$")
RECORD_START = '{"probe"'


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
    samples: list = field(default_factory=list)
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


def parse_text(text, path="<text>", label=None):
    """Parse a whole log; never raises on content."""
    run = Run(path=path, label=label or
              os.path.splitext(os.path.basename(path))[0])
    decoder = json.JSONDecoder()
    lineno = 0
    for lineno, line in enumerate(clean_lines(text), 1):
        at = line.find(RECORD_START)
        if at >= 0:
            try:
                rec, _ = decoder.raw_decode(line, at)
            except ValueError:
                _warn(run, lineno, "truncated or malformed probe record "
                      "skipped: %s" % line[at:at + 60])
                continue
            if isinstance(rec, dict):
                _record(run, rec, lineno)
            continue
        m = VERDICT_RE.match(line.strip())
        if m:
            run.verdicts.append((m.group(1), m.group(2)))
    if not run.records:
        _warn(run, 0, "no exit-probe records (no line with %s): not a probe "
              "log, or the probe never started" % RECORD_START)
    elif run.summary is None:
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
