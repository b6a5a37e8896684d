# Teilhabe – the commands of README.md. Everything a fresh machine needs is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEILHABE := $(VENV)/bin/teilhabe
PORT ?= 8000
HOST ?= 127.0.0.1
VAR := var
export TEILHABE_VAR_DIR ?= $(CURDIR)/$(VAR)
export TEILHABE_SECRET_KEY_FILE ?= $(CURDIR)/$(VAR)/secret_key
TEST_ENV := TEILHABE_SECRET_KEY=test-only-not-secret TEILHABE_TASKS_BACKEND=immediate TEILHABE_HTTPS=false

.PHONY: run setup venv assets messages migrate seed serve test test-postgres lint bench bench-http bench-postgres bench-workforce clean

# A fresh checkout to a running platform with master data, demo data and demo logins.
run: seed
	@echo "Teilhabe läuft auf http://$(HOST):$(PORT)/  (Ende mit Strg+C)"
	TEILHABE_HTTPS=false TEILHABE_ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 HOST=$(HOST) PORT=$(PORT) \
	  scripts/serve.sh

setup: $(VENV)/.installed $(VAR)/secret_key $(VAR)/static assets messages

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.package-lock.json
	node scripts/build-assets.mjs

messages: $(VENV)/.installed $(VAR)/secret_key
	cd teilhabe && ../$(TEILHABE) compilemessages -v 0

$(VAR)/secret_key:
	mkdir -p $(VAR)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# WhiteNoise warns (and warnings fail the tests) when STATIC_ROOT is missing; collectstatic fills it for `make run`.
$(VAR)/static:
	mkdir -p $@

migrate: setup
	$(TEILHABE) migrate --no-input -v 0
	$(TEILHABE) collectstatic --no-input -v 0

seed: migrate
	$(TEILHABE) load_master_data
	$(TEILHABE) seed_demo

# The whole suite on SQLite, in parallel on all cores.
test: setup
	$(TEST_ENV) $(VENV)/bin/pytest -n auto -m "not e2e"
	$(TEST_ENV) $(VENV)/bin/pytest -m e2e -p no:xdist

# The same suite on a throwaway PostgreSQL cluster that this target starts and stops.
test-postgres: setup
	$(TEST_ENV) $(PY) scripts/with_postgres.py $(VENV)/bin/pytest -n auto -m "not e2e"

lint: setup
	$(VENV)/bin/ruff check teilhabe tests scripts bench
	$(VENV)/bin/ruff format --check teilhabe tests scripts bench
	$(VENV)/bin/mypy teilhabe
	$(TEST_ENV) $(TEILHABE) makemigrations --check --dry-run

# Benchmarks (not tests): JSON on stdout. BENCH_ARGS="--sizes 50000" for a quicker run.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# HTTP load against a running server (BENCH_HTTP_URL, default http://127.0.0.1:8000; BENCH_HTTP_ARGS).
bench-http: setup
	$(PY) bench/http_load.py --base-url $(or $(BENCH_HTTP_URL),http://127.0.0.1:$(PORT)) $(BENCH_HTTP_ARGS)

bench-postgres: setup
	$(PY) scripts/with_postgres.py $(PY) bench/run.py $(BENCH_ARGS)

# Staff survey: aggregation with disclosure control of 1,000,000 answers over 300 authorities (target <= 2 s),
# JSON on stdout. WF_BENCH_ARGS="--responses 100000" for a quicker run, "--audit" to time the LP audit as well;
# on PostgreSQL: $(PY) scripts/with_postgres.py $(PY) bench/workforce.py. `make bench` and `make bench-postgres`
# run it too (after bench/search.py), with the same WF_BENCH_ARGS.
bench-workforce: setup
	$(PY) bench/workforce.py $(WF_BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules teilhabe/static/vendor $(VAR)/static
