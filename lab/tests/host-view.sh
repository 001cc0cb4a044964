# host-view.sh: checks of the host-side view in an end-to-end lab run
# (sourced by e2e-check): debugfs directories, exitstat, the log summary
# and a Linux guest's boot census. Each prints why it fails.
# shellcheck shell=bash

# vm_gone OUT NAME: NAME's VM directory was gone once the VM ended.
vm_gone() {
	local vm
	vm=$(cat "$1/$2.vm")
	! grep -qx "$vm" "$1/$2.after" || { echo "$vm still listed"; return 1; }
}

# exitstat_ended OUT NAME TAG STATUS: exitstat run TAG on NAME's VM ended
# with STATUS and said that the VM had exited.
exitstat_ended() {
	local f=$1/$2.$3 rc
	rc=$(cat "$f.rc" 2>/dev/null || echo none)
	[[ $rc == "$4" ]] || { echo "status $rc, want $4: $(head -c 300 "$f.err")"; return 1; }
	grep -q 'has exited' "$f.err" || { echo "no 'has exited' message"; return 1; }
	[[ -s $f ]] || { echo "printed no sample"; return 1; }
}

# final_total OUT NAME: the total of the final sample of NAME.jsonl.
final_total() {
	python3 -c '
import json, sys
final = [json.loads(l) for l in open(sys.argv[1]) if "\"final\":true" in l]
print(final[-1]["total"]["count"] if final else "none")' "$1/$2.jsonl"
}

# vm_pid OUT NAME: the PID of the process that made NAME's VM.
vm_pid() {
	local vm
	vm=$(cat "$1/$2.vm")
	echo "${vm%%-*}"
}

# destroy_matches OUT NAME: exitstat's final sample (the file held open to
# the end) and the kernel's summary at the VM's destruction have the same
# total.
destroy_matches() {
	local pid final logged
	pid=$(vm_pid "$1" "$2")
	final=$(final_total "$1" "$2")
	logged=$(sed -n "s/.*exit stats kvm-$pid at destroy: \([0-9]*\) exits.*/\1/p" \
		"$1/dmesg.txt")
	[[ -n $logged && $final == "$logged" ]] ||
		{ echo "exitstat final ${final:-none}, destroy summary ${logged:-none}"; return 1; }
}

# log_only_for OUT NAME: the kernel logged summaries (at least one periodic
# one and exactly one at destroy) for NAME's VM, the one VM that ran with
# kvm.exit_stats_log set, and none for any other VM.
log_only_for() {
	local pid all periodic destroyed other
	pid=$(vm_pid "$1" "$2")
	all=$(grep -c 'exit stats kvm-' "$1/dmesg.txt" || true)
	periodic=$(grep -c "exit stats kvm-$pid: " "$1/dmesg.txt" || true)
	destroyed=$(grep -c "exit stats kvm-$pid at destroy: " "$1/dmesg.txt" || true)
	other=$((all - periodic - destroyed))
	[[ $periodic -ge 1 && $destroyed -eq 1 && $other -eq 0 ]] ||
		{ echo "kvm-$pid: $periodic periodic, $destroyed at destroy; $other lines for other VMs"; return 1; }
}

# census_ok OUT NAME: the Linux guest's final census adds up (total = sum
# of its exit numbers) and is a real boot's (over 1000 exits, I/O among
# them).
census_ok() {
	python3 - "$1/$2.jsonl" <<'PY'
import json, sys
final = [json.loads(l) for l in open(sys.argv[1]) if '"final":true' in l]
if not final:
    sys.exit("no final sample")
f = final[-1]
total = f["total"]["count"]
parts = sum(r["count"] for r in f["reasons"])
names = {r["name"] for r in f["reasons"]}
if total != parts:
    sys.exit(f"total {total} != sum of exit numbers {parts}")
if total < 1000:
    sys.exit(f"only {total} exits")
if not names & {"io", "IO_INSTRUCTION"}:
    sys.exit(f"no I/O exits among {sorted(names)}")
PY
}
