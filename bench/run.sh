#!/usr/bin/env bash
# `make bench` / `make bench-scale`: install wrk and the bench extra if needed,
# make sure PostgreSQL runs, measure (the flags go to bench/bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)..."
  if [[ $(id -u) == 0 ]]; then apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk; fi
fi
# the scale chart's matplotlib: the `bench` extra
if ! .venv/bin/python -c "import matplotlib" >/dev/null 2>&1; then
  echo "Installing the bench extra (matplotlib)..."
  .venv/bin/python -m pip install --quiet -e '.[bench]'
fi
bash scripts/pg-test-setup.sh >/dev/null || echo "PostgreSQL unavailable: measuring SQLite only"
exec .venv/bin/python bench/bench.py "$@"
