#!/usr/bin/env bash
# `make bench`: install wrk if needed, make sure PostgreSQL runs, measure.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)..."
  if [[ $(id -u) == 0 ]]; then apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk; fi
fi
bash scripts/pg-test-setup.sh >/dev/null || echo "PostgreSQL unavailable: measuring SQLite only"
exec .venv/bin/python bench/bench.py "$@"
