#!/usr/bin/env bash
# Set up, then preview the shipped timeline at http://127.0.0.1:8000/ : the page rebuilds and
# reloads as you save files in content/, templates/ or static/. Ctrl-C stops it.
# Extra arguments go to `build.py serve` (e.g. --port 8080, --drafts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python build.py serve "$@"
