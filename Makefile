# coordination — make targets. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# requirements.lock is what production installs; requirements-dev.lock adds the test, lint and type-check tools.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

run: $(STAMP) ## Migrate the SQLite database, load the demo if empty, serve on http://127.0.0.1:8000
	$(BIN)/coordination migrate
	$(BIN)/coordination demo
	$(BIN)/coordination serve --no-migrate

# The tests' SQLite files and browser profiles go to memory where the machine has /dev/shm: a commit there does not
# wait for the disk (the suite checks what the service does, not the disk's durability); about a sixth faster.
TEST_TMPDIR := $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})

test: $(STAMP) ## Run the whole suite (SQLite always; PostgreSQL when reachable), lint and type-check
	$(BIN)/ruff check coordination tests bench
	$(BIN)/ruff format --check coordination tests bench
	$(BIN)/mypy
	TMPDIR=$(TEST_TMPDIR) $(BIN)/pytest -n 2 --dist worksteal

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check coordination tests bench
	$(BIN)/ruff format --check coordination tests bench

format: $(STAMP) ## Format the code
	$(BIN)/ruff check --fix coordination tests
	$(BIN)/ruff format coordination tests

lock: ## Re-resolve requirements.lock (runtime) and requirements-dev.lock (runtime + dev) from pyproject.toml
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes -o requirements.lock
	# The dev lock is constrained by the runtime one, so both install the same versions of what they share.
	grep -E '^[A-Za-z0-9_.-]+==' requirements.lock | sed 's/ \\$$//' > $(VENV)/runtime-pins.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes -c $(VENV)/runtime-pins.txt -o requirements-dev.lock

MIGRATION_DB ?= postgresql://postgres@127.0.0.1:5432/coordination_migration_scratch
migration: $(STAMP) ## Write a new Piccolo migration from the changes to the tables (generated against PostgreSQL)
	# Piccolo's auto-migrations are not fully supported on SQLite; the files it writes here apply to both.
	psql "$(dir $(MIGRATION_DB))postgres" -qc 'DROP DATABASE IF EXISTS "$(notdir $(MIGRATION_DB))"' -c 'CREATE DATABASE "$(notdir $(MIGRATION_DB))"'
	PICCOLO_CONF=coordination.piccolo_conf COORDINATION_DATABASE_URL=$(MIGRATION_DB) $(BIN)/piccolo migrations forwards all
	PICCOLO_CONF=coordination.piccolo_conf COORDINATION_DATABASE_URL=$(MIGRATION_DB) $(BIN)/piccolo migrations new coordination --auto

.PHONY: help install run test lint format lock migration

messages: $(STAMP) ## Extract translatable strings and merge them into the fr and es catalogues
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ --no-location --sort-output --omit-header -o coordination/translations/messages.pot .
	for lang in fr es; do \
		test -f coordination/translations/$$lang/LC_MESSAGES/messages.po || \
			$(BIN)/pybabel init -i coordination/translations/messages.pot -d coordination/translations -l $$lang; \
		$(BIN)/pybabel update --no-fuzzy-matching --omit-header -i coordination/translations/messages.pot -d coordination/translations -l $$lang; \
	done

.PHONY: messages

bench: $(STAMP) ## Pages, API and feeds against a bare Litestar app, small and big network, goals PASS/MISS (~4 min)
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get install -y -qq wrk >/dev/null 2>&1; } \
		|| { echo "make bench needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/speed.py

bench-feeds: $(STAMP) ## The feeds alone: rates and render times for 100, 1,000 and 10,000 events (~2 min)
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get install -y -qq wrk >/dev/null 2>&1; } \
		|| echo "wrk is not installed: measuring with a Python load generator instead"
	$(BIN)/python bench/feeds.py

bench-report: $(STAMP) ## The annual report: build and export times for 10 and 100 bodies (~2 min)
	$(BIN)/python bench/report.py

bench-imports: $(STAMP) ## Spreadsheet imports: preview and apply of 1,000 and 5,000 members, up to 20,000 events (several minutes)
	$(BIN)/python bench/spreadsheets.py

.PHONY: bench bench-feeds bench-report bench-imports
