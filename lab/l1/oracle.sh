# oracle.sh: the kernel's own kvm:kvm_exit tracepoint as an oracle for the
# patch's exit statistics, set up inside L1 (sourced by lab/l1/steps.sh and
# by the Intel lab's job: POSIX sh, for busybox too).
#
# A tracefs instance with the x86-tsc clock (time stamps in TSC cycles, the
# clock of the patch's cycles) holds in-kernel hist triggers, exact and
# without a ring buffer to overrun:
#   kvm_exit   per (thread, exit reason): the count; per thread: the time
#              stamp and reason of its last exit;
#   kvm_entry  that exit's latency to this entry, fired as the synthetic
#              event exit_oracle_lat (thread, reason, latency),
#   exit_oracle_lat  its hist: per (thread, reason), entries and latency.
# A hist trigger with time stamps sets the instance's clock to its clock=
# attribute, "global" unless given: each says x86-tsc, and the clock in
# force is saved (NAME.oracle.clock).
# The VM's own figures come from its debugfs exit_stats, held open to the
# end, so that the reading after the VM's process exited is its whole
# life. Results in ORACLE_OUT (default $out): NAME.oracle.exits,
# NAME.oracle.lat (the two hists), NAME.oracle.format (kvm_exit's format),
# NAME.tids (the VM's threads: TID COMM), NAME.exit_stats; or
# NAME.oracle.skip (a tracefs feature is missing) or NAME.oracle.fail (the
# set-up failed), each with the reason. lab/tests/oracle-check compares.
# shellcheck shell=sh
# shellcheck disable=SC2154 # $out is the job's

ORACLE_TRACEFS=${ORACLE_TRACEFS:-/sys/kernel/tracing}
ORACLE_INST=$ORACLE_TRACEFS/instances/exit-oracle
ORACLE_SYNTH='exit_oracle_lat int pid; u32 reason; u64 lat'
ORACLE_EXIT_COUNT='hist:keys=common_pid,exit_reason:vals=hitcount:size=4096'
ORACLE_EXIT_VARS='hist:keys=common_pid:oracle_ts=common_timestamp:oracle_reason=exit_reason:clock=x86-tsc'
# shellcheck disable=SC2016 # $oracle_ts and the rest are hist variables
ORACLE_ENTRY='hist:keys=common_pid:oracle_lat=common_timestamp-$oracle_ts:oracle_r=$oracle_reason:onmatch(kvm.kvm_exit).exit_oracle_lat(common_pid,$oracle_r,$oracle_lat):clock=x86-tsc'
ORACLE_LAT='hist:keys=pid,reason:vals=hitcount,lat:size=4096'

# oracle_say NAME KIND TEXT: leave NAME.oracle.KIND (skip or fail) saying TEXT.
oracle_say() {
	echo "$3" >"${ORACLE_OUT:-$out}/$1.oracle.$2"
	echo "LAB: oracle $1: $2: $3"
}

# oracle_write NAME FILE TEXT: append TEXT to the tracefs FILE; on an
# error, say what tracefs's error_log says and fail.
oracle_write() {
	if ! echo "$3" >>"$2" 2>/dev/null; then
		oracle_say "$1" fail "writing '$3' to ${2#"$ORACLE_TRACEFS"/} failed: $(tail -n 2 "$ORACLE_TRACEFS/error_log" 2>/dev/null | tr '\n' ' ')"
		return 1
	fi
}

# oracle_on NAME: set the triggers up (before the VM's QEMU starts). A
# missing feature leaves NAME.oracle.skip and returns 0: the checks say
# SKIP, never PASS.
oracle_on() {
	_t=$ORACLE_TRACEFS
	_d=${ORACLE_OUT:-$out}
	rm -f "$_d/$1.oracle.skip" "$_d/$1.oracle.fail"
	[ -d "$_t/instances" ] || mount -t tracefs tracefs "$_t" 2>/dev/null || true
	if [ ! -d "$_t/instances" ]; then
		oracle_say "$1" skip "no tracefs instances at $_t"
	elif [ ! -f "$_t/synthetic_events" ]; then
		oracle_say "$1" skip "no synthetic events in tracefs (CONFIG_SYNTH_EVENTS)"
	elif [ ! -f "$_t/events/kvm/kvm_exit/hist" ]; then
		oracle_say "$1" skip "no hist file for kvm:kvm_exit (CONFIG_HIST_TRIGGERS, kvm loaded?)"
	elif ! grep -qw x86-tsc "$_t/trace_clock"; then
		oracle_say "$1" skip "no x86-tsc trace clock: $(cat "$_t/trace_clock")"
	else
		oracle_clear
		cp "$_t/events/kvm/kvm_exit/format" "$_d/$1.oracle.format"
		if ! oracle_triggers "$1"; then
			[ -f "$_d/$1.oracle.fail" ] ||
				oracle_say "$1" fail "cannot make $ORACLE_INST"
			oracle_clear
		fi
	fi
	return 0
}

# oracle_triggers NAME: make the instance and its triggers.
oracle_triggers() {
	_e=$ORACLE_INST/events
	mkdir "$ORACLE_INST" &&
		oracle_write "$1" "$ORACLE_INST/trace_clock" x86-tsc &&
		oracle_write "$1" "$ORACLE_TRACEFS/synthetic_events" "$ORACLE_SYNTH" &&
		oracle_write "$1" "$_e/kvm/kvm_exit/trigger" "$ORACLE_EXIT_COUNT" &&
		oracle_write "$1" "$_e/kvm/kvm_exit/trigger" "$ORACLE_EXIT_VARS" &&
		oracle_write "$1" "$_e/kvm/kvm_entry/trigger" "$ORACLE_ENTRY" &&
		oracle_write "$1" "$_e/synthetic/exit_oracle_lat/trigger" "$ORACLE_LAT" &&
		cat "$ORACLE_INST/trace_clock" >"${ORACLE_OUT:-$out}/$1.oracle.clock"
}

# oracle_watch NAME PID VMDIR: while the VM's process PID runs, record its
# threads (TID COMM; QEMU names its vCPU threads "CPU n/KVM" with
# -name debug-threads=on) in NAME.tids, and hold VMDIR/exit_stats open:
# once PID is gone, read it into NAME.exit_stats. Run it in the background.
oracle_watch() {
	_d=${ORACLE_OUT:-$out}
	# Builtins only in the loop, and one look a second once a vCPU
	# thread was seen: L1 has one CPU, which the VM needs (with a cat per
	# thread twice a second, 7.2's Linux boot step took 104 s; with this,
	# 61 s; 31 s without the oracle). Until then, a look every 50 ms: the
	# directory comes before QEMU names its vCPU threads, and under Bochs
	# a short probe VM can end within L1's second (make test, the Intel
	# lab's mutant: no thread seen).
	{
		_seen=
		while kill -0 "$2" 2>/dev/null; do
			for _k in /proc/"$2"/task/*; do
				_c=
				{ read -r _c <"$_k/comm"; } 2>/dev/null || true
				[ -z "$_c" ] || echo "${_k##*/} $_c"
				case $_c in "CPU "*/KVM) _seen=1 ;; esac
			done
			if [ -n "$_seen" ]; then sleep 1; else sleep 0.05; fi
		done | sort -u >"$_d/$1.tids"
		# Read once the process exited, on the fd opened before.
		cat <&8 >"$_d/$1.exit_stats"
	} 8<"$3/exit_stats"
}

# oracle_off NAME: save the hists (after the VM's process exited) and take
# the triggers down.
oracle_off() {
	_d=${ORACLE_OUT:-$out}
	if [ -d "$ORACLE_INST" ] && [ ! -f "$_d/$1.oracle.skip" ] &&
		[ ! -f "$_d/$1.oracle.fail" ]; then
		cat "$ORACLE_INST/events/kvm/kvm_exit/hist" >"$_d/$1.oracle.exits"
		cat "$ORACLE_INST/events/synthetic/exit_oracle_lat/hist" \
			>"$_d/$1.oracle.lat"
	fi
	oracle_clear
}

# oracle_clear: remove the triggers, the synthetic event and the instance
# (in that order: each is in use by the one before), where they are.
oracle_clear() {
	_i=$ORACLE_INST
	[ -d "$_i" ] || return 0
	oracle_rm "$_i/events/synthetic/exit_oracle_lat/trigger" "!$ORACLE_LAT"
	oracle_rm "$_i/events/kvm/kvm_entry/trigger" "!$ORACLE_ENTRY"
	oracle_rm "$_i/events/kvm/kvm_exit/trigger" "!$ORACLE_EXIT_VARS"
	oracle_rm "$_i/events/kvm/kvm_exit/trigger" "!$ORACLE_EXIT_COUNT"
	oracle_rm "$ORACLE_TRACEFS/synthetic_events" "!exit_oracle_lat"
	rmdir "$_i" 2>/dev/null ||
		echo "LAB: oracle: cannot remove $_i: $(grep -hv '^#' "$_i"/events/kvm/kvm_e*/trigger)"
	return 0
}

# oracle_rm FILE TEXT: append TEXT to FILE, which may not be there.
oracle_rm() {
	{ echo "$2" >>"$1"; } 2>/dev/null || true
}
