#!/bin/bash
# run.sh: exitstat against fake KVM debugfs trees: listing, one VM's
# table and JSON, bad usage, a missing or unpatched KVM, and VMs that exit
# while exitstat reads them. PASS:/FAIL: per check; exit 1 on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
make -s -C "$top" exitstat
es=$top/build/exitstat
root=$(mktemp -d)
pids=()
cleanup() {
	kill "${pids[@]}" 2>/dev/null || true
	rm -rf "$root"
}
trap cleanup EXIT
npass=0 nfail=0

pass() { echo "PASS: $*"; npass=$((npass + 1)); }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and its output
# (stdout and stderr) matches the extended regex PATTERN.
expect() {
	local name=$1 want=$2 pattern=$3 rc=0 got
	shift 3
	got=$("$@" 2>&1) || rc=$?
	if [[ $rc -eq $want ]] && grep -Eq -- "$pattern" <<<"$got"; then
		pass "$name"
	else
		fail "$name: status $rc (want $want), output: $(head -c 300 <<<"$got" | tr '\n' '|')"
	fi
}

# sleeper SECONDS: a process that lives that long, its PID in spid (it
# names a fake VM).
sleeper() {
	sleep "$1" >/dev/null 2>&1 &
	spid=$!
	pids+=("$spid")
}

# fake_vm PID FD FIXTURE: a VM directory with vcpu0/ and exit_stats.
fake_vm() {
	mkdir -p "$root/$1-$2/vcpu0"
	cp "$here/fixtures/$3" "$root/$1-$2/exit_stats"
	echo "$1-$2"
}

sleeper 300
a=$spid
sleeper 300
b=$spid
vma=$(fake_vm "$a" 11 svm-probe.txt)
vmb=$(fake_vm "$b" 12 vmx-probe.txt)

expect "list: both VMs, vendor and exits" 0 \
	"$vma +$a +sleep +svm +1 +20,139.*" "$es" -d "$root"
expect "list: the VMX VM" 0 "$vmb +$b +sleep +vmx +1 +5,692" "$es" -d "$root"
expect "one VM by name: header with totals" 0 \
	"20,139 exits, 1,766,665,082 cycles, 87,723 cycles/exit" "$es" -d "$root" "$vma"
expect "one VM by PID: busiest first (io)" 0 \
	"^0x07b +io +15,114 +75\.0 +- +797,965,402 +52,796" "$es" -d "$root" "$a"
expect "VMX numbers in decimal with names" 0 \
	"^30 +IO_INSTRUCTION +4,713" "$es" -d "$root" "$vmb"
got=$("$es" -d "$root" -s time -t 2 "$vma")
if [[ $(grep -c '^0x' <<<"$got") -eq 2 ]] &&
   grep -A1 NUMBER <<<"$got" | grep -q '^0x07b' &&
   grep -A2 NUMBER <<<"$got" | tail -1 | grep -Eq '^0x400 +npf'; then
	pass "sort by time, top 2: io then npf"
else
	fail "sort by time, top 2: $(tr '\n' '|' <<<"$got")"
fi
json=$("$es" -d "$root" --json "$vma")
if python3 -c '
import json, sys
s = json.loads(sys.argv[1])
assert s["exitstat"] == 1 and s["vendor"] == "svm" and not s["final"]
assert s["total"] == {"count": 20139, "cycles": 1766665082}
assert sum(r["count"] for r in s["reasons"]) == 20139
assert s["reasons"][0] == {"nr": 0, "code": "0x000", "name": "read_cr0",
                           "count": 1, "cycles": 16340584}
' "$json"; then
	pass "--json: valid, totals and reasons exact"
else
	fail "--json: $json"
fi

expect "bad: unknown option" 2 "unknown option '--frobnicate'" "$es" --frobnicate
expect "bad: sort key" 2 "--sort is count or time" "$es" -s size "$vma"
expect "bad: interval" 2 "--interval wants seconds" "$es" -i abc "$vma"
expect "bad: negative interval" 2 "--interval wants seconds" "$es" -i -1 "$vma"
expect "bad: top 0" 2 "--top wants a whole number >= 1" "$es" -t 0 "$vma"
expect "bad: two VMs" 2 "one VM at a time" "$es" "$vma" "$vmb"
expect "bad: --until-exit without VM" 2 "need a VM" "$es" --until-exit
expect "bad: missing value" 2 "needs a value" "$es" -n
expect "bad: --summary without --until-exit" 2 "goes with --until-exit" \
	"$es" --summary "$vma"
expect "help: exit statuses documented" 0 "3 the VM exited" "$es" --help
expect "no debugfs: status 1 with a hint" 1 "mount -t debugfs" \
	"$es" -d "$root/none"
expect "unknown VM: status 1" 1 "no VM 1-1" "$es" -d "$root" 1-1
expect "not a VM name: status 1" 1 "neither" "$es" -d "$root" foo

sleeper 300
c=$spid
mkdir -p "$root/$c-13"
expect "unpatched KVM: one VM without exit_stats" 1 \
	"KVM without exit statistics" "$es" -d "$root" "$c-13"
rm -rf "${root:?}/$c-13"
mkdir -p "$root/garbage-vm"
printf 'hello\n' >"$root/$vma.txt"

# A VM that goes away while exitstat refreshes: with -n 0 that is the end
# (status 0), with more samples asked for it is status 3.
sleeper 300
d=$spid
vmd=$(fake_vm "$d" 14 svm-probe.txt)
"$es" -d "$root" -i 0.2 "$vmd" >"$root/live.out" 2>"$root/live.err" &
live=$!
"$es" -d "$root" -i 0.2 -n 50 "$vmd" >"$root/short.out" 2>"$root/short.err" &
short=$!
sleep 1
rm -rf "${root:?}/$vmd"
rc=0; wait $live || rc=$?
if [[ $rc -eq 0 ]] && grep -q "VM $vmd has exited" "$root/live.err" &&
   [[ $(grep -c '^VM ' "$root/live.out") -ge 2 ]]; then
	pass "VM removed mid-run: 'has exited', status 0 after its samples"
else
	fail "VM removed mid-run: status $rc, $(cat "$root/live.err")"
fi
rc=0; wait $short || rc=$?
if [[ $rc -eq 3 ]] && grep -q "has exited" "$root/short.err"; then
	pass "VM removed before -n 50 samples: status 3"
else
	fail "VM removed before -n 50 samples: status $rc"
fi

# A truncated or emptied file reads as a VM gone, never as a table.
sleeper 300
e=$spid
vme=$(fake_vm "$e" 15 svm-probe.txt)
: >"$root/$vme/exit_stats"
expect "empty exit_stats: the VM has exited, status 3" 3 "has exited" \
	"$es" -d "$root" "$vme"

# --until-exit: figures change while the VM's process lives; once it is
# gone, the final sample and the spread.
sleeper 1.2
f=$spid
vmf=$(fake_vm "$f" 16 svm-probe.txt)
# The held file is rewritten in place, as debugfs regenerates it: 500 more
# I/O exits, the same length, so that no read sees it half written.
(
	sleep 0.5
	sed 's/^total 20139 /total 20639 /; s/^0x07b io 15114 /0x07b io 15614 /' \
		"$here/fixtures/svm-probe.txt" |
		dd of="$root/$vmf/exit_stats" conv=notrunc status=none
) &
# Under 256 MiB of address space, as in a small lab VM.
rc=0
(ulimit -v 262144 && exec "$es" -d "$root" --until-exit -i 0.2 \
	--record "$root/rec.jsonl" "$vmf") >"$root/until.out" 2>&1 || rc=$?
if [[ $rc -eq 0 ]] && grep -q '^final, after' "$root/until.out" &&
   grep -q '^spread over the run' "$root/until.out" &&
   grep -Eq ' 500 .*io 100%' "$root/until.out"; then
	pass "--until-exit: final table and the spread (500 io exits in one interval)"
else
	fail "--until-exit: status $rc: $(tail -n 5 "$root/until.out" | tr '\n' '|')"
fi
if python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) >= 3, len(lines)
assert lines[-1]["final"] and not any(l["final"] for l in lines[:-1])
assert lines[0]["total"]["count"] == 20139
assert lines[-1]["total"]["count"] == 20639
assert all(a["t"] <= b["t"] for a, b in zip(lines, lines[1:]))
' "$root/rec.jsonl"; then
	pass "--record: one JSON line per sample, the last one final"
else
	fail "--record: $(tail -n 2 "$root/rec.jsonl")"
fi

# --summary: the final table and the spread only.
sleeper 0.6
g=$spid
vmg=$(fake_vm "$g" 17 vmx-probe.txt)
got=$("$es" -d "$root" --until-exit --summary -i 0.2 "$vmg" 2>&1) || true
if [[ $(grep -c '^NUMBER' <<<"$got") -eq 1 ]] &&
   grep -q '^final, after' <<<"$got" && grep -q '^spread over' <<<"$got"; then
	pass "--summary: one table (the final one) and the spread"
else
	fail "--summary: $(head -c 300 <<<"$got" | tr '\n' '|')"
fi

echo "exitstat tests: $npass passed, $nfail failed"
[[ $nfail -eq 0 ]]
