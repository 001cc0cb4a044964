#!/usr/bin/env bash
# run.sh: test the report tool: its parser on recorded probe logs and its
# charts read back. PASS:/FAIL:/SKIP: lines; status 1 on any failure, 77
# when there is no python3 to run them.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian's python3 is the one with python3-matplotlib.
PYTHON=${PYTHON:-/usr/bin/python3}
if ! [[ -x $PYTHON ]]; then
	echo "SKIP: report: no $PYTHON (install python3 and python3-matplotlib)"
	exit 77
fi
PYTHONDONTWRITEBYTECODE=1 exec "$PYTHON" tests/report/test_report.py
