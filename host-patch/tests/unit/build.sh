#!/bin/bash
# build.sh: build the exit-statistics unit tests for one kernel line.
#
# Usage: build.sh LINE OUTDIR [MUTATION]
# Takes arch/x86/kvm/exit_stats.[ch] from the line's series and the uapi
# headers from the line's Debian source (from the kernel package cache,
# host-patch/lib/kcache.sh), and writes OUTDIR/exit_stats_test.
# MUTATION, a sed expression applied to exit_stats.c, builds a deliberately
# broken variant (to prove that the tests can fail).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hp=$(cd "$here/../.." && pwd)
root=$(cd "$hp/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../../lib/common.sh
. "$hp/lib/common.sh"

line=${1:?usage: build.sh LINE OUTDIR [MUTATION]}
out=${2:?usage: build.sh LINE OUTDIR [MUTATION]}
mutation=${3:-}

# The line's Debian source, unpacked into the kernel package cache.
tarball=$(kc_fetch_source "$line")
ver=${tarball%/*}
ver=${ver##*_}
cache=$root/build/kvm-cache/$line-$ver
extract_kvm_sources "$tarball" "$cache"

rm -rf "$out"
mkdir -p "$out/src"
mapfile -t patches < <(series_patches "$hp/$line")
[ ${#patches[@]} -gt 0 ] || die "no patches in $hp/$line"
(
	GIT_CEILING_DIRECTORIES=$out
	export GIT_CEILING_DIRECTORIES
	cd "$out/src"
	for p in "${patches[@]}"; do
		git apply --include='arch/x86/kvm/exit_stats.*' \
			--include='arch/x86/include/asm/kvm_exit_stats.h' "$p"
	done
)
src=$out/src/arch/x86/kvm
[ -f "$src/exit_stats.c" ] || die "the $line series adds no exit_stats.c"
if [ -n "$mutation" ]; then
	files=("$src/exit_stats.c" "$src/exit_stats.h"
	       "$out/src/arch/x86/include/asm/kvm_exit_stats.h")
	before=$(cat "${files[@]}" | sha256sum)
	sed -i -e "$mutation" "${files[@]}"
	# A mutation that no longer matches the source would test nothing.
	[ "$(cat "${files[@]}" | sha256sum)" != "$before" ] ||
		die "the mutation '$mutation' changes nothing in the $line sources"
fi

gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-I "$here/shim" -I "$src" -I "$root/include" \
	-I "$out/src/arch/x86/include" \
	-I "$cache/arch/x86/include/uapi" -I "$cache/arch/x86/include" \
	-o "$out/exit_stats_test" \
	"$here/exit_stats_test.c" "$src/exit_stats.c" -lcmocka
