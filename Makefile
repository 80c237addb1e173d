# jsontwo — the two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# what serving needs (the package alone), and on top of it what testing needs
SERVE_STAMP := $(VENV)/.installed-serve
STAMP       := $(VENV)/.installed-test
DEMO_DB     ?= demo

.PHONY: serve test lint bench bench-scale bench-cpu conformance stress cluster deploy-tools install install-serve key clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(SERVE_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $(SERVE_STAMP)

$(STAMP): $(SERVE_STAMP) pyproject.toml tests/requirements-clients.txt
	$(BIN)/pip install --quiet -e '.[test]' -r tests/requirements-clients.txt
	touch $(STAMP)

install-serve: $(SERVE_STAMP)
install: $(STAMP)

## Start the server on SQLite with demo data (creates the database when missing).
## Installs what serving needs, none of the test tools.
serve: $(SERVE_STAMP)
	$(BIN)/jsontwo serve --demo $(DEMO_DB)

## Print a new API key of the demo admin, valid 30 days: KEY=$$(make -s key)
key: $(SERVE_STAMP)
	@$(BIN)/jsontwo apikey create --db $(DEMO_DB) --login admin --name "make key" --expires-in-days 30

## Lint, type-check and run the whole suite on SQLite and PostgreSQL
## (installs Debian's Chromium for the page tests, and PgBouncer and HAProxy for
## the pooler and balancer tests, when they are missing).
test: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo --no-cache
	bash scripts/pg-test-setup.sh
	@# the page tests drive Debian's Chromium; refresh the package lists only if needed
	@test -x /usr/bin/chromium || DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	@$(MAKE) --no-print-directory deploy-tools
	$(BIN)/pytest

# PgBouncer and HAProxy from Debian (tests/db/test_pooler.py, tests/http/test_balancer.py,
# make cluster); the package lists are refreshed only if needed
deploy-tools:
	@test -x /usr/sbin/pgbouncer -a -x /usr/sbin/haproxy \
		|| DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer haproxy \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer haproxy; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo --no-cache

## Requests per second against the real server with wrk (not part of `make test`),
## side by side with a reference Odoo 19 when JSONTWO_BENCH_ODOO_ENV names its env
## file (docs/benchmarks.md); more flags in BENCH_ARGS (e.g. --duration 3).
bench: $(STAMP)
	bash bench/run.sh $(BENCH_ARGS)

## Latency against table size, 10k to 1M partners, both backends; draws
## docs/images/bench-scale.png (several minutes).
bench-scale: $(STAMP)
	bash bench/run.sh --scale $(BENCH_ARGS)

## CPU time per call in process, without HTTP (SQLite): to compare two versions of the code.
bench-cpu: $(STAMP)
	$(BIN)/python bench/cpu.py

## Replay the differential suites on both backends: the project's own
## (tests/conformance, recorded from a reference Odoo 19) and Odoo 19's shared
## transcripts when they are next to the checkout (../shared/conformance).
## Exits non-zero below THRESHOLD percent of matching steps for the own suite
## (default 99.5) or SHARED_THRESHOLD for the shared one (default 98).
THRESHOLD ?= 99.5
SHARED_THRESHOLD ?= 98
conformance: $(STAMP)
	bash scripts/pg-test-setup.sh
	$(BIN)/python scripts/conformance.py --threshold $(THRESHOLD) \
		--shared-threshold $(SHARED_THRESHOLD) $(CONFORMANCE_ARGS)

## The stress suite (docs/reliability.md, "Stress suite"; not part of `make test`):
## writers, sale orders, the key limit raced, kill -9 and 100,000 fuzzed requests on
## each backend against a real 2-worker server; prints the figures, exits non-zero on
## any failure. STRESS_ARGS changes counts and backends, for example
## STRESS_ARGS='--backend sqlite --fuzz 5000' (see `--help`).
STRESS_ARGS ?=
stress: $(STAMP)
	bash scripts/pg-test-setup.sh
	PYTHONPATH=scripts $(BIN)/python -m stress $(STRESS_ARGS)

## The whole local topology on loopback ports (docs/deployment.md; not part of
## `make test`): its own PostgreSQL primary and streaming replica in a temporary
## folder, PgBouncer, 2 jsontwo instances and HAProxy; a mixed load with an
## instance stopped, then killed, then the replica stopped; prints the figures
## and stops everything. CLUSTER_ARGS: see `--help`.
CLUSTER_ARGS ?=
cluster: $(STAMP)
	@$(MAKE) --no-print-directory deploy-tools
	PYTHONPATH=scripts $(BIN)/python -m cluster $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
