#!/bin/bash
# e2e.sh: end-to-end tests of the patched KVM and the probe in the nested
# lab, for one kernel line: boot the lab once, run every case inside it,
# then assert on the probes' JSON lines and the lab kernel's log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=verdict.sh
source "$here/verdict.sh"

usage() {
	echo "usage: lab/tests/e2e.sh [--line 6.12|6.1] [--out DIR]" \
		"[--iso FILE --elf FILE]" >&2
	exit 2
}

line=6.12 out='' images=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--line) line=${2:?}; shift ;;
	--out) out=${2:?}; shift ;;
	--iso|--elf) images+=("$1" "${2:?}"); shift ;;
	*) usage ;;
	esac
	shift
done
out=${out:-$LAB_CACHE/e2e-$line}

echo "INFO: nested lab end-to-end tests, kernel line $line"
[[ $(id -u) -eq 0 ]] || { skip "not root (apt-get, the lab)"; summary; }
read -r abi _ < <("$LAB_DIR/resolve-kernel" "$line" 2>/dev/null) || {
	skip "no linux-source-$line / linux-image in the package lists"
	summary
}
"$LAB_DIR/install-deps" "$line" "$abi" >/dev/null 2>&1 || {
	skip "cannot install the lab's packages (no package source?)"
	summary
}

mkdir -p "$out"
plan=$out.plan
"$here/e2e-plan" "$line" "$abi" >"$plan"

status=0
"$LAB_DIR/run-lab" --line "$line" --plan "$plan" --out "$out" \
	"${images[@]}" || status=$?
"$here/e2e-check" "$out" || status=$?
exit "$status"
