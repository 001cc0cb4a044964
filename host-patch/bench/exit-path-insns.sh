#!/bin/bash
# exit-path-insns.sh: count the instructions that the exit-statistics series
# adds to KVM's VM-Exit path, from the disassembly of the built modules, and
# the memory the statistics take per vCPU and per exit.
#
# Usage: host-patch/bench/exit-path-insns.sh [--line 7.2|6.12|6.1] [--abi ABI]
#                                            [--series DIR]
#
# Builds (or reuses) the patched and the stock modules with kvm-build, then,
# for the functions every VM-Exit runs through (vmx_vcpu_run, svm_vcpu_run,
# and vcpu_run, into which vcpu_enter_guest is inlined), prints:
#  - the instructions attributed by the debug line info to the inlined
#    kvm_exit_stats_begin()/kvm_exit_stats_end() and to the hook call
#    lines (static count: every branch of the hooks, an upper bound of what
#    one exit executes);
#  - the instructions before and including the static-key jump of each hook
#    (static count again);
#  - per hook site, the instructions executed on the path an exit takes,
#    walked from the hook's first instruction with the static-key sites per
#    key state (their __jump_table entries) and kvm.exit_stats_log=0: with
#    kvm.exit_stats=1 for an exit reason below 0x100 (and SVM's 0x400-0x403)
#    and, in the end hooks, an exit in flight; with kvm.exit_stats=0; and the
#    sums per VM-Exit;
#  - each function's whole instruction count, stock and patched, per symbol
#    (kvm_arch_vcpu_ioctl_run, vcpu_run and vcpu_enter_guest where they are
#    not inlined);
#  - the growth beyond the hooks: growth = hooks + other added - other
#    removed, from the multisets of instruction shapes (registers as %r,
#    numbers as N, conditional jumps as jcc) of stock and of patched without
#    its hooks, with functions that are out of line in one build spliced in
#    at their call; the other instructions by kind, the calls that differ,
#    the count-neutral moves and operand changes, and the change per
#    function inlined into the group (from the inline chains);
#  - the per-vCPU size of the statistics, the growth of the vCPU structs
#    over stock, and the cache lines one exit writes, from the DWARF of the
#    patched and the stock modules (exit-stats-layout.sh).
# --series DIR measures the patches in DIR instead of host-patch/LINE, e.g.
# an earlier version of the series (v2's layout is known too), with its
# modules in build/bench/ABI/series-HASH.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hp=$(cd "$here/.." && pwd)
root=$(cd "$hp/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

line='' abi='' series=''
while [ $# -gt 0 ]; do
	case $1 in
	--line) line=${2:?--line needs a value}; shift 2 ;;
	--abi) abi=${2:?--abi needs a value}; shift 2 ;;
	--series) series=${2:?--series needs a value}; shift 2 ;;
	-h|--help) sed -n '2,39s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option: $1" ;;
	esac
done
[ -n "$line" ] || line=6.12
[ -n "$abi" ] || abi=$(resolve_abi "$line")

dir=$root/build/bench/$abi
pdir=$dir/patched
sopt=()
if [ -n "$series" ]; then
	series=$(cd "$series" && pwd)
	pdir=$dir/series-$(echo "$series" | sha256sum | cut -c1-12)
	sopt=(--series "$series")
fi
work=$("$hp/kvm-build" --line "$line" --abi "$abi" "${sopt[@]}" \
	--out "$pdir" | sed -n 's/.*, building in //p')
[ -d "$work/arch/x86/kvm" ] || die "kvm-build did not report its work tree"
"$hp/kvm-build" --line "$line" --abi "$abi" --no-patch --out "$dir/stock" \
	>/dev/null

# Print one line per instruction of function $2 in module $1 (none if the
# module has no such symbol: the compiler inlined it), "HOOK KEY TEXT":
# HOOK 1 for an instruction whose inline chain includes
# kvm_exit_stats_begin/end, or whose own line calls them (argument set-up);
# KEY 1 inside a static-key jump (arch_static_branch); TEXT the instruction
# with branch targets inside a function as <>, and the symbols that its
# relocations name appended in [].  HOOK_SITES names the call lines.
insn_stream() {
	objdump -d -l --inlines -r --no-show-raw-insn --disassemble="$2" "$1" |
	awk '
		BEGIN {
			n = split(ENVIRON["HOOK_SITES"], list, " ")
			for (i = 1; i <= n; i++)
				sites[list[i]] = 1
			n = split(ENVIRON["GROUP_FNS"], list, " ")
			for (i = 1; i <= n; i++)
				groupfn[list[i]] = 1
		}
		function hex(h,   i, v) {
			v = 0
			for (i = 1; i <= length(h); i++)
				v = v * 16 + index("0123456789abcdef", \
					substr(h, i, 1)) - 1
			return v
		}
		function flush() {
			if (have)
				printf "%d\t%d\t%s\t%s\n", hook, key, text, origin
			have = 0
		}
		/^[a-z_0-9.]+\(\):$/ { fn = $1; next }
		/^\// { site = $1; chain = fn; next }
		/^inlined by / { chain = chain " " $NF; next }
		# A relocation of the instruction before it.  With
		# --disassemble=SYM, objdump also lists those of the section
		# before SYM here: skip any outside the instruction.
		/^\t+[0-9a-f]+: R_X86_64_/ {
			a = $1
			sub(":", "", a)
			a = hex(a)
			if (have && a >= addr && a < addr + 16) {
				sym = $3
				sub(/-0x4$/, "", sym)
				text = text " [" sym "]"
			}
			next
		}
		/^ +[0-9a-f]+:\t/ {
			flush()
			a = $1
			sub(":", "", a)
			addr = hex(a)
			hook = chain ~ /kvm_exit_stats_(begin|end)/
			for (s in sites)
				if (substr(site, length(site) - length(s) + 1) == s &&
				    substr(site, length(site) - length(s), 1) == "/")
					hook = 1
			key = chain ~ /arch_static_branch/
			# The outermost function inlined into a group one.
			n = split(chain, c, " ")
			origin = "-"
			for (i = n; i >= 1; i--) {
				f = c[i]
				gsub(/[():]/, "", f)
				if (!(f in groupfn)) {
					origin = f
					break
				}
			}
			# objdump prints the inline chain anew before each
			# instruction that has one.
			chain = fn
			text = $0
			sub(/^ +[0-9a-f]+:\t/, "", text)
			sub(/ *#.*$/, "", text)
			if (text ~ /^(j[a-z]+(,p[nt])?|call|loop[a-z]*|xbegin)[ \t]/) {
				gsub(/[0-9a-f]+ <[^>+]*\+0x[0-9a-f]+>/, "<>", text)
				gsub(/[0-9a-f]+ </, "<", text)
			}
			gsub(/[ \t]+/, " ", text)
			have = 1
			next
		}
		END { flush() }'
}

# The instruction stream of function $3 of module $2 in build $1 (stock or
# patched), made once.
stream() {
	local f=$tmp/$1.$2.$3
	local d=$dir/stock
	[ "$1" = stock ] || d=$pdir
	[ -f "$f" ] || insn_stream "$d/$2.ko" "$3" >"$f"
	echo "$f"
}

# Count the instructions of function $3 of module $2 in build $1.
count_insns() {
	wc -l <"$(stream "$@")"
}

# Print "total off" for the hook instructions of function $2 in module $1
# of the patched build.  "off" counts, in each run of hook instructions that
# holds a static-key jump, those up to and including the jump: all that
# executes with kvm.exit_stats=0.
hook_insns() {
	awk -F'\t' '
		!$1 { run = 0; next }
		{
			total++
			if (!run) {
				run = 1
				prefix = 0
				jumped = 0
			}
			if (!jumped) {
				prefix++
				if ($2) {
					jumped = 1
					off += prefix
				}
			}
		}
		END { printf "%d %d\n", total, off }' "$(stream patched "$1" "$2")"
}

# Print one line for each hook site of function $2 in module $1 of the
# patched build, "SITE HOOK ON ALT BETWEEN PATHS OFF - BETWEEN PATHS UBSAN
# KEYS":
# SITE the call line, HOOK begin or end; then, with kvm.exit_stats=1 and
# with kvm.exit_stats=0 (kvm.exit_stats_log=0 both), the instructions of the
# hook executed on the path an exit takes (N, or N-M where several paths
# qualify, ? where none does), for a begin hook that of an exit reason
# below 0x100 and ALT that of 0x400-0x403 (- for the others), BETWEEN the
# most instructions of other code interleaved on that path (not counted),
# PATHS how many paths leave the hook; UBSAN how many more (counting on)
# ran into a UBSAN report and were dropped; KEYS the static keys other than
# the two of the statistics that the hook's own code tests (- for none).
#
# The walk starts at the hook's first instruction that other code falls or
# branches into, and follows the code: a static-key site falls through in
# its NOP state and jumps to its __jump_table target otherwise (it jumps iff
# the key's state differs from the branch bit of the entry: with
# kvm.exit_stats=1 the static_branch_likely() sites of the TRUE key
# kvm_exit_stats_enabled, with logging off the static_branch_unlikely() one
# of the FALSE key kvm_exit_stats_log_enabled, fall through); other keys as
# compiled; a conditional jump of the hook forks the walk.  Other code on
# the way is passed, uncounted, where it runs straight into the hook again;
# a path ends where it leaves the hook for good, or at a return or a jump
# out of the function; one that leaves before the key test of
# kvm_exit_stats_enabled (loads hoisted above it) goes on at the hook's next
# entry.  The paths are told apart by the exit_stats.h lines they run
# ($SLOT_LINES): an exit reason below 0x100 runs none of the lines of
# kvm_exit_stats_slot() after the "reason < KVM_EXIT_STATS_LOW" test, one in
# 0x400-0x403 runs "return KVM_EXIT_STATS_LOW + reason - ..." and not
# "return KVM_EXIT_STATS_SLOTS" (where any such path exists), an end hook
# with an exit in flight runs the count increment.  A path that reaches a
# call of __ubsan_handle_* (CONFIG_UBSAN_BOUNDS: the slot out of an array's
# bounds, which a valid slot never is) is dropped.
walk_hooks() {
	local ko=$pdir/$1.ko
	{
		objdump -r -j __jump_table "$ko" | awk '$2 ~ /^R_X86_64_/'
		echo '--'
		objdump -d -l --inlines -r --no-show-raw-insn --disassemble="$2" "$ko"
	} | awk -v lines="$SLOT_LINES" -v hooksites="$HOOK_SITES" '
		function hex(h,   i, v) {
			h = tolower(h)
			sub(/^0x/, "", h)
			v = 0
			for (i = 1; i <= length(h); i++)
				v = v * 16 + index("0123456789abcdef", \
					substr(h, i, 1)) - 1
			return v
		}
		function base(l) {
			sub(/.*\//, "", l)
			return l
		}
		BEGIN {
			split(lines, L, " ")
			# exit_stats.h lines: L[1] the reason < LOW test, L[2]
			# the high-range test, L[3] its return, L[4] the
			# no-slot return, L[5] the count increment.
			for (i = 1; i <= 5; i++)
				L[i] = "exit_stats.h:" L[i]
			phase = 0
			k = split(hooksites, w, " ")
			for (i = 1; i <= k; i++)
				sites[w[i]] = 1
		}
		# The __jump_table relocations: 16-byte entries of code,
		# target (PC32 to section+offset) and key (PC64, the key plus
		# its branch bit).
		phase == 0 && $0 == "--" { phase = 1; next }
		phase == 0 {
			e = int(hex($1) / 16)
			f = hex($1) % 16
			v = $3
			s = v
			a = 0
			if (index(v, "+")) {
				s = substr(v, 1, index(v, "+") - 1)
				a = hex(substr(v, index(v, "+") + 1))
			}
			if (f == 0)
				jcode[e] = s ":" a
			else if (f == 4)
				jtarget[e] = a
			else if (f == 8) {
				jkey[e] = s
				jbranch[e] = a % 2
			}
			next
		}
		/^Disassembly of section / {
			sec = $4
			sub(/:$/, "", sec)
			for (e in jcode)
				if (index(jcode[e], sec ":") == 1) {
					o = substr(jcode[e], length(sec) + 2)
					keyat[o] = e
				}
			next
		}
		/^[a-z_0-9.]+\(\):$/ { fn = $1; sub(/\(\):$/, "", fn); next }
		/^\// { nl = 1; lv[1] = base($1); fv[1] = fn; next }
		/^inlined by / {
			nl++
			lv[nl] = base($3)
			fv[nl] = $NF
			gsub(/[()]/, "", fv[nl])
			next
		}
		/^\t+[0-9a-f]+: R_X86_64_/ {
			if (n && hex(substr($1, 1, length($1) - 1)) > A[n] &&
			    (K[n] == "jmp" || K[n] == "jcc"))
				K[n] = "out"
			# A call of a UBSAN report (CONFIG_UBSAN_BOUNDS).
			if (n && K[n] == "call" && $3 ~ /^__ubsan_handle_/)
				K[n] = "ubsan"
			next
		}
		/^ +[0-9a-f]+:\t/ {
			n++
			A[n] = hex(substr($1, 1, length($1) - 1))
			at[A[n]] = n
			t = $0
			sub(/^ +[0-9a-f]+:\t/, "", t)
			sub(/ *#.*$/, "", t)
			T[n] = t
			LN[n] = lv[1]
			m = t
			sub(/[ \t].*/, "", m)
			K[n] = "other"
			if (A[n] in keyat)
				K[n] = "key"
			else if (m ~ /^jmp/)
				K[n] = "jmp"
			else if (m ~ /^j/)
				K[n] = "jcc"
			else if (m ~ /^(ret|ud2|int3)/)
				K[n] = "out"
			else if (m ~ /^call/)
				K[n] = "call"
			TG[n] = -1
			if (K[n] ~ /^(jmp|jcc)$/) {
				split(t, w, /[ \t]+/)
				if (w[2] ~ /^[0-9a-f]+$/)
					TG[n] = hex(w[2])
				else
					K[n] = "out"
			}
			# The hook site: the call line of the outermost
			# kvm_exit_stats_begin/end, or a hook call line itself.
			S[n] = "-"
			for (i = nl; i >= 1; i--)
				if (fv[i] ~ /^kvm_exit_stats_(begin|end)$/) {
					S[n] = lv[i + 1]
					H[lv[i + 1]] = substr(fv[i], 16)
					break
				}
			if (S[n] == "-" && (lv[1] in sites))
				S[n] = lv[1]
			if (S[n] != "-" && !(S[n] in seen)) {
				seen[S[n]] = 1
				order[++ns] = S[n]
			}
			# objdump prints the inline chain anew before each
			# instruction that has one.
			nl = 1
			next
		}
		# State of the key site at instruction i: 1 if it jumps.
		function jumps(i,   e, k) {
			e = keyat[A[i]]
			k = jkey[e]
			if (k == "kvm_exit_stats_enabled")
				return (stats + jbranch[e]) % 2
			if (k == "kvm_exit_stats_log_enabled")
				return (logon + jbranch[e]) % 2
			other[cur] = other[cur] " " k
			return T[i] ~ /^jmp/
		}
		# Index of the next instruction of site cur from i on, passing
		# only other code that cannot branch (key sites as compiled),
		# or 0.
		function ahead(i) {
			for (; i <= n; i++) {
				if (S[i] == cur)
					return i
				if (K[i] == "key" ? T[i] ~ /^jmp/ : K[i] != "other")
					return 0
			}
			return 0
		}
		# Walk from instruction i with c site instructions and x
		# other ones executed and the source lines v seen; p: the
		# exit-statistics key passed.  Record each path that leaves
		# the site.
		function walk(i, c, x, v, p, d,   j) {
			while (1) {
				if (++d > 1000 || i < 1 || i > n) {
					j = 0
					break
				}
				# A UBSAN report: an index out of bounds, which a
				# valid slot never is.  Drop the path.
				if (K[i] == "ubsan") {
					ubsan++
					return
				}
				if (S[i] != cur) {
					j = ahead(i)
					if (!j) {
						if (!p && (j = nexte(i))) {
							i = j
							continue
						}
						break
					}
					x += j - i
					i = j
					continue
				}
				c++
				v = v " " LN[i] " "
				if (K[i] == "key") {
					if (jkey[keyat[A[i]]] == "kvm_exit_stats_enabled")
						p = 1
					if (jumps(i)) {
						i = at[jtarget[keyat[A[i]]]]
						continue
					}
				} else if (K[i] == "jmp") {
					i = at[TG[i]]
					continue
				} else if (K[i] == "jcc") {
					walk(at[TG[i]], c, x, v, p, d)
				} else if (K[i] == "out")
					break
				i++
			}
			np++
			PC[np] = c
			PX[np] = x
			PV[np] = v
		}
		# The first entry of site cur after instruction i: one that no
		# instruction of the site falls or jumps into, or 0.
		function nexte(i,   k) {
			for (k = i + 1; k <= n; k++)
				if (S[k] == cur && entry[k])
					return k
			return 0
		}
		function has(k, l) {
			return index(PV[k], " " l " ")
		}
		# Print "MIN" or "MIN-MAX" of paths with the flag sel[] set.
		function span(   k, lo, hi) {
			lo = -1
			for (k = 1; k <= np; k++)
				if (sel[k]) {
					if (lo < 0 || PC[k] < lo)
						lo = PC[k]
					if (PC[k] > hi)
						hi = PC[k]
				}
			return lo < 0 ? "?" : lo == hi ? lo : lo "-" hi
		}
		function pick(f,   k, any) {
			any = 0
			for (k = 1; k <= np; k++) {
				sel[k] = 0
				if (f == "low")
					sel[k] = !has(k, L[2]) && !has(k, L[3]) && !has(k, L[4])
				else if (f == "high")
					sel[k] = has(k, L[3]) && !has(k, L[4])
				else if (f == "high2")
					sel[k] = has(k, L[3])
				else if (f == "flight")
					sel[k] = has(k, L[5])
				else
					sel[k] = 1
				any += sel[k]
			}
			return any
		}
		END {
			# Entries: instructions of a site that other code falls
			# or branches into.
			for (i = 1; i <= n; i++) {
				if (K[i] == "jmp" || K[i] == "jcc")
					into[TG[i], S[i]] = 1
				else if (K[i] == "key")
					into[jtarget[keyat[A[i]]], S[i]] = 1
			}
			for (i = 1; i <= n; i++)
				if (S[i] != "-") {
					for (s in seen)
						if (s != S[i] && ((A[i], s) in into))
							entry[i] = 1
					if (((A[i], "-") in into) || (i > 1 && S[i - 1] != S[i] &&
					    K[i - 1] !~ /^(jmp|out)$/ &&
					    !(K[i - 1] == "key" && T[i - 1] ~ /^jmp/)))
						entry[i] = 1
				}
			for (s = 1; s <= ns; s++) {
				cur = order[s]
				first = nexte(0)
				out = ""
				# kvm.exit_stats=1, kvm.exit_stats_log=0; then =0.
				for (stats = 1; stats >= 0; stats--) {
					logon = 0
					np = 0
					ubsan = 0
					walk(first, 0, 0, "", 0, 0)
					if (stats)
						drops = ubsan
					if (stats && H[cur] == "begin") {
						pick("low")
						r = span()
						if (!pick("high"))
							pick("high2")
						r = r " " span()
					} else if (stats) {
						pick("flight")
						r = span() " -"
					} else {
						pick("all")
						r = span() " -"
					}
					x = 0
					for (k = 1; k <= np; k++)
						if (sel[k] && PX[k] > x)
							x = PX[k]
					out = out " " r " " x " " np
				}
				print cur, H[cur], out, drops, \
					other[cur] == "" ? "-" : other[cur]
			}
		}'
}

# Print the instruction stream of functions $3... of module $2 in build $1
# as if each were inlined: the body of one that another calls follows that
# call (at its first call), the others follow in order.
group_stream() {
	local build=$1 mod=$2 fn files=()
	shift 2
	for fn in "$@"; do
		files+=("$fn=$(stream "$build" "$mod" "$fn")")
	done
	awk '
		function emit(fn,   line, t, f) {
			done[fn] = 1
			while ((getline line < file[fn]) > 0) {
				print line
				split(line, f, "\t")
				if (f[3] ~ /^call (<[a-z_0-9.]+>|<> \[[a-z_0-9.]+\])$/) {
					t = f[3]
					gsub(/^call <>? ?\[?|[]>]$/, "", t)
					if ((t in file) && !(t in done) && size[t])
						emit(t)
				}
			}
			close(file[fn])
		}
		BEGIN {
			for (i = 1; i < ARGC; i++) {
				fn = ARGV[i]
				sub(/=.*/, "", fn)
				order[i] = fn
				file[fn] = substr(ARGV[i], length(fn) + 2)
				size[fn] = (getline line < file[fn]) > 0
				close(file[fn])
			}
			for (i = 1; i < ARGC; i++)
				if (size[order[i]] && !(order[i] in done))
					emit(order[i])
			exit
		}' "${files[@]}"
}

# Print the shape of each instruction of stream $1, or with $2 = nohooks of
# each that is not a hook's: the mnemonic (conditional jumps as jcc) and the
# operands with the registers other than %rsp, %rip and the segments as %r,
# the numbers as N, and the static-key jumps marked {key}.  The hook flags
# of a stock stream are meaningless: its lines differ from the patched ones.
shapes() {
	awk -F'\t' -v mode="${2:-}" 'mode != "nohooks" || !$1 {
		t = $3
		if (t == "xchg %ax,%ax")
			t = "nop (xchg %ax,%ax)"
		gsub(/%rsp/, "%SP", t)
		gsub(/%rip/, "%IP", t)
		gsub(/%gs/, "%GS", t)
		gsub(/%[a-z][a-z0-9]*/, "%r", t)
		gsub(/0x[0-9a-f]+/, "N", t)
		gsub(/\$-?[0-9]+/, "$N", t)
		gsub(/\.LC[0-9]+/, ".LC", t)
		sub(/^j(a|ae|b|be|c|e|g|ge|l|le|na|nae|nb|nbe|nc|ne|ng|nge|nl|nle|no|np|ns|nz|o|p|pe|po|s|z) /, "jcc ", t)
		gsub(/%SP/, "%rsp", t)
		gsub(/%IP/, "%rip", t)
		gsub(/%GS/, "%gs", t)
		print t ($2 ? " {key}" : "")
	}' "$1"
}

# Account for the growth of function group $2... of module $1 beyond its
# hooks: compare the instruction shapes of stock with those of patched
# without its hook instructions, as multisets (what changes the count) and
# as sequences (what moved).  Print the count of stock, patched and hook
# instructions, then the shapes only one side has, as "+ KIND SHAPE" or
# "- KIND SHAPE", then "moved N".
account() {
	local mod=$1
	shift
	group_stream stock "$mod" "$@" >"$tmp/S"
	group_stream patched "$mod" "$@" >"$tmp/P"
	shapes "$tmp/S" >"$tmp/S.shapes"
	shapes "$tmp/P" nohooks >"$tmp/P.shapes"
	printf 'counts %d %d %d\n' "$(wc -l <"$tmp/S")" "$(wc -l <"$tmp/P")" \
		"$(awk -F'\t' '$1' "$tmp/P" | wc -l)"
	awk '
		function kind(t) {
			if (t ~ /^nop|^(data16|cs) .*nop/)
				return t ~ /\{key\}$/ ? "key" : "nop"
			if (t ~ /^(push|pop|leave|ret)/ || t ~ /,%rsp( |$)/ ||
			    t ~ /^mov %rsp,%r/ || t ~ /%gs:N,/ ||
			    t ~ /\[(__fentry__|__stack_chk_fail|__x86_return_thunk)\]/)
				return "frame"
			if (t ~ /\(%rsp\)/)
				return "stack"
			if (t ~ /^call /)
				return "call"
			if (t ~ /^mov %r,%r$/)
				return "regmove"
			if (t ~ /^j/)
				return "branch"
			return "other"
		}
		FNR == NR { stock[$0]++; next }
		{ patched[$0]++ }
		END {
			for (t in stock)
				for (i = patched[t]; i < stock[t]; i++)
					print "-", kind(t), t
			for (t in patched)
				for (i = stock[t]; i < patched[t]; i++)
					print "+", kind(t), t
		}' "$tmp/S.shapes" "$tmp/P.shapes" | LC_ALL=C sort
	# Non-hook instructions by the function inlined into the group that
	# they come from ("-": the group's own code).
	awk -F'\t' 'FNR == NR { s[$4]++; next }
		!$1 { p[$4]++ }
		END {
			for (f in s)
				if (s[f] != p[f])
					print "origin", p[f] - s[f], f, s[f], p[f] + 0
			for (f in p)
				if (!(f in s))
					print "origin", p[f], f, 0, p[f]
		}' "$tmp/S" "$tmp/P" | LC_ALL=C sort -k2,2nr -k3,3
	printf 'changed %d %d\n' \
		"$(diff "$tmp/S.shapes" "$tmp/P.shapes" | grep -c '^>' || true)" \
		"$(diff <(cut -f3 "$tmp/S") \
			<(awk -F'\t' '!$1 { print $3 }' "$tmp/P") |
		   grep -c '^>' || true)"
}

# Print the breakdown of account() output $3 for function $2 of module $1:
# growth = hooks + other added - other removed, the other instructions by
# kind, the calls that differ by callee, and how many instructions moved.
breakdown() {
	awk -v mod="$1" -v fn="$2" '
		BEGIN {
			nk = split("frame stack regmove call branch nop key other", order, " ")
			name["frame"] = "prologue/epilogue"
			name["stack"] = "stack slots"
			name["regmove"] = "reg-reg moves"
			name["call"] = "calls"
			name["branch"] = "branches"
			name["nop"] = "nops"
			name["key"] = "static-key nops"
			name["other"] = "other"
		}
		$1 == "counts" { stock = $2; patched = $3; hooks = $4; next }
		$1 == "changed" { changed = $2; renamed = $3 - $2; next }
		$1 == "origin" {
			d = $2
			o = sprintf("%s %+d%s", $3 == "-" ? "own code" : $3, d, \
				!$4 ? " (inlined only in patched)" : \
				!$5 ? " (inlined only in stock)" : "")
			if (d > 0)
				grew = grew (grew == "" ? "" : ", ") o
			else
				shrank = shrank (shrank == "" ? "" : ", ") o
			next
		}
		{
			n[$1]++
			by[$1, $2]++
			if ($2 == "call") {
				c = $0
				sub(/^. call call <>? ?\[?/, "", c)
				sub(/[]>].*$/, "", c)
				calls[$1] = calls[$1] (calls[$1] == "" ? "" : ", ") c
			}
		}
		function kinds(sign,   i, s) {
			s = ""
			for (i = 1; i <= nk; i++)
				if (by[sign, order[i]])
					s = s sprintf("%s%s %d", s == "" ? "" : ", ", \
						name[order[i]], by[sign, order[i]])
			return s == "" ? "none" : s
		}
		END {
			printf "%-12s %-14s %+6d = %d hooks + %d other added - %d other removed\n", \
				mod, fn, patched - stock, hooks, n["+"], n["-"]
			printf "%27s added:   %s\n", "", kinds("+")
			printf "%27s removed: %s\n", "", kinds("-")
			if (calls["+"] calls["-"] != "")
				printf "%27s calls added: %s; removed: %s\n", "", \
					calls["+"] == "" ? "none" : calls["+"], \
					calls["-"] == "" ? "none" : calls["-"]
			printf "%27s count-neutral: %d moved, %d with other registers or offsets\n", \
				"", changed - n["+"], renamed
			if (grew shrank != "")
				printf "%27s by inlined function: %s\n", "", \
					grew (grew != "" && shrank != "" ? "; " : "") shrank
		}' "$3"
}

# The source lines (file:line) that call the hooks in the patched tree.
HOOK_SITES=$(cd "$work/arch/x86/kvm" &&
	grep -n 'kvm_exit_stats_\(begin\|end\)(vcpu' x86.c vmx/vmx.c svm/svm.c |
	awk -F: '{ sub(".*/", "", $1); printf "%s:%s ", $1, $2 }')
export HOOK_SITES
# The lines of exit_stats.h that tell the paths of the hooks apart (see
# walk_hooks): in kvm_exit_stats_slot() the low-range test, the high-range
# test, its return and the no-slot return; in kvm_exit_stats_charge() the
# count (v3/v4: figures->count[slot]++, v2: stat->count++; alternatives
# separated by |, exactly one line must match).
SLOT_LINES=''
for s in 'if (reason < KVM_EXIT_STATS_LOW)' \
	'if (reason - KVM_EXIT_STATS_HIGH_BASE < KVM_EXIT_STATS_HIGH)' \
	'return KVM_EXIT_STATS_LOW + reason - KVM_EXIT_STATS_HIGH_BASE;' \
	'return KVM_EXIT_STATS_SLOTS;' \
	'figures->count[slot]++;|stat->count++;'; do
	n=''
	IFS='|' read -ra alts <<<"$s"
	for a in "${alts[@]}"; do
		n=$n$({ grep -n -F -- "$a" "$work/arch/x86/kvm/exit_stats.h" ||
			true; } | cut -d: -f1 | tr '\n' ' ')
	done
	n=${n% }
	case $n in
	''|*[!0-9]*) die "exit_stats.h: no single line with: ${s//|/ or }" ;;
	esac
	SLOT_LINES="$SLOT_LINES $n"
done
GROUP_FNS='vmx_vcpu_run svm_vcpu_run kvm_arch_vcpu_ioctl_run vcpu_run vcpu_enter_guest'
export GROUP_FNS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The functions every VM-Exit runs through, per module: vcpu_enter_guest()
# is inlined into vcpu_run(), which the compiler may inline into
# kvm_arch_vcpu_ioctl_run(); the table counts the three together.
specs=(kvm-intel:vmx_vcpu_run kvm-amd:svm_vcpu_run
       'kvm:kvm_arch_vcpu_ioctl_run,vcpu_run,vcpu_enter_guest')

printf 'exit-path-insns: %s (line %s), kvm.exit_stats hooks (static: every instruction attributed to them)\n' "$abi" "$line"
printf '%-12s %-14s %6s %8s %6s %6s %6s\n' module function stock patched delta \
	hooks off
sum_on=0 sum_off=0
for spec in "${specs[@]}"; do
	mod=${spec%%:*}
	stock=0 patched=0 hooks=0 off=0
	IFS=, read -ra fns <<<"${spec#*:}"
	for fn in "${fns[@]}"; do
		stock=$((stock + $(count_insns stock "$mod" "$fn")))
		patched=$((patched + $(count_insns patched "$mod" "$fn")))
		read -r h o < <(hook_insns "$mod" "$fn")
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
printf 'per VM-Exit static, kvm.exit_stats=1: %d instructions added (vendor begin hook %d + one of %d end hooks, %d on average); static upper bound %d\n' \
	$((sum_on + end_on / ends)) "$sum_on" "$ends" $((end_on / ends)) \
	$((sum_on + end_on))
printf 'per VM-Exit static, kvm.exit_stats=0: at most %d instructions (loads hoisted above the static-key NOPs, and the NOPs)\n' \
	$((sum_off + end_off))

# The instructions executed per hook site, and per VM-Exit: the vendor's
# begin hook and the larger of the end hooks (an exit runs one of them).
printf '\nexecuted on the path an exit takes (walked from each hook'"'"'s first instruction; static-key sites per key state; kvm.exit_stats_log=0):\n'
printf '%-12s %-5s %-12s %8s %8s  %s\n' module hook site stats=1 stats=0 'path (stats=1)'
: >"$tmp/walk"
for spec in "${specs[@]}"; do
	mod=${spec%%:*}
	IFS=, read -ra fns <<<"${spec#*:}"
	for fn in "${fns[@]}"; do
		walk_hooks "$mod" "$fn" | sed "s/^/$mod /" >>"$tmp/walk"
	done
done
# The most of N or N-M; ? stays.
hi() {
	echo "${1##*-}"
}
end_on=0 end_off=0 end_sites=0 end_list=''
while read -r mod site hook on alt x np off _ xoff _ ubsan keys; do
	case $hook in
	begin)
		what='exit reason < 0x100'
		[ "$mod" = kvm-amd ] && what="$what; $alt for 0x400-0x403 (NPF)"
		[ "$mod" = kvm-intel ] &&
			what="$what (all VMX basic exit reasons); $alt for >= 0x100"
		;;
	*)
		what='exit in flight'
		end_sites=$((end_sites + 1))
		end_list="$end_list${end_list:+, }$site $on"
		if [ "$(hi "$on")" = '?' ] || [ "$end_on" = '?' ]; then
			end_on='?'
		elif [ "$(hi "$on")" -gt "$end_on" ]; then
			end_on=$(hi "$on")
		fi
		if [ "$(hi "$off")" = '?' ] || [ "$end_off" = '?' ]; then
			end_off='?'
		elif [ "$(hi "$off")" -gt "$end_off" ]; then
			end_off=$(hi "$off")
		fi
		;;
	esac
	[ "$np" -le 1 ] || what="$what, of $np paths"
	[ "$ubsan" = 0 ] ||
		what="$what ($ubsan more into UBSAN bounds reports, dropped)"
	[ "$x" = 0 ] && [ "$xoff" = 0 ] ||
		what="$what; other code between: $x (stats=1), $xoff (stats=0), not counted"
	[ "$keys" = - ] || what="$what; other static keys, as compiled:$keys"
	printf '%-12s %-5s %-12s %8s %8s  %s\n' "$mod" "$hook" "$site" "$on" \
		"$off" "$what"
done <"$tmp/walk"
[ "$end_sites" -gt 0 ] || end_on='?' end_off='?'
# Print the sum of $1 and $2, or ? where either is.
sum() {
	if [ "$1" = '?' ] || [ "$2" = '?' ]; then
		echo '?'
	else
		echo $(($1 + $2))
	fi
}
while read -r mod site hook on alt _ _ off _; do
	[ "$hook" = begin ] || continue
	vendor=vmx
	[ "$mod" = kvm-amd ] && vendor=svm
	b=$(hi "$on")
	if [ "$vendor" = svm ]; then
		what="exit reason < 0x100; $alt for SVM 0x400-0x403"
	else
		what='exit reason < 0x100'
	fi
	printf 'per VM-Exit executed, kvm.exit_stats=1, kvm.exit_stats_log=0, %s: begin %s (%s) + end %s (the larger of %s) = %s\n' \
		"$vendor" "$on" "$what" "$end_on" "$end_list" "$(sum "$b" "$end_on")"
	printf 'per VM-Exit executed, kvm.exit_stats=0, %s: begin %s + end %s = %s\n' \
		"$vendor" "$off" "$end_off" "$(sum "$(hi "$off")" "$end_off")"
done <"$tmp/walk"
printf 'assumed: an exit runs one of the %d end hooks, with the exit in flight (counting was on when it was taken) and the TSC not gone back (a range N-M where the script cannot tell such paths apart); paths picked by the exit_stats.h lines they run, those into a UBSAN report (__ubsan_handle_*, an index out of bounds) dropped; instructions attributed by the line info to the hooks and their call lines; calls not followed\n' \
	"$end_sites"

printf '\nwhole functions, stock -> patched (instructions; - where there is no symbol: inlined):\n'
printf '%-12s %-24s %6s %8s %6s\n' module function stock patched delta
for spec in "${specs[@]}"; do
	mod=${spec%%:*}
	IFS=, read -ra fns <<<"${spec#*:}"
	for fn in "${fns[@]}"; do
		stock=$(count_insns stock "$mod" "$fn")
		patched=$(count_insns patched "$mod" "$fn")
		[ "$stock" -gt 0 ] || [ "$patched" -gt 0 ] || continue
		printf '%-12s %-24s %6s %8s %+6d\n' "$mod" "$fn" \
			"$([ "$stock" -gt 0 ] && echo "$stock" || echo -)" \
			"$([ "$patched" -gt 0 ] && echo "$patched" || echo -)" \
			$((patched - stock))
	done
done

printf '\ngrowth beyond the hooks (instruction shapes: registers as %%r, numbers as N; out-of-line functions spliced in at their call):\n'
for spec in "${specs[@]}"; do
	mod=${spec%%:*}
	IFS=, read -ra fns <<<"${spec#*:}"
	fn=${fns[0]}
	[ ${#fns[@]} -eq 1 ] || fn=vcpu_run
	account "$mod" "${fns[@]}" >"$tmp/account.$mod"
	breakdown "$mod" "$fn" "$tmp/account.$mod"
done

echo
"$here/exit-stats-layout.sh" --stock "$dir/stock" "$pdir"
