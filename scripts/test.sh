#!/usr/bin/env bash
# Install what the tests need (Python packages, Chromium, Java, npm checkers) and run them all.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh -r requirements-dev.txt
bash scripts/system-deps.sh
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
