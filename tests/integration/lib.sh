# lib.sh: verdict helpers for the integration tests (sourced, not run).
# shellcheck shell=bash

passes=0
failures=0
skips=0

pass() { echo "PASS: $*"; passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }

# check NAME CONDITION-COMMAND...: PASS if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name"
	fi
}

summary() {
	echo "SUMMARY: $((passes + failures + skips)) checks, $failures failures, $skips skipped"
	((failures == 0))
}
