# verdict.sh: kvm-unit-tests-style verdict lines and their tally (sourced).
# shellcheck shell=bash

npass=0 nfail=0 nskip=0

pass() {
	printf 'PASS: %s\n' "$*"
	npass=$((npass + 1))
}

fail() {
	printf 'FAIL: %s\n' "$*"
	nfail=$((nfail + 1))
}

skip() {
	printf 'SKIP: %s\n' "$*"
	nskip=$((nskip + 1))
}

# check NAME COMMAND...: PASS when COMMAND succeeds, else FAIL with its
# output on the same line.
check() {
	local name=$1 msg
	shift
	if msg=$("$@" 2>&1); then
		pass "$name"
	else
		msg=${msg//$'\n'/; }
		fail "$name${msg:+: $msg}"
	fi
}

# Print the SUMMARY line; return 0 when nothing failed and something
# passed, 77 when everything was skipped, else 1.
summary() {
	printf 'SUMMARY: %d passed, %d failed, %d skipped\n' \
		"$npass" "$nfail" "$nskip"
	[[ $nfail -eq 0 ]] || return 1
	[[ $npass -gt 0 ]] || return 77
	return 0
}
