#!/bin/bash
# freeze.sh: the lab notices a frozen L1 from the host. Boot the lab with
# a probe that spends long in its hlt trigger, freeze L1 from the host
# (QEMU's monitor: stop) once the probe has begun that trigger's row, and
# check that run-lab ends within its heartbeat limit with a message that
# names the step and the trigger, and saves L1's CPU state.
# Exit 0 pass, 1 fail, 77 skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=verdict.sh
source "$here/verdict.sh"

line=${1:-6.12}
out=$LAB_CACHE/freeze-$line
silent=15
nl=$'\n'

# Stop with a SKIP verdict: a missing prerequisite is never a pass.
give_up() {
	skip "$*"
	summary || exit $?
}
[[ $(id -u) -eq 0 ]] || give_up "freeze: not root (needs apt-get and QEMU)"
read -r abi _ < <("$LAB_DIR/resolve-kernel" "$line" 2>/dev/null) ||
	give_up "freeze: no linux-source-$line or matching image in the package lists"
"$LAB_DIR/install-deps" "$line" "$abi" >&2 ||
	give_up "freeze: cannot install the lab's packages (no package source?)"
rm -rf "$out"
mkdir -p "$LAB_CACHE"

# Stop L1 once the probe's serial ends in the start of the hlt row; give
# up when run-lab (PID) has ended.
freezer() {
	while kill -0 "$1" 2>/dev/null; do
		if [[ $(tail -c 40 "$out/probe.serial" 2>/dev/null) =~ ${nl}hlt\ +$ ]]; then
			"$LAB_DIR/monitor" "$out/l1.monitor" stop >/dev/null
			date +%s.%N >"$out.frozen-at"
			return
		fi
		sleep 0.2
	done
}
rm -f "$out.frozen-at"
L1_SILENT=$silent "$LAB_DIR/run-lab" --line "$line" --kernel \
	--append "triggers=cpuid,hlt iters=3000 rounds=5 census=off" \
	--out "$out" >"$out.log" 2>&1 &
lab=$!
freezer "$lab" &
rc=0
wait "$lab" || rc=$?
ended=$(now)
wait

if [[ ! -f $out.frozen-at ]]; then
	fail "freeze: the probe never began its hlt row (run-lab status $rc)"
	summary || exit $?
fi
took=$(awk -v s="$(cat "$out.frozen-at")" -v e="$ended" \
	'BEGIN { printf "%d", e - s }')
check "freeze: run-lab fails on a frozen L1 (status $rc)" test "$rc" -eq 1
check "freeze: it ends within the heartbeat limit ($took s after the freeze, limit $silent s + 30)" \
	test "$took" -le $((silent + 30))
check "freeze: the message says L1 froze, in which step and trigger" \
	grep -q 'L1 froze (no heartbeat for 15 s) during the step "probe probe start: .*", probe probe in its trigger hlt' "$out.log"
check "freeze: L1's CPU state saved (registers, local APIC)" \
	grep -q 'HLT=' "$out/l1-frozen.txt"
# Named from L1's symbols, or said to be L2's when L1 was in guest mode.
check "freeze: the frozen code named" \
	grep -q '^RIP=[0-9a-f]*: [a-z_]' "$out/l1-frozen.txt"
summary
