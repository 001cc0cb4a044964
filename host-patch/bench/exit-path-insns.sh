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
"$hp/kvm-build" --line "$line" --abi "$abi" --out "$dir/patched" >/dev/null
"$hp/kvm-build" --line "$line" --abi "$abi" --no-patch --out "$dir/stock" \
	>/dev/null

# Disassemble function $2 of module $1 with inline-aware line info.
disasm() {
	objdump -d -l --inlines --no-show-raw-insn --disassemble="$2" "$1"
}

# Count the instructions of function $2 in module $1.
count_insns() {
	disasm "$1" "$2" | grep -cE '^ +[0-9a-f]+:\s'
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
work=$(find "$root/build/kvm-work" -maxdepth 1 -name "$abi-*" -newer "$hp/$line" \
	-type d -exec test -f '{}/.prepared' ';' -print | head -n 1)
HOOK_SITES=$(cd "$work/arch/x86/kvm" &&
	grep -n 'kvm_exit_stats_\(begin\|end\)(vcpu' x86.c vmx/vmx.c svm/svm.c |
	awk -F: '{ sub(".*/", "", $1); printf "%s:%s ", $1, $2 }')
export HOOK_SITES

printf 'exit-path-insns: %s (line %s), kvm.exit_stats hooks\n' "$abi" "$line"
printf '%-12s %-14s %6s %8s %6s %6s %6s\n' module function stock patched delta \
	hooks off
sum_on=0 sum_off=0
for spec in kvm-intel:vmx_vcpu_run kvm-amd:svm_vcpu_run kvm:vcpu_run; do
	mod=${spec%%:*}
	fn=${spec#*:}
	stock=$(count_insns "$dir/stock/$mod.ko" "$fn")
	patched=$(count_insns "$dir/patched/$mod.ko" "$fn")
	read -r hooks off < <(hook_insns "$dir/patched/$mod.ko" "$fn")
	printf '%-12s %-14s %6d %8d %+6d %6d %6d\n' "$mod" "$fn" "$stock" \
		"$patched" $((patched - stock)) "$hooks" "$off"
	if [ "$fn" = vcpu_run ]; then
		end_on=$hooks end_off=$off
	elif [ "$hooks" -gt "$sum_on" ]; then
		sum_on=$hooks sum_off=$off
	fi
done
printf 'per VM-Exit, kvm.exit_stats=1: at most %d instructions (%d vendor begin hook + %d in both end hooks; one end hook runs per exit)\n' \
	$((sum_on + end_on)) "$sum_on" "$end_on"
printf 'per VM-Exit, kvm.exit_stats=0: %d instructions (hoisted loads and the static-key NOPs)\n' \
	$((sum_off + end_off))
