# lib.sh: shared helpers for the lab scripts (sourced, not run).
# shellcheck shell=bash

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$LAB_DIR/.." && pwd)
LAB_CACHE=${LAB_CACHE:-$TOP_DIR/build/lab}

# Exits the emulated SVM cannot produce (SPEC.md section 2): INVD exits
# with the WBINVD code, and task switches are not intercepted. Given to the
# probe as noexit=, so it expects zero exits of those reasons and stays
# exact for every other trigger.
# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_NOEXIT=invd,task_switch

# Seconds without L1's heartbeat before the host takes L1 for frozen
# (lab/l1-watch); L1 beats every 5 s.
L1_SILENT=${L1_SILENT:-60}

# Print a lab message on stderr.
say() {
	printf 'lab: %s\n' "$*" >&2
}

die() {
	say "error: $*"
	exit 1
}

# Exit with the distinct status 77 (the automake SKIP code) and a reason.
skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

now() {
	date +%s.%N
}

# phase_done NAME START [END]: print "PHASE name seconds" on stderr (END
# defaults to now).
phase_done() {
	local name=$1 start=$2 end=${3:-$(now)}
	awk -v n="$name" -v s="$start" -v e="$end" \
		'BEGIN { printf "PHASE %-14s %7.1f s\n", n, e - s }' >&2
}

require_root() {
	[[ $(id -u) -eq 0 ]] || die "run as root (apt-get, insmod inside the lab)"
}

# lab_where OUT: where a lab boot that stopped early was, for a message:
# its last step (the console's last LAB: line) and, when a probe VM was
# running, the probe's trigger (the table row it had begun) or last line.
lab_where() {
	local out=$1 step name last
	if [[ ! -f $out/t-job-start ]]; then
		echo "while L1 booted, before its job started"
		return
	fi
	step=$(grep -a '^LAB: ' "$out/console.log" | tail -n 1)
	step=${step#LAB: }
	printf 'during the step "%s"' "$step"
	case $step in
	"probe "*" start"*|"linux "*" start"*) name=${step#* } name=${name%% *} ;;
	"probes "*) name=${step#probes } name=${name%% *} ;;
	*) return ;;
	esac
	[[ -s $out/$name.serial ]] || { echo " (VM $name printed nothing)"; return; }
	printf ', probe %s %s\n' "$name" "$(probe_where "$out/$name.serial")"
}

# probe_where SERIAL: "in its trigger T" when the probe's output SERIAL
# ends in the table row it begins before running T, else "after its line
# LAST".
probe_where() {
	local last
	last=$(tail -c 200 "$1" | tr -d '\r' | tail -n 1)
	if [[ -n $(tail -c 1 "$1" | tr -d '\n') &&
		$last =~ ^([a-z0-9_]+)\ +$ ]]; then
		echo "in its trigger ${BASH_REMATCH[1]}"
	else
		echo "after its line \"$last\""
	fi
}
