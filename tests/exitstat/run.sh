#!/usr/bin/env bash
# run.sh: exitstat against fake KVM debugfs trees: listing, one VM's
# table and JSON, bad usage, a missing or unpatched KVM, bad files, and VMs
# that exit while exitstat reads them. PASS:/FAIL: per check and a count;
# exit 1 on any failure.
set -euo pipefail
if ! command -v python3 >/dev/null; then
	echo "SKIP: exitstat tests: python3 (JSON checks) is missing"
	exit 77
fi
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

expect "list: header" 0 "^VM +PID +COMMAND +VENDOR +VCPUS +EXITS +CYCLES/EXIT$" \
	"$es" -d "$root"
expect "list: the SVM VM, its exits and cycles/exit" 0 \
	"^$vma +$a +sleep +svm +1 +20,139 +87,723$" "$es" -d "$root"
expect "list: the VMX VM" 0 "^$vmb +$b +sleep +vmx +1 +5,692 +1,163$" \
	"$es" -d "$root"
expect "one VM by name: header with totals" 0 \
	"20,139 exits, 1,766,665,082 cycles, 87,723 cycles/exit" "$es" -d "$root" "$vma"
expect "one VM by PID: busiest first (io)" 0 \
	"^0x07b +io +15,114 +75\.0 +- +797,965,402 +52,796" "$es" -d "$root" "$a"
expect "VMX numbers in decimal with names" 0 \
	"^30 +IO_INSTRUCTION +4,713" "$es" -d "$root" "$vmb"
got=$("$es" -d "$root" "$vma" | awk '/^NUMBER/ { on = 1; next } on { print $1 }' |
	tr '\n' ' ')
if [[ $got == "0x07b 0x072 0x400 0x065 0x060 0x064 0x07c 0x073 0x004 0x089 0x000 0x010 0x014 0x078 " ]]; then
	pass "sort by count: all 14 rows, ties by number"
else
	fail "sort by count: $got"
fi
got=$("$es" -d "$root" -s time "$vmb" | awk '/^NUMBER/ { on = 1; next } on { print $1 }' |
	tr '\n' ' ')
if [[ $got == "30 48 10 1 31 32 28 0 54 12 " ]]; then
	pass "sort by time: all 10 VMX rows"
else
	fail "sort by time: $got"
fi
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
expect "bad: unknown short option" 2 "unknown option '-x'" "$es" -x "$vma"
expect "bad: usage errors say where to look" 2 "^Try 'exitstat --help'.$" \
	"$es" -x
expect "bad: a value for --json" 2 "option '--json' takes no value" \
	"$es" --json=1 "$vma"
expect "bad: sort key" 2 "--sort is count or time" "$es" -s size "$vma"
expect "bad: interval" 2 "--interval wants seconds" "$es" -i abc "$vma"
expect "bad: negative interval" 2 "--interval wants seconds" "$es" -i -1 "$vma"
expect "bad: zero interval" 2 "--interval wants seconds" "$es" -i 0 "$vma"
expect "bad: top 0" 2 "--top wants a whole number >= 1" "$es" -t 0 "$vma"
expect "bad: samples abc" 2 "--samples wants a whole number" "$es" -n abc "$vma"
expect "bad: --json without VM" 2 "need a VM" "$es" --json
expect "bad: two VMs" 2 "one VM at a time" "$es" "$vma" "$vmb"
expect "bad: --until-exit without VM" 2 "need a VM" "$es" --until-exit
expect "bad: missing value" 2 "needs a value" "$es" -n
expect "bad: --summary without --until-exit" 2 "goes with --until-exit" \
	"$es" --summary "$vma"
expect "help: exit statuses documented" 0 "3 the VM exited" "$es" --help
expect "help: -h, every option" 0 "--summary" "$es" -h
if "$es" --help | grep -q -- '--root' && "$es" --help | grep -q -- '--until-exit' &&
   [[ -z $("$es" --help 2>&1 >/dev/null) ]]; then
	pass "help: on stdout, options listed"
else
	fail "help: $("$es" --help 2>&1 | head -n 3 | tr '\n' '|')"
fi
expect "no debugfs: status 1 with a hint" 1 "mount -t debugfs" \
	"$es" -d "$root/none"
expect "no debugfs, one VM asked for: status 1" 1 "is kvm loaded" \
	"$es" -d "$root/none" "$vma"
expect "unknown VM: status 1" 1 "no VM 1-1" "$es" -d "$root" 1-1
expect "--record where it cannot write: status 1" 1 "cannot write" \
	"$es" -d "$root" --record "$root/none/r.jsonl" "$vma"
expect "not a VM name: status 1" 1 "neither" "$es" -d "$root" foo
mkdir -p "$root/$a-21"
cp "$here/fixtures/svm-probe.txt" "$root/$a-21/exit_stats"
expect "ambiguous PID: status 1, its VMs named" 1 \
	"PID $a has 2 VMs; name one: $a-11 $a-21" "$es" -d "$root" "$a"
rm -rf "${root:?}/$a-21"
empty=$root/empty
mkdir -p "$empty"
expect "list: no VMs, status 0" 0 "^no VMs with exit statistics" "$es" -d "$empty"

sleeper 300
c=$spid
mkdir -p "$root/$c-13"
expect "unpatched KVM: one VM without exit_stats" 1 \
	"KVM without exit statistics \(unpatched kvm.ko\?\)" \
	"$es" -d "$root" "$c-13"
mkdir -p "$empty/$c-13/vcpu0"
expect "unpatched KVM: the list says so, status 1" 1 \
	"1 VM without exit_stats: KVM without exit statistics" "$es" -d "$empty"
rm -rf "${root:?}/$c-13"
mkdir -p "$root/garbage-vm"
printf 'hello\n' >"$root/$vma.txt"
expect "list: other entries left out" 0 "^$vmb " "$es" -d "$root"
if [[ $("$es" -d "$root" | wc -l) -eq 3 ]]; then
	pass "list: a header and the two VMs, nothing else"
else
	fail "list: $("$es" -d "$root" | tr '\n' '|')"
fi

# A malformed file is an error that says where, never "has exited".
sleeper 300
h=$spid
vmh=$(fake_vm "$h" 18 svm-probe.txt)
sed -i 's/^0x07b io 15114 /0x07b io 15x14 /' "$root/$vmh/exit_stats"
expect "bad exit_stats: status 1, the line named" 1 \
	"VM $vmh: bad line 15: '0x07b io 15x14" "$es" -d "$root" "$vmh"
expect "bad exit_stats: the list names it, status 1" 1 \
	"VM $vmh: exit_stats: bad line 15" "$es" -d "$root"
if ! "$es" -d "$root" "$vmh" 2>&1 | grep -q 'has exited'; then
	pass "bad exit_stats: not taken for a VM that exited"
else
	fail "bad exit_stats: said 'has exited'"
fi
printf 'vendor vmx\nvcpus 1\n' >"$root/$vmh/exit_stats"
expect "exit_stats without total: status 1" 1 "no total line" \
	"$es" -d "$root" "$vmh"
{ cat "$here/fixtures/vmx-probe.txt"; printf 'future 1 2\nnew_key x\n'; } \
	>"$root/$vmh/exit_stats"
got=$("$es" -d "$root" -i 0.1 -n 3 "$vmh" 2>&1) || true
if [[ $(grep -c 'skipped 2 unknown lines' <<<"$got") -eq 1 ]] &&
   [[ $(grep -c '^NUMBER' <<<"$got") -eq 3 ]] &&
   [[ $(grep -c '^$' <<<"$got") -eq 2 ]]; then
	pass "unknown lines: skipped, one warning in 3 samples (a blank line apart)"
else
	fail "unknown lines: $(head -c 300 <<<"$got" | tr '\n' '|')"
fi
rm -rf "${root:?}/$vmh"

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
if [[ $rc -eq 0 ]] && grep -qx "exitstat: VM $vmd has exited" "$root/live.err" &&
   [[ $(grep -c '^VM ' "$root/live.out") -ge 2 ]] &&
   [[ $(grep -c '^VM ' "$root/live.out") -eq $(grep -c '^0x000 ' "$root/live.out") ]]; then
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
   grep -A2 '^final, after' "$root/until.out" | grep -q '^20,639 exits' &&
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

# --until-exit --json: the same samples on stdout, the last one final.
sleeper 0.7
j=$spid
vmj=$(fake_vm "$j" 19 vmx-probe.txt)
rc=0
"$es" -d "$root" --until-exit --json -i 0.2 "$vmj" >"$root/until.jsonl" \
	2>"$root/until.err" || rc=$?
if [[ $rc -eq 0 ]] && python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) >= 2, len(lines)
assert lines[-1]["final"] and not any(l["final"] for l in lines[:-1])
assert all(l["total"] == {"count": 5692, "cycles": 6624841} for l in lines)
assert [r["code"] for r in lines[-1]["reasons"]][:3] == ["0", "1", "10"]
' "$root/until.jsonl"; then
	pass "--until-exit --json: JSON lines, the last one final, status 0"
else
	fail "--until-exit --json: status $rc: $(tail -c 300 "$root/until.jsonl")"
fi

# A process that exited but was not reaped (its parent execs a longer
# sleep) has closed its VM: --until-exit ends without waiting for it.
bash -c 'sleep 0.5 & echo $! >"$1"; exec sleep 6' - "$root/zombie.pid" &
pids+=("$!")
for ((i = 0; i < 50; i++)); do
	[[ -s $root/zombie.pid ]] && break
	sleep 0.1
done
z=$(cat "$root/zombie.pid")
vmz=$(fake_vm "$z" 20 vmx-probe.txt)
rc=0
timeout 4 "$es" -d "$root" --until-exit --summary -i 0.2 "$vmz" \
	>"$root/zombie.out" 2>&1 || rc=$?
if [[ $rc -eq 0 ]] && grep -q '^final, after' "$root/zombie.out"; then
	pass "--until-exit: a zombie VM process counts as exited"
else
	fail "--until-exit on a zombie: status $rc: $(head -c 200 "$root/zombie.out")"
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
