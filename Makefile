# Everyday commands. Everything runs in .venv (created by `make setup`).
# Settings come from the environment (see README, "Configuration"), e.g.
#   make run DATABASE_URL=postgresql+psycopg://portal@localhost/portal

VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8050
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: help setup demo run etl status migrate migration test test-quick lint format \
        bench-etl bench-api bench-dashboard clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup:  ## system packages, .venv, requirements, vendored assets (scripts/setup.sh)
	bash scripts/setup.sh

demo:  ## demo data + ETL + serve on http://127.0.0.1:8050 (scripts/run_demo.sh)
	bash scripts/run_demo.sh

run:  ## serve the current warehouse with gunicorn (no ETL)
	gunicorn -w 2 -b $(HOST):$(PORT) --access-logfile - app:server

etl:  ## publish pending nights of LANDING (default var/landing)
	$(PY) -m etl run --landing $(or $(LANDING),var/landing)

status:  ## last publication and last ETL run
	$(PY) -m etl status

migrate:  ## alembic upgrade head on DATABASE_URL (the ETL also does it before each run)
	alembic upgrade head

migration:  ## new revision after a change to data/schema.py: make migration m="what changed"
	@test -n "$(m)" || { echo 'usage: make migration m="what changed"'; exit 2; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  DATABASE_URL="sqlite:///$$tmp/head.sqlite" alembic upgrade head && \
	  rev=$$(printf '%04d' $$(( $$(ls data/migrations/versions/[0-9]*_*.py | wc -l) + 1 ))) && \
	  DATABASE_URL="sqlite:///$$tmp/head.sqlite" alembic revision --autogenerate \
	    --rev-id "$$rev" -m "$(m)"

test:  ## install what the tests need, start PostgreSQL + Redis, ruff + pytest (= CI)
	bash scripts/test.sh $(ARGS)

test-quick:  ## pytest on SQLite only, no services, no installs: make test-quick ARGS="-k name"
	$(PY) -m pytest $(ARGS)

lint:  ## ruff check (what CI runs) and the formatter in check mode (both block CI)
	ruff check .
	ruff format --check .

format:  ## fix imports and simple lint findings, then format: FILES=path ... (default: .)
	ruff check --fix $(or $(FILES),.)
	ruff format $(or $(FILES),.)

bench-etl:  ## ETL benchmark (bench/etl_bench.py)
	$(PY) -m bench.etl_bench

bench-api:  ## API benchmark (bench/api_bench.py)
	$(PY) -m bench.api_bench

bench-dashboard:  ## dashboard callback benchmark (bench/dashboard_bench.py)
	$(PY) -m bench.dashboard_bench

clean:  ## remove caches (keeps .venv and var/)
	rm -rf .pytest_cache .ruff_cache .hypothesis test-artifacts
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
