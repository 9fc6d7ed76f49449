# Vivier: the single entry point. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup demo test test-postgres e2e lint format messages bench clean prod-smoke

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

# Translations are compiled from the .po files in the repository, never committed as .mo.
vivier/locale/%/LC_MESSAGES/django.mo: vivier/locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

setup: $(BIN)/activate node_modules/.package-lock.json vivier/locale/fr/LC_MESSAGES/django.mo vivier/locale/en/LC_MESSAGES/django.mo

# Web server, background worker and the networks' sandbox together; Ctrl-C stops them all.
run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) demo --once
	$(MANAGE) load_esco --once
	$(MANAGE) load_places --once
	@trap 'kill 0' EXIT; \
	$(MANAGE) run_huey --quiet & \
	$(MANAGE) sandbox & \
	$(MANAGE) runserver $(HOST):$(PORT)

demo: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) demo

test: setup
	$(BIN)/pytest -q -m "not e2e"

test-postgres: setup
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q -m "not e2e"

e2e: setup
	$(BIN)/pytest -q -m e2e tests/e2e

# deploy/'s production topology on this machine (nginx, gunicorn, the worker; local PostgreSQL
# and Redis), checked through nginx; installs nginx with apt-get when it is missing.
prod-smoke: setup
	$(BIN)/python deploy/smoke

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the .po catalogues after changing user-facing strings.
messages: $(BIN)/activate
	cd vivier && ../$(BIN)/python ../manage.py makemessages -l fr -l en --no-obsolete --add-location file

clean:
	rm -rf $(VENV) node_modules staticfiles
