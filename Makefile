# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -q
TEST_WORKERS ?= 2
TEST_MARK ?=

.PHONY: run demo test system-packages lint typecheck test-lanes test-sqlite test-pg catalogs messages bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Compile the message catalogs (.po -> .mo); the bot also does it at start if needed.
catalogs: install
	$(BIN)/pybabel compile -d locales -D messages 2>&1 | { grep -v '^compiling catalog' || true; }

## Extract new strings and merge them into both catalogs (for developers).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ --sort-output --no-location -w 99 \
		--project=thidua-bot --copyright-holder=thidua-bot -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching -w 99 \
		--ignore-obsolete

## The bot: every channel with a token; with no token, the local demo on SQLite.
run: catalogs
	$(PY) -m bot migrate
	$(PY) -m bot run --demo-if-no-token

demo: catalogs
	$(PY) -m bot demo

## All checks: lint, types, then the tests on SQLite and on a temporary PostgreSQL. The first
## step installs the Debian packages the tests need (as root; otherwise it says what to run).
test: system-packages catalogs lint typecheck test-lanes

system-packages:
	scripts/system-packages.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy bot domain emulator handlers storage tests bench

## Both lanes at once: their tests on $(TEST_WORKERS) niced xdist workers each, while the
## `serial` ones run in the foreground (scripts/test-lanes.sh says why).
test-lanes: catalogs
	TEST_WORKERS=$(TEST_WORKERS) TEST_MARK='$(TEST_MARK)' scripts/test-lanes.sh $(PY) $(PYTEST_ARGS)

## One lane: the tests on $(TEST_WORKERS) xdist workers, then the `serial` ones alone.
test-sqlite: catalogs
	env -u TEST_DATABASE_URL TEST_WORKERS=$(TEST_WORKERS) TEST_MARK='$(TEST_MARK)' \
		scripts/test-lane.sh $(PY) $(PYTEST_ARGS)

test-pg: catalogs
	TEST_WORKERS=$(TEST_WORKERS) TEST_MARK='$(TEST_MARK)' \
		scripts/pg-temp.sh scripts/test-lane.sh $(PY) $(PYTEST_ARGS)

## Benchmarks (not part of `make test`): on SQLite, and on a throwaway PostgreSQL when one is installed.
bench: catalogs
	if command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then \
		scripts/pg-temp.sh $(PY) -m bench; else $(PY) -m bench; fi

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
