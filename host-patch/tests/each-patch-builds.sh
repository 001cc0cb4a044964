#!/bin/bash
# each-patch-builds.sh: build kvm.ko, kvm-intel.ko and kvm-amd.ko with
# warnings as errors after each patch of a series, to check that every patch
# builds on its own.  Slow (one full module build per patch).
#
# Usage: host-patch/tests/each-patch-builds.sh [7.2|6.12|6.1]...
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(7.2 6.12 6.1)
status=0
for line in "${lines[@]}"; do
	mapfile -t patches < <(series_patches "$hp/$line")
	tmp=$(mktemp -d)
	for ((i = 0; i < ${#patches[@]}; i++)); do
		cp "${patches[i]}" "$tmp/"
		name=${patches[i]##*/}
		if "$hp/kvm-build" --line "$line" --series "$tmp" --werror \
			--out "$tmp/out" >"$tmp/log" 2>&1; then
			echo "PASS: $line: builds up to $name ($(grep -o 'in [0-9.]* s' "$tmp/log"))"
		else
			echo "FAIL: $line: build breaks at $name"
			tail -n 20 "$tmp/log"
			status=1
		fi
	done
	rm -rf "$tmp"
done
exit "$status"
