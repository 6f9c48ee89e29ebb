#!/usr/bin/env bash
# Install what the browser and hosting checks need beyond Python: Debian's Chromium, a Java
# runtime for the Nu Html Checker, Node.js for axe-core and Lighthouse, nginx for the hosting
# tests, then the pinned npm tools.
# Never downloads a browser of its own. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
