# Enlace: two commands on a fresh Debian machine with Python 3.11.
#   make run   create .venv, install, migrate, load the demo once, serve on http://127.0.0.1:$(PORT)
#              through the application server (gunicorn) with the job worker; Ctrl-C stops both
#   make test  the whole suite: migrations check, ruff, import layers, mypy, pytest (SQLite; set DATABASE_URL for PostgreSQL)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2
PORT ?= 8000

.PHONY: install run test lint typecheck bench messages clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/enlace migrate --noinput -v 0
	$(BIN)/enlace demo --once
	$(BIN)/enlace web --bind 127.0.0.1:$(PORT) --with-worker

test: install
	$(BIN)/enlace makemigrations --check --dry-run -v 1 --settings=enlace.config.settings.test
	$(BIN)/ruff check enlace bench
	$(BIN)/lint-imports
	$(BIN)/mypy enlace
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile

lint: install
	$(BIN)/ruff check enlace bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy enlace

bench: install
	$(BIN)/python bench/run_all.py

messages: install
	scripts/i18n.sh

clean:
	rm -rf $(VENV) var staticfiles build *.egg-info
