#!/usr/bin/env bash
# Create .venv with the pinned requirements (pass -r requirements-dev.txt for the tests).
# Safe to re-run: pip runs again only when the requirement files change.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)$(printf '%s' "$*" | sha256sum | cut -c1-8)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt "$@"
  touch "$stamp"
fi
