#!/bin/bash
# ci-packages.sh: print the Debian packages that host-patch/tests/run.sh
# needs, with the linux-headers ABIs resolved from the package lists (the
# headers whose version equals linux-source-<line>'s), one per line.
#
# Usage: apt-get install -y $(host-patch/tests/ci-packages.sh)
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
. "$hp/lib/common.sh"

printf '%s\n' build-essential bc bison flex libelf-dev libssl-dev kmod cpio \
	rsync git perl python3-ply file xz-utils libcmocka-dev shellcheck \
	util-linux pahole
for line in 6.12 6.1; do
	echo "linux-source-$line"
	abi=$(packaged_abi "$line") || die "no linux-headers package matches linux-source-$line"
	echo "linux-headers-$abi"
done
