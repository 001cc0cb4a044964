#!/usr/bin/env bash
# run.sh: boot the real probe (ISO and -kernel image, under TCG and the
# local /dev/kvm) and check its serial output; bad command lines too.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/integration/lib.sh
source tests/integration/lib.sh

ISO=build/exit-probe.iso
ELF32=build/exit-probe32.elf
LOGS=build/integration
mkdir -p "$LOGS"
# What the probe prints when it finds the leaves absent (guest/report.c).
LEAVES_HINT="INFO: on a host with the exit-probe KVM patch, turn the leaves on with: echo Y > /sys/module/kvm/parameters/exit_stats_leaves"

# The probe's own list of triggers, so the checks cannot drift from it.
mapfile -t TRIGGERS < <(scripts/run-probe --accel tcg --timeout 60 \
	--append "triggers=list" | tr -d '\r' |
	awk '/^valid options/ { on = 0 } on { print $1 } /^trigger / { on = 1 }')

json_valid() {
	python3 - "$1" <<'PY'
import json, sys
bad = 0
for n, line in enumerate(open(sys.argv[1], errors="replace"), 1):
    line = line.strip()
    if not line.startswith("{"):
        continue
    try:
        if "probe" not in json.loads(line):
            raise ValueError("no probe key")
    except ValueError as e:
        print(f"  line {n}: {e}: {line[:80]}")
        bad += 1
sys.exit(1 if bad else 0)
PY
}

every_trigger_reported() {
	local log=$1 t ok=0
	for t in "${TRIGGERS[@]}"; do
		if ! grep -Eq "^(PASS: $t: [0-9]+ iterations ran|SKIP: $t: .{8,})" "$log"; then
			echo "  no PASS or reasoned SKIP for trigger '$t'"
			ok=1
		fi
	done
	return $ok
}

# boot NAME ACCEL IMAGE-ARGS...: a full default run and its checks.
boot() {
	local name=$1 accel=$2 log="$LOGS/$1.log" rc=0
	shift 2
	scripts/run-probe --accel "$accel" --timeout 400 --log "$log" "$@" \
		>/dev/null 2>"$log.err" || rc=$?
	check "$name: the VM ended by itself with the passing status (rc $rc)" \
		test "$rc" -eq 0
	check "$name: hypervisor named, stats leaves reported absent" \
		grep -Eq "^exit-probe [0-9.]+: vendor (amd|intel) \(numbering from CPUID; .*hypervisor (KVM|TCG) .*stats leaves absent" "$log"
	check "$name: the absent leaves are not blamed on the hypervisor alone" \
		grep -q "^INFO: stats leaves absent: .*(the probe cannot tell which)" "$log"
	check "$name: says how to turn the leaves on" \
		grep -qF "$LEAVES_HINT" "$log"
	check "$name: census reported (not taken: leaves absent)" \
		grep -q "^INFO: census: not taken (stats leaves absent" "$log"
	check "$name: all ${#TRIGGERS[@]} triggers reported PASS or SKIP with a reason" \
		every_trigger_reported "$log"
	check "$name: machine-readable lines are JSON" json_valid "$log"
	check "$name: one JSON result per trigger" \
		test "$(grep -c '^{"probe":"result"' "$log")" -eq "${#TRIGGERS[@]}"
	check "$name: SUMMARY with no failures" \
		grep -Eq "^SUMMARY: [0-9]+ tests, 0 unexpected failures" "$log"
}

# bad_cmdline ARGS EXPECTED-MESSAGE: must fail, naming the problem.
bad_cmdline() {
	local args=$1 want=$2 log="$LOGS/bad.log" rc=0
	scripts/run-probe --accel tcg --timeout 60 --kernel "$ELF32" \
		--append "$args" >"$log" 2>&1 || rc=$?
	if ((rc == 1)) && grep -qF "FAIL: command line: $want" "$log" &&
	   grep -Eq "valid (options: triggers=|triggers: nop,)" "$log" &&
	   grep -q "^SUMMARY: 1 tests, 1 unexpected failures" "$log"; then
		pass "bad command line '$args' fails with: $want"
	else
		fail "bad command line '$args' (rc $rc): $(grep -m1 FAIL "$log")"
	fi
}

if ((${#TRIGGERS[@]} < 20)); then
	fail "triggers=list printed ${#TRIGGERS[@]} triggers: ${TRIGGERS[*]}"
else
	pass "triggers=list names ${#TRIGGERS[@]} triggers"
fi

boot tcg-kernel tcg --kernel "$ELF32"
boot tcg-iso tcg --iso "$ISO"
if [[ -r /dev/kvm && -w /dev/kvm ]]; then
	boot kvm-kernel kvm --kernel "$ELF32"
	boot kvm-iso kvm --iso "$ISO"
else
	skip "kvm-kernel, kvm-iso: /dev/kvm is missing or not usable here"
fi

# Two vCPUs: the APs come up from the MADT, the triggers that need a
# second vCPU run, and parallel=all runs the rest on both at once.
smp() {
	local name=smp-$1 log=$LOGS/smp-$1.log rc=0 n par
	scripts/run-probe --accel "$1" --smp 2 --timeout 400 --log "$log" \
		--append "iters=50 rounds=2 census=off parallel=all" \
		>/dev/null 2>"$log.err" || rc=$?
	check "$name: -smp 2 parallel=all ended with the passing status (rc $rc)" \
		test "$rc" -eq 0
	check "$name: both vCPUs online" grep -q '^INFO: 2 vCPUs online' "$log"
	check "$name: all ${#TRIGGERS[@]} triggers reported PASS or SKIP with a reason" \
		every_trigger_reported "$log"
	check "$name: ipi, ipi_halt and ple ran" \
		test "$(grep -Ec '^PASS: (ipi|ipi_halt|ple): [0-9]+ iterations ran' "$log")" -eq 3
	n=$(grep -Ec '^(PASS|SKIP): [a-z0-9_]+ on all 2 vCPUs: ' "$log" || true)
	par=$(grep -c '^{"probe":"parallel",.*"cpus":2' "$log" || true)
	check "$name: one parallel record on 2 vCPUs per verdict ($par records, $n verdicts, 30 or more)" \
		test "$par" -eq "$n" -a "$n" -ge 30
}
smp tcg
if [[ -r /dev/kvm && -w /dev/kvm ]]; then
	smp kvm
else
	skip "smp-kvm: /dev/kvm is missing or not usable here"
fi
check "one vCPU: ipi is a SKIP that says it needs a second vCPU" \
	grep -q '^SKIP: ipi: needs a second vCPU' "$LOGS/tcg-kernel.log"

bad_cmdline "bogus=1" "unknown option 'bogus=1'"
bad_cmdline "parallel=task_switch" "trigger 'task_switch' cannot run on every vCPU at once"
bad_cmdline "parallel=cpuid timeline=on" "parallel= and timeline=on do not go together"
bad_cmdline "iters=12x" "bad value in 'iters=12x'"
bad_cmdline "rounds=0" "bad value in 'rounds=0'"
bad_cmdline "triggers=cpuid,nosuch" "unknown trigger 'nosuch'"
bad_cmdline "census" "bad option 'census'"

# A chosen subset runs exactly that subset, with the given counts.
log=$LOGS/subset.log
scripts/run-probe --accel tcg --timeout 60 --log "$log" \
	--append "triggers=cpuid,hlt iters=10 rounds=2 census=off" >/dev/null
check "triggers=cpuid,hlt runs those two, 10 iterations x 2 rounds" \
	test "$(grep -c '^{"probe":"result".*"iters":10,"rounds":2' "$log")" -eq 2
check "census=off leaves the census out" \
	bash -c "! grep -q 'boot census' '$log'"

# kvm-unit-tests' vmexit names select their triggers, and the list shows
# each vmexit name beside its trigger.
log=$LOGS/aliases.log
scripts/run-probe --accel tcg --timeout 60 --log "$log" \
	--append "triggers=mov_from_cr8,self_ipi_sti_hlt iters=10 rounds=2 census=off" >/dev/null
check "triggers=mov_from_cr8,self_ipi_sti_hlt runs cr8_read and self_hlt" \
	test "$(grep -Ec '^\{"probe":"result","v":1,"trigger":"(cr8_read|self_hlt)"' "$log")" -eq 2
log=$LOGS/list.log
scripts/run-probe --accel tcg --timeout 60 --log "$log" --append "triggers=list" >/dev/null
check "triggers=list shows vmexit names: x2apic_self_ipi_tpr_sti_hlt beside x2_tpr_hlt" \
	grep -Eq '^x2_tpr_hlt .* x2apic_self_ipi_tpr_sti_hlt' "$log"

# The timeline: every phase sampled, one JSON line per sample, guest-side
# only here; the report tool reads it back.
log=$LOGS/timeline.log
rc=0
scripts/run-probe --accel tcg --timeout 60 --log "$log" \
	--append "timeline=on samples=3 interval=2000 census=off" \
	>/dev/null || rc=$?
check "timeline=on passes (rc $rc)" test "$rc" -eq 0
check "timeline=on: 6 phases x 3 samples, one JSON line each" \
	test "$(grep -c '^{"probe":"sample"' "$log")" -eq 18
check "timeline=on: says the samples are guest-side only" \
	grep -q "^INFO: timeline: stats leaves absent" "$log"
check "timeline=on: machine-readable lines are JSON" json_valid "$log"
if /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
	check "report/exit-report draws the timeline from it" \
		bash -c "report/exit-report -o '$LOGS/report' '$log' >/dev/null 2>&1 &&
			 test -s '$LOGS/report/timeline.png'"
else
	skip "report/exit-report: python3-matplotlib is not installed"
fi

# Without isa-debug-exit the probe still ends the VM (ACPI soft-off).
log=$LOGS/acpi.log
rc=0
timeout 60 qemu-system-x86_64 -accel tcg -m 256 -display none -monitor none \
	-serial "file:$log" -no-reboot -kernel "$ELF32" \
	-append "triggers=cpuid iters=10" </dev/null || rc=$?
check "without isa-debug-exit the VM powers off by ACPI (QEMU rc $rc)" \
	test "$rc" -eq 0
check "... after printing its SUMMARY" grep -q "^SUMMARY:" "$log"

summary
