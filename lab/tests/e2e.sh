#!/bin/bash
# e2e.sh: end-to-end tests of the patched KVM and the probe in the nested
# lab, for one kernel line: build what is needed, boot the lab once and run
# every case of e2e.plan inside it, then judge the output (e2e-check),
# and that the host's /boot and installed kernel packages are as they were
# before (host-untouched). --scope backport runs the cases that tell a
# backport's series apart (patched probe, HLT, host view, selftest, the
# leaves' default, stock) and reports the others as SKIP with the reason. Exit 0 when nothing failed, 77 when everything
# was skipped, else 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=verdict.sh
source "$here/verdict.sh"

usage() {
	echo "usage: lab/tests/e2e.sh [--line 7.2|6.12|6.1] [--scope full|backport]" \
		"[--out DIR] [--probe-dir DIR] [--kvm-dir DIR]" >&2
	exit 2
}

# Stop with a SKIP verdict: a missing prerequisite is never a pass.
give_up() {
	skip "$*"
	summary || exit $?
}

line=6.12 out='' scope=full args=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--line) line=${2:?}; shift ;;
	--out) out=${2:?}; shift ;;
	--scope) scope=${2:?}; shift
		[[ $scope == full || $scope == backport ]] || usage ;;
	--probe-dir|--kvm-dir) args+=("$1" "${2:?}"); shift ;;
	*) usage ;;
	esac
	shift
done
out=${out:-$LAB_CACHE/e2e-$line}
mkdir -p "$(dirname "$out")"

echo "INFO: nested lab end-to-end tests, Debian kernel line $line ($scope)"
args+=(--set "E2E_SCOPE=$scope")
[[ $(id -u) -eq 0 ]] || give_up "lab: not root (needs apt-get and QEMU)"
# The host's kernel before anything of the lab ran (e2e-check compares).
"$here/host-untouched" >"$out.host.before"
read -r abi _ < <("$LAB_DIR/resolve-kernel" "$line") ||
	give_up "lab: no linux-source-$line or matching image in the package" \
		"lists (resolve-kernel said why, above)"
"$LAB_DIR/install-deps" "$line" >&2 ||
	give_up "lab: cannot install the lab's packages (no package source?)"

t=$(now)
rc=0
bin=$("$LAB_DIR/build-selftest" "$line" "$abi" "$LAB_CACHE" 2>"$out.st.log") ||
	rc=$?
case $rc in
0) args+=(--set "SELFTEST=$bin") ;;
3) args+=(--set "SELFTEST_SKIP=$(tail -n 1 "$out.st.log")") ;;
*) args+=(--set "SELFTEST_FAIL=build failed: $(tail -n 1 "$out.st.log")") ;;
esac
phase_done "selftest build" "$t"

# The mutant for the oracle (e2e.plan): the patched modules (built here
# first) with exit 0x7c's (SVM_EXIT_MSR) counts dropped.
t=$(now)
kvm=$LAB_CACHE/$abi/kvm
for ((i = 0; i < ${#args[@]}; i++)); do
	[[ ${args[i]} != --kvm-dir ]] || kvm=${args[i + 1]}
done
mutant=$LAB_CACHE/$abi/mutant-amd
rc=0
: >"$out.mutant.log"
if [[ $kvm != "$LAB_CACHE/$abi/kvm" ]]; then
	"$LAB_DIR/build-mutant" amd 0x7c "$kvm" "$mutant" 2>>"$out.mutant.log" ||
		rc=$?
elif "$LAB_DIR/build-modules" "$line" "$abi" "$kvm" 2>"$out.mutant.log"; then
	# Built: run-lab takes them as they are (else it builds again and
	# reports the failure).
	args+=(--kvm-dir "$kvm")
	"$LAB_DIR/build-mutant" amd 0x7c "$kvm" "$mutant" 2>>"$out.mutant.log" ||
		rc=$?
else
	rc=3
	echo "no patched modules to mutate" >>"$out.mutant.log"
fi
# Where the line traces kvm_exit matters to the oracle whether or not
# the mutant built.
if [[ -f $mutant/exit-trace && $(cat "$mutant/exit-trace") != adjacent ]]; then
	args+=(--set "ORACLE_LATE=$(cat "$mutant/exit-trace")")
fi
case $rc in
0) args+=(--set "MUTANT_KVM=$mutant" --set MUTANT_CODE=0x7c) ;;
3) args+=(--set "MUTANT_WHY=skip: $(tail -n 1 "$out.mutant.log")") ;;
*) args+=(--set "MUTANT_WHY=fail: build-mutant status $rc: $(tail -n 1 "$out.mutant.log")") ;;
esac
tail -n 1 "$out.mutant.log" >&2
phase_done "mutant build" "$t"

# Kick L1 once its job has begun, as lab/l1-watch does a silent L1; give
# up when run-lab (PID) has ended.
kicker() {
	while kill -0 "$1" 2>/dev/null; do
		if [[ -f $out/kick.before && -S $out/l1.hb ]]; then
			"$LAB_DIR/poke" "$out/l1.hb" && date +%s >"$out/kicked"
			return
		fi
		sleep 0.2
	done
}
rm -rf "$out"
mkdir -p "$out"
status=0
"$LAB_DIR/run-lab" --line "$line" --plan "$here/e2e.plan" --out "$out" \
	"${args[@]}" &
lab=$!
kicker "$lab" &
wait "$lab" || status=$?
wait
[[ $status -eq 0 ]] || say "run-lab exited with status $status"
mv "$out.host.before" "$out/host.before"
"$here/host-untouched" >"$out/host.after"
"$here/e2e-check" "$out"
