# probe-json.sh: assertions on a probe run's serial output (sourced). Each
# takes the run's folder and case name, prints why on failure, and returns
# non-zero then. The probe's JSON lines start with {"probe":.
# shellcheck shell=bash

# records OUT NAME KIND: the case's JSON records of one kind, one a line.
records() {
	grep -a "^{\"probe\":\"$3\"" "$1/$2.serial" | jq -c . 2>/dev/null
}

# The probe ran to its end and exited with the pass status.
probe_ok() {
	local rc
	rc=$(cat "$1/$2.rc" 2>/dev/null) || { echo "did not run"; return 1; }
	[[ ! -f $1/$2.idle ]] ||
		{ echo "no output for $(cat "$1/$2.idle") s: stopped"; return 1; }
	if [[ $rc -eq 124 ]] && ! grep -aq '^SUMMARY:' "$1/$2.serial"; then
		echo "stopped at its time limit while still printing (a crowded" \
			"machine?); last: $(grep -a . "$1/$2.serial" | tail -n 1 | cut -c1-120)"
		return 1
	fi
	grep -aq '^SUMMARY:' "$1/$2.serial" || {
		echo "no SUMMARY line; it printed: $(grep -a . "$1/$2.serial" |
			tail -n 1)"
		return 1
	}
	[[ $rc -eq 1 ]] || {
		grep -a '^FAIL:' "$1/$2.serial" | head -n 5
		echo "QEMU status $rc (1 = pass)"
		return 1
	}
}

# leaves_are OUT NAME true|false: the probe found the stats leaves or not.
leaves_are() {
	local got
	got=$(records "$1" "$2" start | jq -r .stats)
	[[ $got == "$3" ]] || { echo "stats leaves present: '$got', want $3"; return 1; }
}

# Every judged result with an exact expectation saw exactly that delta, and
# at least MIN of them did.
exact_deltas() {
	local min=${3:-1} bad n
	bad=$(records "$1" "$2" result | jq -r 'select(.stats and .expect == "exact"
		and .verdict != "SKIP" and .delta != .expect_lo)
		| "\(.trigger): delta \(.delta), expected \(.expect_lo)"')
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	# A trigger's further exits (its parts) are exact too, where judged.
	bad=$(records "$1" "$2" result | jq -r 'select(.stats and .verdict != "SKIP")
		| .trigger as $t | (.parts // [])[]
		| select(.expect == "exact" and .delta != .expect_lo)
		| "\($t): +\(.what) \(.delta), expected \(.expect_lo)"')
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	n=$(records "$1" "$2" result | jq -s '[.[] | select(.stats and
		.expect == "exact" and .verdict != "SKIP")] | length')
	[[ $n -ge $min ]] || { echo "$n exact results, want >= $min"; return 1; }
}

# named_exact OUT NAME KIND LIST: every trigger in LIST (comma-separated)
# has a KIND record (result, parallel) that is judged, not SKIP, exact,
# with its delta and its parts' equal to their expectations.
named_exact() {
	local t rec bad=0
	for t in ${4//,/ }; do
		rec=$(records "$1" "$2" "$3" | jq -c "select(.trigger == \"$t\")")
		if [[ -z $rec ]]; then
			echo "$t: no $3 record"; bad=1; continue
		fi
		jq -e '.verdict == "PASS" and .stats and .expect == "exact"
			and .delta == .expect_lo
			and all((.parts // [])[]; .expect == "exact" and .delta == .expect_lo)' \
			<<<"$rec" >/dev/null || {
			echo "$t: $(jq -r '"\(.verdict) delta \(.delta // "-") expected \(.expect_lo // "-") (\(.expect // "-")); parts \([(.parts // [])[] | "\(.what) \(.delta)/\(.expect_lo) \(.expect)"] | join(", "))"' <<<"$rec")"
			bad=1
		}
	done
	return $bad
}

# every_cpus OUT NAME N: every parallel record ran on N vCPUs.
every_cpus() {
	local bad
	bad=$(records "$1" "$2" parallel | jq -r "select(.cpus != $3) | \"\(.trigger): cpus \(.cpus)\"")
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	[[ -n $(records "$1" "$2" parallel) ]] || { echo "no parallel record"; return 1; }
}

# smp_census OUT NAME: the APs' start-up census is there, with exits.
smp_census() {
	local rec
	rec=$(records "$1" "$2" smp_census)
	[[ -n $rec ]] || { echo "no smp_census record"; return 1; }
	jq -e '.cpus >= 2 and .exits > 0' <<<"$rec" >/dev/null ||
		{ echo "smp_census: $rec"; return 1; }
}

# No result is FAIL; the summary counts no failure.
no_failures() {
	local bad
	bad=$(records "$1" "$2" result | jq -r 'select(.verdict == "FAIL")
		| "\(.trigger): \(.delta // "-") exits, expected \(.expect_lo // "-")..\(.expect_hi // "-")"')
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	[[ $(records "$1" "$2" summary | jq .failures) == 0 ]] ||
		{ echo "summary counts failures"; return 1; }
}

# Per result, the total-exits delta covers the per-reason delta; in the
# census, the per-reason counts add up to at least the total.
totals_agree() {
	local bad sum total
	bad=$(records "$1" "$2" result | jq -r 'select(.stats and .delta != null
		and .total_delta < .delta)
		| "\(.trigger): total delta \(.total_delta) < reason delta \(.delta)"')
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	total=$(records "$1" "$2" census_total | jq .exits)
	sum=$(records "$1" "$2" census | jq -s 'map(.count) | add')
	[[ -n $total && -n $sum && $sum -ge $total ]] ||
		{ echo "census: per-reason sum ${sum:-none} < total ${total:-none}"; return 1; }
	grep -aq '^PASS: census:' "$1/$2.serial" ||
		{ grep -a '^FAIL: census' "$1/$2.serial"; return 1; }
}

# The boot census is there: a total and at least one reason.
census_present() {
	local total n
	total=$(records "$1" "$2" census_total | jq .exits)
	n=$(records "$1" "$2" census | wc -l)
	[[ -n $total && $total -gt 0 && $n -gt 0 ]] ||
		{ echo "census: total '${total}', $n reasons"; return 1; }
}

# The leaf sweep covered ECX 0..0xFFFF plus more, twice (count and time
# leaves), and every answer was a spec answer agreeing with the exit table.
sweep_clean() {
	local s
	s=$(records "$1" "$2" sweep)
	[[ -n $s ]] || { echo "no sweep record"; return 1; }
	jq -e '.checked >= 2 * 65544 and .bad == 0 and .disagree == 0' \
		<<<"$s" >/dev/null || { echo "$s"; return 1; }
}
