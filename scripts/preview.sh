#!/usr/bin/env bash
# Build the shipped timeline and serve it at http://127.0.0.1:8000/ (Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python build.py build --base-url http://127.0.0.1:8000/ "$@"
echo "Serving site/ at http://127.0.0.1:8000/ (Ctrl-C to stop)"
exec .venv/bin/python -m http.server --bind 127.0.0.1 --directory site 8000
