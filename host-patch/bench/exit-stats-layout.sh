#!/bin/bash
# exit-stats-layout.sh: print the memory cost of the per-vCPU exit statistics
# from the DWARF of the built patched modules.
#
# Usage: host-patch/bench/exit-stats-layout.sh [--tool pahole|gdb] MODULE_DIR
#
# Reads struct kvm_exit_stats, struct kvm_vcpu and struct kvm_vcpu_arch from
# MODULE_DIR/kvm.ko, and struct vcpu_vmx and struct vcpu_svm from
# kvm-intel.ko and kvm-amd.ko, with pahole, else gdb, and prints:
#  - the bytes per vCPU: sizeof(struct kvm_exit_stats), and whether
#    struct kvm_vcpu_arch embeds it or points to a kzalloc'ed copy (then the
#    kmalloc size class that copy takes);
#  - the cache lines one VM-Exit writes: the distinct 64-byte lines of the
#    header (the struct's non-array members) and of entry [slot] of each of
#    its arrays (v1: count[] and cycles[]; v2: one struct kvm_exit_stat),
#    for every slot, with the struct placed where the kernel puts it.
# Placement assumes SLUB without debug metadata: kmalloc objects start at
# multiples of their size class in a page-aligned slab, and vCPUs (struct
# kvm_vcpu at the offset of member vcpu in struct vcpu_vmx/vcpu_svm) at
# multiples of that struct's size rounded up to 8 (kvm_vcpu_cache).
# --tool picks the DWARF reader (default: pahole if installed, else gdb).
# Prints SKIP with the reason when neither pahole nor gdb is installed.
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

tool=''
while [ $# -gt 0 ]; do
	case $1 in
	--tool) tool=${2:?--tool needs a value}; shift 2 ;;
	-h|--help) sed -n '2,23s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option: $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: ${0##*/} [--tool pahole|gdb] MODULE_DIR"
dir=$1
for m in kvm kvm-intel kvm-amd; do
	[ -f "$dir/$m.ko" ] || die "no $dir/$m.ko"
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
		pahole -C "$2" "$1"
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

# Print the kmalloc size class of $1 bytes: powers of two from 8, with 96
# and 192 between (above 8192, kmalloc takes 2^order whole pages).
kmalloc_class() {
	local c=8
	while [ "$c" -lt "$1" ]; do
		case $c in
		64) c=96 ;;
		96) c=128 ;;
		128) c=192 ;;
		192) c=256 ;;
		*) c=$((c * 2)) ;;
		esac
	done
	echo "$c"
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
members "$dir/kvm.ko" kvm_exit_stats >"$tmp/stats"
members "$dir/kvm.ko" kvm_vcpu >"$tmp/vcpu"
members "$dir/kvm.ko" kvm_vcpu_arch >"$tmp/arch"
members "$dir/kvm-intel.ko" vcpu_vmx >"$tmp/vmx"
members "$dir/kvm-amd.ko" vcpu_svm >"$tmp/svm"

size=$(size_of "$tmp/stats")
if [ -z "$size" ]; then
	echo "exit statistics layout: SKIP (no struct kvm_exit_stats in the DWARF of $dir/kvm.ko)"
	exit 0
fi
type=$(field "$tmp/arch" exit_stats 5)
arch_off=$(field "$tmp/vcpu" arch 2)
es_off=$(field "$tmp/arch" exit_stats 2)
if [ -z "$type" ] || [ -z "$arch_off" ]; then
	die "no member arch.exit_stats in struct kvm_vcpu of $dir/kvm.ko"
fi

printf 'exit statistics layout (DWARF of the patched kvm.ko, by %s):\n' "$tool"
# Where the struct starts: its offset in the object that holds it, and the
# granule (a divisor of 64) at which such objects start within a line.
case $type in
*'*')
	class=$(kmalloc_class "$size")
	printf 'bytes per vCPU: %d (sizeof(struct kvm_exit_stats); allocated: struct kvm_vcpu_arch points to it, kzalloc size class %d B)\n' \
		"$size" "$class"
	base=0 granule=$(gcd "$class" 64)
	where="offsets in the kzalloc'ed object, which starts at a multiple of $class B"
	;;
*)
	base=$((arch_off + es_off))
	printf 'bytes per vCPU: %d (sizeof(struct kvm_exit_stats); embedded: arch.exit_stats at offset %d of struct kvm_vcpu)\n' \
		"$size" "$base"
	granule=64 where='offsets in struct kvm_vcpu, which starts'
	for v in vmx svm; do
		vsize=$(size_of "$tmp/$v")
		voff=$(field "$tmp/$v" vcpu 2)
		if [ -z "$vsize" ] || [ -z "$voff" ]; then
			die "no struct vcpu_$v with member vcpu in the DWARF"
		fi
		stride=$(((vsize + 7) / 8 * 8))
		granule=$(gcd "$granule" "$(gcd "$stride" 64)")
		granule=$(gcd "$granule" "$(gcd "$voff" 64)")
		where="$where at $voff in vcpu_$v (kvm_vcpu_cache objects every $stride B),"
	done
	where=${where%,}
	;;
esac

# The header: the non-array members; the entries: element [slot] of each
# array member.  Print the lines for a start on a line and the worst case
# over the starts that the granule allows.
awk -v base="$base" -v granule="$granule" -v where="$where" '
	$1 == "member" && $5 == 1 {
		if (hlo == "" || $3 < hlo)
			hlo = $3
		if ($3 + $4 > hhi)
			hhi = $3 + $4
		hn++
		hoff[hn] = $3; hsize[hn] = $4
	}
	$1 == "member" && $5 > 1 {
		an++
		aname[an] = $2; aoff[an] = $3; aelem[an] = $4 / $5
		if (slots == "" || $5 < slots)
			slots = $5
	}
	# Mark the lines of bytes [o, o + n) at start b.
	function touch(b, o, n,   l) {
		for (l = int((b + o) / 64); l <= int((b + o + n - 1) / 64); l++)
			if (!(l in seen)) {
				seen[l] = 1
				lines++
			}
	}
	function count(b, s,   i) {
		split("", seen)
		lines = 0
		for (i = 1; i <= hn; i++)
			touch(b, base + hoff[i], hsize[i])
		for (i = 1; i <= an; i++)
			touch(b, base + aoff[i] + s * aelem[i], aelem[i])
		return lines
	}
	END {
		if (!an) {
			print "cache lines written per exit: SKIP (struct kvm_exit_stats has no array member)"
			exit
		}
		for (s = 0; s < slots; s++) {
			n[s] = count(0, s)
			freq[n[s]]++
			if (mode == "" || freq[n[s]] > freq[mode] ||
			    (freq[n[s]] == freq[mode] && n[s] > mode))
				mode = n[s]
		}
		entries = ""
		for (i = 1; i <= an; i++)
			entries = entries sprintf("%s%s[] %d B each at offset %d", \
				i > 1 ? " and " : "", aname[i], aelem[i], \
				base + aoff[i])
		printf "cache lines written per exit: %d (header at offset %d, %d B; slot entries %s)\n", \
			mode, base + hlo, hhi - hlo, entries
		# The slots that differ from the usual count: as up to three
		# ranges, as a progression, or just how many.
		for (c = 1; c <= 64 * (an + hn); c++) {
			if (!(c in freq) || c == mode)
				continue
			nr = 0
			list = ""
			for (s = 0; s < slots; s++) {
				if (n[s] != c)
					continue
				for (e = s; e + 1 < slots && n[e + 1] == c; e++)
					;
				nr++
				first[nr] = s
				last[nr] = e
				list = list sprintf("%s%d%s", nr > 1 ? ", " : "", \
					s, e > s ? "-" e : "")
				s = e
			}
			step = nr > 3 ? first[2] - first[1] : 0
			for (i = 2; i <= nr && step; i++)
				if (first[i] - first[i - 1] != step ||
				    last[i] != first[i])
					step = 0
			if (nr > 3 && step)
				list = sprintf("every %d from %d to %d", step, \
					first[1], first[nr])
			else if (nr > 3)
				list = "in " nr " ranges"
			printf "  %d lines for %d of the %d slots (%s)\n", c, \
				freq[c], slots, list
		}
		worst = 0
		for (b = 0; b < 64; b += granule)
			for (s = 0; s < slots; s++)
				if (count(b, s) > worst)
					worst = count(b, s)
		printf "  %s; ", where
		if (granule == 64)
			print "always on a 64-byte line"
		else
			printf "a multiple of %d B into a line: up to %d lines\n", \
				granule, worst
	}' "$tmp/stats"
