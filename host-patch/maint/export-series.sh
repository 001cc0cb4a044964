#!/bin/bash
# export-series.sh: write the series of kernel line LINE from the git branch
# exit-stats of kernel tree TREE (based on branch master, the pristine
# Debian source) into host-patch/LINE, with maint/cover-LINE.txt as the
# cover letter.
#
# Usage: host-patch/maint/export-series.sh LINE TREE [VERSION]
# VERSION (default 2) goes into the subject prefix: [PATCH vVERSION n/m].
set -euo pipefail

hp=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
line=${1:?usage: export-series.sh LINE TREE}
tree=${2:?usage: export-series.sh LINE TREE}
version=${3:-2}
cover=$hp/maint/cover-$line.txt

[ -f "$cover" ] || { echo "no $cover" >&2; exit 1; }
git -C "$tree" config branch.exit-stats.description "$(cat "$cover")"
rm -f "$hp/$line"/*.patch
git -C "$tree" format-patch -q --cover-letter --cover-from-description=auto \
	--subject-prefix="PATCH v$version" \
	-o "$hp/$line" master..exit-stats
ls "$hp/$line"
