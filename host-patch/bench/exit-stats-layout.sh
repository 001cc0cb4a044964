#!/bin/bash
# exit-stats-layout.sh: print the memory cost of the per-vCPU exit statistics
# from the DWARF of the built patched modules.
#
# Usage: host-patch/bench/exit-stats-layout.sh [--tool pahole|gdb]
#                                              [--stock STOCK_DIR] MODULE_DIR
#
# Reads the statistics' structs and struct kvm_vcpu from MODULE_DIR/kvm.ko,
# and struct vcpu_vmx and struct vcpu_svm from kvm-intel.ko and kvm-amd.ko,
# with pahole, else gdb.  Knows two layouts:
#  - split (7.2 v4, 6.12 and 6.1 v3): the note of the exit in flight,
#    struct kvm_exit_stats (start, slot, log_at), is arch.exit_stats of
#    struct kvm_vcpu; the figures, struct kvm_exit_figures (count[] and
#    cycles[], an entry per slot each), are stat.exit_reason;
#  - side by side (v2: 7.2 v3, 6.12 and 6.1 v2): struct kvm_exit_stats,
#    arch.exit_stats, holds the note and stat[], a slot's count and cycles
#    in one entry.
# Any other (v1's pointer to a kzalloc'ed copy, a member unknown to the
# script) is an error.  Prints:
#  - the bytes per vCPU: the note and the figures, where struct kvm_vcpu
#    holds them, and with --stock (the stock build's module directory) how
#    much struct kvm_vcpu, struct vcpu_vmx and struct vcpu_svm grew;
#  - per vendor, the cache lines one VM-Exit writes: the distinct 64-byte
#    lines of the note's start and slot and of entry [slot] of each array,
#    for every slot, with struct kvm_vcpu placed where the kernel puts it:
#    the usual count, the slots that differ, and whether log_at (read per
#    exit only with kvm.exit_stats_log on) adds a line.
# Placement assumes SLUB without debug metadata: vCPUs come from
# kvm_vcpu_cache, objects of sizeof(struct vcpu_vmx or vcpu_svm) rounded up
# to 8 at multiples of that size in page-aligned slabs, struct kvm_vcpu at
# the offset of member vcpu.
# --tool picks the DWARF reader (default: pahole if installed, else gdb).
# Prints SKIP with the reason when neither pahole nor gdb is installed, or
# when kvm.ko has no struct kvm_exit_stats (a stock build).
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

tool='' stock=''
while [ $# -gt 0 ]; do
	case $1 in
	--tool) tool=${2:?--tool needs a value}; shift 2 ;;
	--stock) stock=${2:?--stock needs a value}; shift 2 ;;
	-h|--help) sed -n '2,35s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option: $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] ||
	die "usage: ${0##*/} [--tool pahole|gdb] [--stock STOCK_DIR] MODULE_DIR"
dir=$1
for d in "$dir" ${stock:+"$stock"}; do
	for m in kvm kvm-intel kvm-amd; do
		[ -f "$d/$m.ko" ] || die "no $d/$m.ko"
	done
done

case $tool in
pahole|gdb) command -v "$tool" >/dev/null || die "no $tool installed" ;;
'') ;;
*) die "unknown --tool $tool (pahole or gdb)" ;;
esac
if [ -n "$tool" ]; then
	:
elif command -v pahole >/dev/null; then
	tool=pahole
elif command -v gdb >/dev/null; then
	tool=gdb
else
	echo 'exit statistics layout: SKIP (neither pahole (package dwarves) nor gdb is installed)'
	exit 0
fi

# Print the layout of struct $2 in module $1 as the tool shows it.
dump() {
	if [ "$tool" = pahole ]; then
		pahole -C "$2" "$1" 2>/dev/null
	else
		gdb -batch -ex "ptype /o struct $2" "$1" 2>/dev/null
	fi
}

# Print "size S" and one "member NAME OFFSET SIZE COUNT TYPE" line for each
# direct member of struct $2 in module $1 (COUNT: array elements, 1 for
# none; TYPE: the declaration without the name).  Nothing if the module's
# DWARF lacks the struct.
members() {
	dump "$1" "$2" | awk -v tool="$tool" '
		# Print the member declared by code $1 at offset $2, size $3.
		function member(code, off, size,   name, type, count, d) {
			sub(/ *__attribute__.*$/, "", code)
			sub(/;.*$/, "", code)
			nested = code ~ /^[ \t]*}/
			sub(/^[ \t}]+/, "", code)
			if (!match(code, /[A-Za-z_][A-Za-z_0-9]*(\[[0-9]+\])*$/))
				return
			name = substr(code, RSTART)
			type = substr(code, 1, RSTART - 1)
			gsub(/[ \t]+/, " ", type)
			sub(/ $/, "", type)
			if (nested)
				type = "{...}"
			count = 1
			while (match(name, /\[[0-9]+\]$/)) {
				count *= substr(name, RSTART + 1, RLENGTH - 2)
				name = substr(name, 1, RSTART - 1)
			}
			if (type != "")
				printf "member %s %d %d %d %s\n", name, off, size, \
					count, type
		}
		{
			code = $0
			comment = ""
			if (match(code, /\/\*.*\*\//)) {
				comment = substr(code, RSTART + 2, RLENGTH - 4)
				code = substr(code, 1, RSTART - 1) \
					substr(code, RSTART + RLENGTH)
			}
			before = depth
			depth += gsub(/\{/, "{", code) - gsub(/\}/, "}", code)
			if (tool == "pahole") {
				if (before == 1 && comment ~ /^ size: /) {
					split(comment, w, /[ ,]+/)
					print "size", w[3]
				}
				# A member: its line, or the closing line of an
				# unnamed type of a member.
				if (depth == 1 && code ~ /;/ &&
				    comment ~ /^ *[0-9]+(:[0-9]+)? +[0-9]+ *$/) {
					split(comment, w, " ")
					sub(/:.*/, "", w[1])
					member(code, w[1], w[2])
				}
				next
			}
			# gdb: the offset and size of a nested struct open its
			# expansion; the name closes it.
			if (comment ~ /^ *[0-9]+(: *[0-9]+)? +\| +[0-9]+ *$/) {
				split(comment, w, "|")
				sub(/:.*/, "", w[1])
				if (depth > before) {
					off[depth] = w[1] + 0
					sz[depth] = w[2] + 0
				} else if (depth == 1) {
					member(code, w[1] + 0, w[2] + 0)
				}
			} else if (before == 2 && depth == 1 && code ~ /;/) {
				member(code, off[2], sz[2])
			} else if (before == 1 && comment ~ /total size/) {
				split(comment, w, ":")
				print "size", w[2] + 0
			}
		}'
}

# Print field $3 (2 offset, 3 size, 4 count, 5 type) of member $2 in the
# members() output file $1; nothing if there is no such member.
field() {
	awk -v name="$2" -v f="$3" '$1 == "member" && $2 == name {
		v = $(f + 1)
		if (f == 5)
			for (i = 7; i <= NF; i++)
				v = v " " $i
		print v
		exit
	}' "$1"
}

# Print the size of struct in the members() output file $1.
size_of() {
	awk '$1 == "size" { print $2; exit }' "$1"
}

gcd() {
	local a=$1 b=$2 t
	while [ "$b" -ne 0 ]; do
		t=$((a % b)) a=$b b=$t
	done
	echo "$a"
}


tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Read struct $2 of module $1 into $tmp/$3$2 ($3: a prefix, or none).  A
# struct that the DWARF lacks reads as empty (the tools then fail): the
# layout checks below name what is missing.
read_struct() {
	members "$1" "$2" >"$tmp/${3:-}$2" || true
}

# Print field $2 (2 offset, 3 size, 4 count, 5 type) of member $3 of struct
# $1 as read by read_struct, or fail.
need() {
	local v
	v=$(field "$tmp/$1" "$3" "$2")
	[ -n "$v" ] || die "no member $3 in struct ${1#stock.} (DWARF of $dir)"
	echo "$v"
}

# Print the size of struct $1 as read by read_struct, or fail.
need_size() {
	local v
	v=$(size_of "$tmp/$1")
	[ -n "$v" ] || die "no struct ${1#stock.} in the DWARF"
	echo "$v"
}

for s in kvm_exit_stats kvm_exit_figures kvm_vcpu kvm_vcpu_arch kvm_vcpu_stat; do
	read_struct "$dir/kvm.ko" "$s"
done
read_struct "$dir/kvm-intel.ko" vcpu_vmx
read_struct "$dir/kvm-amd.ko" vcpu_svm

note_size=$(size_of "$tmp/kvm_exit_stats")
if [ -z "$note_size" ]; then
	echo "exit statistics layout: SKIP (no struct kvm_exit_stats in the DWARF of $dir/kvm.ko)"
	exit 0
fi

# The note: arch.exit_stats, embedded.
type=$(need kvm_vcpu_arch 5 exit_stats)
case $type in
*'*') die "arch.exit_stats is a pointer (v1 of the series): layout not supported" ;;
esac
es_size=$(need kvm_vcpu_arch 3 exit_stats)
[ "$es_size" = "$note_size" ] ||
	die "arch.exit_stats is $es_size B, sizeof(struct kvm_exit_stats) $note_size B"
es_off=$(need kvm_vcpu_arch 2 exit_stats)
arch_off=$(need kvm_vcpu 2 arch)
arch_size=$(need kvm_vcpu 3 arch)
note=$((arch_off + es_off))
vcpu_size=$(need_size kvm_vcpu)
[ $((es_off + note_size)) -le "$arch_size" ] ||
	die "arch.exit_stats lies outside arch"
need kvm_exit_stats 2 start >/dev/null
need kvm_exit_stats 2 slot >/dev/null

# What one exit writes, as records with offsets in struct kvm_vcpu: "note
# NAME OFFSET SIZE" (start and slot), "log NAME OFFSET SIZE" (log_at) and
# "array NAME OFFSET ELEMENT_SIZE ELEMENTS" (an exit writes element [slot]).
# Unknown members are errors: nothing tells whether an exit writes them.
records() {
	awk -v base="$2" -v what="$3" -v known="$4" '
		BEGIN {
			n = split(known, k, " ")
			for (i = 1; i <= n; i++)
				ok[k[i]] = 1
		}
		$1 != "member" { next }
		!($2 in ok) {
			printf "unknown member %s in struct %s\n", $2, what
			bad = 1
			exit
		}
		$5 == 1 {
			print $2 == "log_at" ? "log" : "note", $2, base + $3, $4
		}
		$5 > 1 {
			if ($4 % $5) {
				printf "%s[] of %d B in %d entries\n", $2, $4, $5
				bad = 1
				exit
			}
			print "array", $2, base + $3, $4 / $5, $5
		}
		$5 < 1 {
			printf "member %s of struct %s has %s entries\n", $2, \
				what, $5
			bad = 1
			exit
		}
		END { exit bad }' "$tmp/$1"
}

# An array member in the note: the side-by-side layout.
if awk '$1 == "member" && $5 > 1 { found = 1 } END { exit !found }' \
	"$tmp/kvm_exit_stats"; then
	layout='side by side (v2): note and figures in struct kvm_exit_stats'
	records kvm_exit_stats "$note" kvm_exit_stats 'start slot log_at stat' \
		>"$tmp/writes" || die "$(tail -n 1 "$tmp/writes")"
	bytes=$note_size
	printf -v what 'sizeof(struct kvm_exit_stats), arch.exit_stats at offset %d of struct kvm_vcpu' \
		"$note"
else
	layout='split (v3/v4): the note in kvm_vcpu_arch, the figures in kvm_vcpu_stat'
	records kvm_exit_stats "$note" kvm_exit_stats 'start slot log_at' \
		>"$tmp/writes" || die "$(tail -n 1 "$tmp/writes")"
	fig_size=$(need_size kvm_exit_figures)
	stat_off=$(need kvm_vcpu 2 stat)
	stat_size=$(need kvm_vcpu 3 stat)
	er_off=$(need kvm_vcpu_stat 2 exit_reason)
	er_size=$(need kvm_vcpu_stat 3 exit_reason)
	er_type=$(need kvm_vcpu_stat 5 exit_reason)
	case $er_type in
	'struct kvm_exit_figures'|'{...}') ;;
	*) die "stat.exit_reason is a $er_type, not a struct kvm_exit_figures" ;;
	esac
	[ "$er_size" = "$fig_size" ] ||
		die "stat.exit_reason is $er_size B, sizeof(struct kvm_exit_figures) $fig_size B"
	[ $((er_off + fig_size)) -le "$stat_size" ] ||
		die "stat.exit_reason lies outside stat"
	fig=$((stat_off + er_off))
	need kvm_exit_figures 2 count >/dev/null
	need kvm_exit_figures 2 cycles >/dev/null
	records kvm_exit_figures "$fig" kvm_exit_figures 'count cycles' \
		>"$tmp/fig" || die "$(tail -n 1 "$tmp/fig")"
	if grep -qv '^array ' "$tmp/fig"; then
		die "struct kvm_exit_figures: count and cycles must be arrays"
	fi
	cat "$tmp/fig" >>"$tmp/writes"
	bytes=$((note_size + fig_size))
	printf -v what 'note %d: sizeof(struct kvm_exit_stats), arch.exit_stats at offset %d of struct kvm_vcpu; figures %d: sizeof(struct kvm_exit_figures), stat.exit_reason at offset %d' \
		"$note_size" "$note" "$fig_size" "$fig"
fi
entries=$(awk '$1 == "array" { print $5 }' "$tmp/writes" | sort -u | wc -l)
[ "$entries" = 1 ] ||
	die "no array of per-slot figures, or arrays of different lengths"

printf 'exit statistics layout (DWARF of the patched kvm.ko, by %s): %s\n' \
	"$tool" "$layout"
printf 'bytes per vCPU: %d (%s)\n' "$bytes" "$what"

# Where struct kvm_vcpu lies in the vendor's struct, and the vendor's
# kvm_vcpu_cache object size; with --stock, the growth.
grew=''
if [ -n "$stock" ]; then
	read_struct "$stock/kvm.ko" kvm_vcpu stock.
	read_struct "$stock/kvm.ko" kvm_exit_stats stock.
	[ -z "$(size_of "$tmp/stock.kvm_exit_stats")" ] ||
		die "the stock build in $stock has struct kvm_exit_stats"
	s=$(need_size stock.kvm_vcpu)
	printf -v grew 'struct kvm_vcpu %d B, stock %d B: %+d' "$vcpu_size" \
		"$s" $((vcpu_size - s))
fi
for v in vmx svm; do
	vsize=$(need_size "vcpu_$v")
	voff=$(need "vcpu_$v" 2 vcpu)
	[ $((voff + vcpu_size)) -le "$vsize" ] ||
		die "struct kvm_vcpu does not fit in struct vcpu_$v"
	echo "vendor $v $(((vsize + 7) / 8 * 8)) $voff" >>"$tmp/writes"
	if [ -n "$stock" ]; then
		read_struct "$stock/kvm-$([ $v = vmx ] && echo intel || echo amd).ko" \
			"vcpu_$v" stock.
		s=$(need_size "stock.vcpu_$v")
		grew="$grew; struct vcpu_$v $vsize B, stock $s B: $(printf %+d $((vsize - s)))"
	fi
done
[ -z "$grew" ] || printf 'per vCPU allocation: %s\n' "$grew"

# Count, per vendor, the lines one exit writes for each slot at each place
# in a line that struct kvm_vcpu can start at.
awk '
	$1 == "note" { nn++; nname[nn] = $2; noff[nn] = $3; nsize[nn] = $4 }
	$1 == "log" { lname = $2; loff = $3; lsize = $4 }
	$1 == "array" {
		an++
		aname[an] = $2; aoff[an] = $3; aelem[an] = $4
		slots = $5
	}
	$1 == "vendor" { vn++; vname[vn] = $2; vstride[vn] = $3; vvcpu[vn] = $4 }
	function gcd(a, b,   t) {
		while (b) {
			t = a % b
			a = b
			b = t
		}
		return a
	}
	# Mark the lines of bytes [o, o + n) with struct kvm_vcpu b bytes into
	# a line.
	function touch(b, o, n,   l) {
		for (l = int((b + o) / 64); l <= int((b + o + n - 1) / 64); l++)
			if (!(l in seen)) {
				seen[l] = 1
				lines++
			}
	}
	# The lines an exit in slot s writes, and with withlog 1 also reads.
	function count(b, s, withlog,   i) {
		split("", seen)
		lines = 0
		for (i = 1; i <= nn; i++)
			touch(b, noff[i], nsize[i])
		for (i = 1; i <= an; i++)
			touch(b, aoff[i] + s * aelem[i], aelem[i])
		if (withlog && lsize)
			touch(b, loff, lsize)
		return lines
	}
	# The slots s with n[b, s] == c: up to three ranges, a progression, or
	# how many ranges.
	function slotlist(b, c,   s, e, nr, list, step, i) {
		nr = 0
		list = ""
		for (s = 0; s < slots; s++) {
			if (n[b, s] != c)
				continue
			for (e = s; e + 1 < slots && n[b, e + 1] == c; e++)
				;
			nr++
			first[nr] = s
			last[nr] = e
			list = list sprintf("%s%d%s", nr > 1 ? ", " : "", s, \
				e > s ? "-" e : "")
			s = e
		}
		step = nr > 3 ? first[2] - first[1] : 0
		for (i = 2; i <= nr && step; i++)
			if (first[i] - first[i - 1] != step || last[i] != first[i])
				step = 0
		if (nr > 3 && step)
			return sprintf("every %d from %d to %d", step, first[1], \
				first[nr])
		if (nr > 3)
			return "in " nr " ranges"
		return list
	}
	function plural(c) {
		return c == 1 ? "line" : "lines"
	}
	END {
		if (!nn || !an || !vn) {
			print "exit-stats-layout: no note, no array or no vendor" > "/dev/stderr"
			exit 1
		}
		w = ""
		for (i = 1; i <= nn; i++)
			w = w sprintf("%s%s (%d B at %d)", w == "" ? "" : ", ", \
				nname[i], nsize[i], noff[i])
		for (i = 1; i <= an; i++)
			w = w sprintf(", %s[slot] (%d B at %d + %d * slot)", \
				aname[i], aelem[i], aoff[i], aelem[i])
		printf "written per exit (offsets in struct kvm_vcpu; %d slots): %s\n", \
			slots, w
		for (v = 1; v <= vn; v++) {
			# The places in a line where struct kvm_vcpu starts.
			g = gcd(vstride[v], 64)
			nb = 0
			split("", isstart)
			for (k = 0; k < 64 / g; k++) {
				b = (vvcpu[v] + k * g) % 64
				if (!(b in isstart)) {
					isstart[b] = 1
					start[++nb] = b
				}
			}
			split("", freq)
			split("", n)
			split("", nlog)
			mode = ""
			for (j = 1; j <= nb; j++)
				for (s = 0; s < slots; s++) {
					c = n[start[j], s] = count(start[j], s, 0)
					if (count(start[j], s, 1) > c)
						nlog[start[j]]++
					freq[c]++
					if (mode == "" || freq[c] > freq[mode] ||
					    (freq[c] == freq[mode] && c > mode))
						mode = c
				}
			printf "cache lines written per exit, %s: %d%s\n", vname[v], \
				mode, freq[mode] == nb * slots ? \
				sprintf(" (all %d slots)", slots) : \
				" (the usual count)"
			for (j = 1; j <= nb; j++)
				for (c in freq) {
					if (c == mode)
						continue
					k = 0
					for (s = 0; s < slots; s++)
						k += n[start[j], s] == c
					if (!k)
						continue
					printf "  %s%d %s for %d of the %d slots (%s)\n", \
						(nb > 1 ? sprintf("kvm_vcpu %d B into a line: ", \
						start[j]) : ""), c, plural(c), k, slots, \
						slotlist(start[j], c)
				}
			places = ""
			for (j = 1; j <= nb; j++)
				places = places sprintf("%s%d", j == 1 ? "" : \
					j == nb ? " or " : ", ", start[j])
			printf "  struct kvm_vcpu at %d in vcpu_%s, kvm_vcpu_cache objects every %d B: kvm_vcpu starts %s B into a line\n", \
				vvcpu[v], vname[v], vstride[v], places
			if (!lsize)
				continue
			w = ""
			for (j = 1; j <= nb; j++)
				if (nlog[start[j]])
					w = w sprintf("%s%s", w == "" ? "" : "; ", \
						nlog[start[j]] == slots ? \
						"one line more" : \
						sprintf("one line more for %d of the %d slots", \
						nlog[start[j]], slots)) \
						(nb > 1 ? sprintf(" where kvm_vcpu starts %d B into a line", \
						start[j]) : "")
			printf "  %s (%d B at %d; read per exit only with kvm.exit_stats_log on): %s\n", \
				lname, lsize, loff, w == "" ? "on a line written anyway" : w
		}
	}' "$tmp/writes"
