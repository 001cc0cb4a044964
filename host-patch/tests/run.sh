#!/bin/bash
# run.sh: host-patch tests, one PASS/FAIL/SKIP line per check.
#
# For each kernel line (7.2, 6.12, 6.1): the series applies to Debian's
# linux-source (unpacked into the kernel package cache, never installed;
# 7.2's from Debian sid), every patch is checkpatch --strict clean, kvm.ko,
# kvm-intel.ko and kvm-amd.ko build out of tree with -Werror, the KVM
# selftest builds (statically), and the cmocka unit tests of the series'
# pure logic pass (and fail on a deliberately broken copy).  Then the
# scripts are shellcheck-clean and kvm-swap refuses what it must and
# loads kvm.ko with the guest-visible leaves on only when asked.
#
# Usage: host-patch/tests/run.sh [7.2|6.12|6.1]...
# Exits nonzero if any check fails.  A missing prerequisite is a SKIP.
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$hp/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

out=$root/build/host-patch-test
fails=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
skip() { echo "SKIP: $*"; }

# Print the missing commands among $@.
missing_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || printf '%s ' "$t"
	done
}

# Extract Debian source tarball $2 of line $1 once, as a tree that
# checkpatch, get_maintainer and the series accept; print its directory.
# Left out, for the disk (1.5 of 1.8 GB): the directories that no patch
# touches and neither script reads, drivers/, fs/, net/, sound/ (kept as
# empty directories: checkpatch looks for them to know a kernel tree) and
# the architectures other than x86.
full_tree() {
	local line=$1 tarball=$2 ver dest tmp top
	ver=${tarball%/*}
	ver=${ver##*_}
	dest=$root/build/kvm-cache/$line-$ver-full
	if [ ! -f "$dest/.complete" ]; then
		top=$(basename "$tarball" .tar.xz)
		tmp=$dest.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		tar -xJf "$tarball" -C "$tmp" --strip-components=1 --anchored \
			--exclude="$top/drivers" --exclude="$top/fs" \
			--exclude="$top/net" --exclude="$top/sound" \
			--exclude="$top/arch/[!x]*" --exclude="$top/arch/xtensa"
		mkdir -p "$tmp/drivers" "$tmp/fs" "$tmp/net" "$tmp/sound"
		touch "$tmp/.complete"
		rm -rf "$dest"
		mv "$tmp" "$dest"
	fi
	echo "$dest"
}

# checkpatch --strict every patch in series $2 inside tree $1.  The one
# warning allowed is the reminder about MAINTAINERS for new files, and only
# when the existing KVM entries already cover every new file.
check_style() {
	local tree=$1 series=$2 p report totals new f bad=0
	local -a added
	for p in $(series_patches "$series"); do
		report=$(cd "$tree" && { perl scripts/checkpatch.pl --strict "$p" 2>&1 || true; })
		totals=$(grep -o 'total: [0-9]* errors, [0-9]* warnings, [0-9]* checks' <<<"$report" || true)
		new=$(grep -c 'does MAINTAINERS need updating' <<<"$report" || true)
		if [ -z "$totals" ] ||
		   [ "$totals" != "total: 0 errors, $new warnings, 0 checks" ]; then
			echo "$report" | grep -E '^(ERROR|WARNING|CHECK)|^#' | head -n 20
			fail "$line: checkpatch --strict ${p##*/}: ${totals:-no verdict}"
			bad=1
			continue
		fi
		mapfile -t added < <(grep -A1 '^--- /dev/null' "$p" | sed -n 's|^+++ b/||p')
		for f in "${added[@]}"; do
			if [[ $(cd "$tree" && perl scripts/get_maintainer.pl \
				--no-git --no-rolestats -f "$f" 2>/dev/null) != *kvm@vger* ]]; then
				fail "$line: $f, added by ${p##*/}, has no KVM maintainer entry"
				bad=1
			fi
		done
	done
	[ "$bad" = 1 ] || pass "$line: every patch is checkpatch --strict clean (new files covered by MAINTAINERS' KVM entries)"
}

# Print where the exit statistics hook of vendor file $2 in tree $1 sits:
# "ok" when it is the only one, comes right before the kvm_exit tracepoint
# (or, on 6.1's SVM, whose tracepoint is in svm_handle_exit(), right after
# the machine check handling in svm_vcpu_run(), where later kernels trace)
# and nothing restores the host's state after it, else what is wrong.
hook_placement() {
	awk '
	/kvm_exit_stats_begin\(/ {
		hooks++; at = NR; next_line = 1
		after_mce = (prev ~ /svm_handle_mce\(vcpu\);/)
		next
	}
	next_line && NF { next_line = 0; traced = ($0 ~ /trace_kvm_exit\(vcpu, KVM_ISA_/) }
	/x86_spec_ctrl_restore_host\(|stgi\(\);/ { if (hooks) late = 1 }
	NF { prev = $0 }
	END {
		if (hooks != 1) { print hooks + 0 " hooks"; exit }
		if (!traced && !after_mce) { print "hook at line " at " is not at the kvm_exit tracepoint"; exit }
		if (late) { print "host state restored after the hook at line " at; exit }
		print "ok"
	}' "$1/$2"
}

# Print the initial value (first byte) of bool variable $2 in module $1,
# read from the section that holds it, or nothing if it is not there.
module_bool() {
	local ko=$1 var=$2 val ndx sec bin
	read -r val ndx < <(readelf -sW "$ko" |
		awk -v v="$var" '$8 == v && $4 == "OBJECT" { print $2, $7 }') || return 0
	sec=$(readelf -SW "$ko" | awk -v n="$ndx" '{
		l = $0; sub(/^ *\[ */, "", l); split(l, a, /[] ]+/)
		if (a[1] == n) print a[2] }')
	[ -n "$sec" ] || return 0
	bin=$(mktemp)
	objcopy -O binary --only-section="$sec" "$ko" "$bin"
	od -An -tu1 -j $((16#$val)) -N1 "$bin" | tr -d ' '
	rm -f "$bin"
}

# The vendor hooks sit where the host's state is back and the kvm_exit
# tracepoint fires, on both vendors; the check must reject v1's SVM spot.
check_hooks() {
	local tree=$1 f where mutant=$out/$line/hook-mutant
	local -a files=(arch/x86/kvm/vmx/vmx.c arch/x86/kvm/svm/svm.c)
	[ ! -f "$tree/arch/x86/kvm/vmx/tdx.c" ] || files+=(arch/x86/kvm/vmx/tdx.c)
	for f in "${files[@]}"; do
		where=$(hook_placement "$tree" "$f")
		if [ "$where" = ok ]; then
			pass "$line: ${f##*/}: the exit statistics hook sits at the kvm_exit tracepoint, after the host's state is restored"
		else
			fail "$line: ${f##*/}: $where"
		fi
	done
	mkdir -p "$mutant/arch/x86/kvm/svm"
	sed -e '/kvm_exit_stats_begin(/d' \
	    -e 's/^\tsvm_vcpu_enter_exit(vcpu, [a-z_]*);$/&\n\tkvm_exit_stats_begin(vcpu, svm->vmcb->control.exit_code);/' \
	    "$tree/arch/x86/kvm/svm/svm.c" >"$mutant/arch/x86/kvm/svm/svm.c"
	where=$(hook_placement "$mutant" arch/x86/kvm/svm/svm.c)
	if [ "$where" != ok ]; then
		pass "$line: the hook check rejects the SVM hook moved back before the SPEC_CTRL restore ($where)"
	else
		fail "$line: the hook check accepts the SVM hook moved back before the SPEC_CTRL restore"
	fi
}

test_line() {
	local line=$1 series=$hp/$1 full tree dir abi t0 t1 m tarball ver st bin

	if ! tarball=$(kc_fetch_source "$line" 2>"$out/source-$line.log"); then
		cat "$out/source-$line.log"
		skip "$line: all checks (no linux-source-$line from the package archive)"
		return
	fi
	ver=${tarball%/*}
	ver=${ver##*_}
	if [ -z "$(series_patches "$series")" ]; then
		fail "$line: no patches in $series"
		return
	fi
	dir=$out/$line
	rm -rf "$dir"
	mkdir -p "$dir"

	full=$(full_tree "$line" "$tarball")
	tree=$dir/tree
	cp -al "$full" "$tree"
	if (
		GIT_CEILING_DIRECTORIES=$dir
		export GIT_CEILING_DIRECTORIES
		cd "$tree"
		for p in $(series_patches "$series"); do
			git apply "$p" || exit 1
		done
	) >"$dir/apply.log" 2>&1; then
		pass "$line: series applies to linux-source-$line $ver"
	else
		cat "$dir/apply.log"
		fail "$line: series does not apply to linux-source-$line"
		return
	fi

	check_style "$tree" "$series"
	check_hooks "$tree"

	abi=$(kc_resolve "$line" 2>/dev/null | awk '{ print $1 }' || true)
	if [ -z "$abi" ]; then
		skip "$line: module build (no linux-headers-*-amd64 of line $line in the package lists)"
	elif "$hp/kvm-build" --line "$line" --abi "$abi" --werror \
		--out "$dir/modules" >"$dir/modules.log" 2>&1; then
		t0=$(grep -o 'in [0-9.]* s' "$dir/modules.log" || true)
		if [[ $(nm "$dir/modules/kvm.ko") == *" D kvm_exit_stats_enabled"* ]] &&
		   [ "$(modinfo -F vermagic "$dir/modules/kvm-amd.ko" | awk '{print $1}')" = "$abi" ]; then
			pass "$line: kvm.ko kvm-intel.ko kvm-amd.ko build with -Werror for $abi ($t0)"
			case $(module_bool "$dir/modules/kvm.ko" exit_stats_leaves) in
			0) pass "$line: kvm.exit_stats_leaves defaults to N in the built kvm.ko (guests see no host timing unless the admin opts in)" ;;
			'') fail "$line: the built kvm.ko has no exit_stats_leaves variable" ;;
			*) fail "$line: kvm.exit_stats_leaves defaults to Y in the built kvm.ko" ;;
			esac
		else
			fail "$line: built modules lack the statistics or have the wrong vermagic"
		fi
	else
		tail -n 30 "$dir/modules.log"
		fail "$line: kvm.ko kvm-intel.ko kvm-amd.ko do not build with -Werror"
	fi

	# The selftest, built by lab/build-selftest into the lab's cache, so
	# that the lab's end-to-end test reuses this build.
	t0=$(date +%s)
	if bin=$("$root/lab/build-selftest" "$line" "$abi" "$root/build/lab" \
		2>"$dir/selftest.log"); then
		t1=$(date +%s)
		st=${bin#*/out/}
		if [[ $(file "$bin") == *"statically linked"* ]]; then
			pass "$line: selftest $st builds, static ($((t1 - t0)) s)"
		else
			fail "$line: selftest built but is not statically linked"
		fi
		if grep -E 'exit_stats_test\.c.*warning' "${bin%/out/*}/build.log"; then
			fail "$line: selftest compiles with warnings"
		fi
	else
		tail -n 30 "$dir/selftest.log"
		fail "$line: the series' selftest does not build"
	fi

	if [ ! -f /usr/include/cmocka.h ]; then
		skip "$line: unit tests (libcmocka-dev is not installed)"
		return
	fi
	if "$hp/tests/unit/build.sh" "$line" "$dir/unit" >"$dir/unit.log" 2>&1 &&
	   "$dir/unit/exit_stats_test" >>"$dir/unit.log" 2>&1; then
		pass "$line: unit tests ($(grep -o 'PASSED.*' "$dir/unit.log" | head -1))"
	else
		cat "$dir/unit.log"
		fail "$line: unit tests"
	fi
	# The tests must catch a slot mapping that is off by one, a
	# classification that takes reserved VMX numbers for defined ones, a
	# log summary that names a reason twice when counts tie, a TSC that
	# went backwards charged as a wrapped difference, an exit counted
	# without its cycles, a charge without a noted exit, an exit in flight
	# counted when there is none, and a VM's sum that adds a vCPU's counts
	# as its cycles.
	for m in 's/reason < KVM_EXIT_STATS_LOW/reason <= KVM_EXIT_STATS_LOW/' \
		 's/reason == 35 ||/reason == 36 ||/' \
		 's/slot <= after/slot < after/' \
		 's/return now > start ? now - start : 0;/return now - start;/' \
		 's/figures->cycles\[slot\] += kvm_exit_stats_cycles(start, now);/figures->cycles[slot] += 0 * now;/' \
		 's/if (!start)/if (0)/' \
		 's/\(READ_ONCE(stats->start)\|stats->start\) && (all/(all/' \
		 's/sum->cycles\[i\] += READ_ONCE(figures->cycles\[i\]);/sum->cycles[i] += READ_ONCE(figures->count[i]);/'; do
		if ! "$hp/tests/unit/build.sh" "$line" "$dir/mutant" "$m" \
			>"$dir/mutant.log" 2>&1; then
			tail -n 3 "$dir/mutant.log"
			fail "$line: the broken copy ($m) did not build"
		elif ! "$dir/mutant/exit_stats_test" >>"$dir/mutant.log" 2>&1; then
			pass "$line: unit tests fail on a broken copy ($m)"
		else
			fail "$line: unit tests miss a broken copy ($m)"
		fi
	done
}

test_shellcheck() {
	local scripts
	if ! command -v shellcheck >/dev/null; then
		skip "shellcheck of host-patch scripts (shellcheck is not installed)"
		return
	fi
	scripts=("$hp/kvm-build" "$hp/kvm-swap" "$hp/lib/common.sh"
		 "$hp"/tests/*.sh "$hp"/tests/unit/*.sh "$hp"/bench/*.sh)
	if shellcheck -x "${scripts[@]}"; then
		pass "host-patch scripts are shellcheck-clean"
	else
		fail "host-patch scripts are not shellcheck-clean"
	fi
}

# Run kvm-swap with a fake /sys; expect it to refuse with message $2.
expect_refusal() {
	local name=$1 want=$2 msg
	shift 2
	if msg=$("$@" 2>&1); then
		fail "kvm-swap: $name: did not refuse"
	elif grep -q -- "$want" <<<"$msg"; then
		pass "kvm-swap refuses: $name"
	else
		fail "kvm-swap: $name: wrong message: $msg"
	fi
}

test_swap() {
	local mods fake abi
	mods=$(find "$out" -maxdepth 2 -name modules -type d | head -n 1)
	if [ "$(id -u)" != 0 ]; then
		expect_refusal "not root" "must be root" "$hp/kvm-swap" --dry-run
		skip "kvm-swap refusals past the root check (not root)"
		return
	fi
	expect_refusal "not root" "must be root" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$hp/kvm-swap" --dry-run
	if [ -z "$mods" ] || [ ! -f "$mods/kvm.ko" ]; then
		skip "kvm-swap refusals that need built modules (none built)"
		return
	fi
	abi=$(modinfo -F vermagic "$mods/kvm.ko" | awk '{print $1}')
	fake=$out/fake-sys
	rm -rf "$fake"
	mkdir -p "$fake/module/kvm/holders/kvm_intel" "$fake/module/kvm_intel" \
		 "$fake/kernel/security"
	echo processor : 0 >"$fake/cpuinfo-none"
	echo "flags : fpu vmx" >"$fake/cpuinfo-vmx"
	touch "$fake/module/kvm/initstate"
	echo 1 >"$fake/module/kvm/refcnt"
	echo 0 >"$fake/module/kvm_intel/refcnt"
	echo "[none] integrity confidentiality" >"$fake/kernel/security/lockdown"

	expect_refusal "version mismatch" "is built for" \
		env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE=0.0.0-other \
		"$hp/kvm-swap" --dir "$mods" --dry-run

	echo "none [integrity] confidentiality" >"$fake/kernel/security/lockdown"
	expect_refusal "Secure Boot lockdown" "lockdown is active" \
		env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		"$hp/kvm-swap" --dir "$mods" --dry-run
	echo "[none] integrity confidentiality" >"$fake/kernel/security/lockdown"

	echo 2 >"$fake/module/kvm_intel/refcnt"
	expect_refusal "VMs running" "VMs are running" \
		env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		KVM_SWAP_CPUINFO="$fake/cpuinfo-vmx" \
		"$hp/kvm-swap" --dir "$mods" --dry-run
	echo 0 >"$fake/module/kvm_intel/refcnt"

	rm "$fake/module/kvm/initstate"
	expect_refusal "KVM built in" "built into" \
		env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		"$hp/kvm-swap" --dir "$mods" --dry-run
	touch "$fake/module/kvm/initstate"

	expect_refusal "no VMX/SVM" "neither vmx nor svm" \
		env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		KVM_SWAP_CPUINFO="$fake/cpuinfo-none" \
		"$hp/kvm-swap" --dir "$mods" --dry-run

	if env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		KVM_SWAP_CPUINFO="$fake/cpuinfo-vmx" \
		"$hp/kvm-swap" --dir "$mods" --dry-run >"$out/swap-dry.log" 2>&1 &&
	   grep -q "insmod $mods/kvm-intel.ko" "$out/swap-dry.log"; then
		pass "kvm-swap --dry-run plans rmmod + insmod when nothing holds KVM"
	else
		cat "$out/swap-dry.log"
		fail "kvm-swap --dry-run does not plan the swap"
	fi
	check_leaves "$mods" "$fake" "$abi"
}

# The guest-visible leaves: off by default with a hint how to turn them
# on, on with --leaves through kvm.ko's insmod line.
check_leaves() {
	local mods=$1 fake=$2 abi=$3 log=$out/swap-dry.log hint
	hint="echo Y > /sys/module/kvm/parameters/exit_stats_leaves"
	if grep -q "^+ insmod $mods/kvm.ko\$" "$log" &&
	   ! grep -q "exit_stats_leaves=" "$log"; then
		pass "kvm-swap --dry-run loads kvm.ko without exit_stats_leaves=1"
	else
		fail "kvm-swap --dry-run: kvm.ko insmod line: $(grep "insmod $mods/kvm.ko" "$log")"
	fi
	if grep -q "leaves off unless turned on: $hint" "$log"; then
		pass "kvm-swap says the leaves are off and how to turn them on"
	else
		fail "kvm-swap: no hint '$hint' after a swap"
	fi
	log=$out/swap-dry-leaves.log
	if env KVM_SWAP_SYSFS="$fake" KVM_SWAP_RELEASE="$abi" \
		KVM_SWAP_CPUINFO="$fake/cpuinfo-vmx" \
		"$hp/kvm-swap" --dir "$mods" --dry-run --leaves >"$log" 2>&1 &&
	   grep -q "^+ insmod $mods/kvm.ko exit_stats_leaves=1\$" "$log" &&
	   grep -q "^+ insmod $mods/kvm-intel.ko\$" "$log" &&
	   grep -q "leaves on (exit_stats_leaves=1)" "$log"; then
		pass "kvm-swap --dry-run --leaves loads kvm.ko with exit_stats_leaves=1"
	else
		cat "$log"
		fail "kvm-swap --dry-run --leaves does not pass exit_stats_leaves=1 to kvm.ko"
	fi
	expect_refusal "--leaves with --restore" "does not go with --restore" \
		"$hp/kvm-swap" --restore --leaves --dry-run
}

main() {
	local lines=("$@") line tools start
	[ ${#lines[@]} -gt 0 ] || lines=(7.2 6.12 6.1)
	start=$(date +%s)
	mkdir -p "$out"

	tools=$(missing_tools gcc make git perl tar xz bc nm modinfo file)
	if [ -n "$tools" ]; then
		skip "host-patch: all checks (missing: $tools)"
		exit 0
	fi
	for line in "${lines[@]}"; do
		test_line "$line"
	done
	test_shellcheck
	test_swap
	echo "host-patch tests: $fails failed, $(($(date +%s) - start)) s"
	[ "$fails" = 0 ]
}

main "$@"
