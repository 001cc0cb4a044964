#!/bin/bash
# exit-path-insns.sh: count the instructions that the exit-statistics series
# adds to KVM's VM-Exit path, from the disassembly of the built modules.
#
# Usage: host-patch/bench/exit-path-insns.sh [--line 6.12|6.1] [--abi ABI]
#
# Builds (or reuses) the patched and the stock modules with kvm-build, then,
# for the functions every VM-Exit runs through (vmx_vcpu_run, svm_vcpu_run,
# and vcpu_run, into which vcpu_enter_guest is inlined), prints:
#  - the instructions attributed by the debug line info to the inlined
#    kvm_exit_stats_begin()/kvm_exit_stats_end() and to the hook call
#    lines (static count: every branch of the hooks, an upper bound of what
#    one exit executes);
#  - the instructions before and including the static-key jump of each hook,
#    which is all that runs with kvm.exit_stats=0;
#  - the change in each function's total instruction count, stock to
#    patched, as a cross-check.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hp=$(cd "$here/.." && pwd)
root=$(cd "$hp/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

line='' abi=''
while [ $# -gt 0 ]; do
	case $1 in
	--line) line=${2:?--line needs a value}; shift 2 ;;
	--abi) abi=${2:?--abi needs a value}; shift 2 ;;
	-h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option: $1" ;;
	esac
done
[ -n "$line" ] || line=6.12
[ -n "$abi" ] || abi=$(resolve_abi "$line")

dir=$root/build/bench/$abi
work=$("$hp/kvm-build" --line "$line" --abi "$abi" --out "$dir/patched" |
	sed -n 's/.*, building in //p')
[ -d "$work/arch/x86/kvm" ] || die "kvm-build did not report its work tree"
"$hp/kvm-build" --line "$line" --abi "$abi" --no-patch --out "$dir/stock" \
	>/dev/null

# Disassemble function $2 of module $1 with inline-aware line info.
disasm() {
	objdump -d -l --inlines --no-show-raw-insn --disassemble="$2" "$1"
}

# Count the instructions of function $2 in module $1 (0 if it has none: the
# compiler inlined it).
count_insns() {
	disasm "$1" "$2" | awk '/^ +[0-9a-f]+:\t/ { n++ } END { print n + 0 }'
}

# Print "total off" for the hook instructions of function $2 in module $1:
# instructions whose inline chain includes kvm_exit_stats_begin/end, or
# whose own line calls them (argument set-up).  "off" counts, in each run of
# hook instructions that holds a static-key jump, those up to and including
# the jump: all that executes with kvm.exit_stats=0.
hook_insns() {
	disasm "$1" "$2" | awk '
		BEGIN {
			n = split(ENVIRON["HOOK_SITES"], list, " ")
			for (i = 1; i <= n; i++)
				sites[list[i]] = 1
		}
		/^[a-z_0-9.]+\(\):$/ { fn = $1; next }
		/^\// { site = $1; chain = fn; next }
		/^inlined by / { chain = chain " " $NF; next }
		/^ +[0-9a-f]+:\t/ {
			hook = chain ~ /kvm_exit_stats_(begin|end)/
			for (s in sites)
				if (substr(site, length(site) - length(s) + 1) == s &&
				    substr(site, length(site) - length(s), 1) == "/")
					hook = 1
			if (!hook) {
				run = 0
				next
			}
			total++
			if (!run) {
				run = 1
				prefix = 0
				jumped = 0
			}
			if (!jumped) {
				prefix++
				if (chain ~ /arch_static_branch/) {
					jumped = 1
					off += prefix
				}
			}
			next
		}
		END { printf "%d %d\n", total, off }'
}

# The source lines (file:line) that call the hooks in the patched tree.
HOOK_SITES=$(cd "$work/arch/x86/kvm" &&
	grep -n 'kvm_exit_stats_\(begin\|end\)(vcpu' x86.c vmx/vmx.c svm/svm.c |
	awk -F: '{ sub(".*/", "", $1); printf "%s:%s ", $1, $2 }')
export HOOK_SITES

printf 'exit-path-insns: %s (line %s), kvm.exit_stats hooks\n' "$abi" "$line"
printf '%-12s %-14s %6s %8s %6s %6s %6s\n' module function stock patched delta \
	hooks off
sum_on=0 sum_off=0
# vcpu_enter_guest() is inlined into vcpu_run(), which the compiler may
# inline into kvm_arch_vcpu_ioctl_run(): count the three together.
for spec in kvm-intel:vmx_vcpu_run kvm-amd:svm_vcpu_run \
	kvm:kvm_arch_vcpu_ioctl_run,vcpu_run,vcpu_enter_guest; do
	mod=${spec%%:*}
	stock=0 patched=0 hooks=0 off=0
	IFS=, read -ra fns <<<"${spec#*:}"
	for fn in "${fns[@]}"; do
		stock=$((stock + $(count_insns "$dir/stock/$mod.ko" "$fn")))
		patched=$((patched + $(count_insns "$dir/patched/$mod.ko" "$fn")))
		read -r h o < <(hook_insns "$dir/patched/$mod.ko" "$fn")
		hooks=$((hooks + h)) off=$((off + o))
	done
	fn=${fns[0]}
	[ ${#fns[@]} -eq 1 ] || fn=vcpu_run
	printf '%-12s %-14s %6d %8d %+6d %6d %6d\n' "$mod" "$fn" "$stock" \
		"$patched" $((patched - stock)) "$hooks" "$off"
	if [ "$fn" = vcpu_run ]; then
		end_on=$hooks end_off=$off
	elif [ "$hooks" -gt "$sum_on" ]; then
		sum_on=$hooks sum_off=$off
	fi
done
ends=$(grep -c 'kvm_exit_stats_end(vcpu' "$work/arch/x86/kvm/x86.c")
printf 'per VM-Exit, kvm.exit_stats=1: %d instructions added (vendor begin hook %d + one of %d end hooks, %d on average); static upper bound %d\n' \
	$((sum_on + end_on / ends)) "$sum_on" "$ends" $((end_on / ends)) \
	$((sum_on + end_on))
printf 'per VM-Exit, kvm.exit_stats=0: at most %d instructions (loads hoisted above the static-key NOPs, and the NOPs)\n' \
	$((sum_off + end_off))
