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

.PHONY: run setup venv assets messages migrate seed serve test test-postgres lint bench clean

# A fresh checkout to a running platform with master data, demo data and demo logins.
run: setup migrate seed
	@echo "Teilhabe läuft auf http://$(HOST):$(PORT)/  (Ende mit Strg+C)"
	TEILHABE_HTTPS=false TEILHABE_SECRET_KEY_FILE=$(VAR)/secret_key \
	  $(VENV)/bin/gunicorn teilhabe.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
	  --access-logfile - --forwarded-allow-ips=""

setup: $(VENV)/.installed assets messages $(VAR)/secret_key

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json
	node scripts/build-assets.mjs

messages: $(VENV)/.installed
	cd teilhabe && ../$(TEILHABE) compilemessages --ignore='.venv' -v 0

$(VAR)/secret_key:
	mkdir -p $(VAR)
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

migrate: setup
	TEILHABE_SECRET_KEY_FILE=$(VAR)/secret_key $(TEILHABE) migrate --no-input -v 0
	TEILHABE_SECRET_KEY_FILE=$(VAR)/secret_key $(TEILHABE) collectstatic --no-input -v 0

seed: migrate
	TEILHABE_SECRET_KEY_FILE=$(VAR)/secret_key $(TEILHABE) load_master_data
	TEILHABE_SECRET_KEY_FILE=$(VAR)/secret_key $(TEILHABE) seed_demo

# The whole suite on SQLite, in parallel on all cores.
test: setup
	TEILHABE_SECRET_KEY=test-only-not-secret $(VENV)/bin/pytest -n auto

# The same suite on a throwaway PostgreSQL cluster that this target starts and stops.
test-postgres: setup
	TEILHABE_SECRET_KEY=test-only-not-secret $(PY) scripts/with_postgres.py $(VENV)/bin/pytest -n auto

lint: setup
	$(VENV)/bin/ruff check teilhabe tests bench scripts
	$(VENV)/bin/ruff format --check teilhabe tests bench scripts
	$(VENV)/bin/mypy teilhabe
	TEILHABE_SECRET_KEY=lint $(TEILHABE) makemigrations --check --dry-run

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules teilhabe/static/vendor $(VAR)/static
