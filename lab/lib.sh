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
