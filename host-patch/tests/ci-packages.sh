#!/bin/bash
# ci-packages.sh: print the Debian packages that host-patch/tests/run.sh
# needs, one per line. No kernel package is among them: run.sh takes
# linux-source-<line> and the headers from the kernel package cache
# (host-patch/lib/kcache.sh: downloaded and unpacked, never installed;
# installing linux-headers-<abi> would pull linux-image-<abi> into /boot),
# and 7.2's come through a Debian sid root made with mmdebstrap.
#
# Usage: apt-get install -y $(host-patch/tests/ci-packages.sh)
set -euo pipefail

printf '%s\n' build-essential bc bison flex libelf-dev libssl-dev kmod cpio \
	rsync git perl python3-ply file xz-utils libcmocka-dev shellcheck \
	util-linux pahole mmdebstrap
