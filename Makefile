# Two commands get you going: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install demo serve test lint format bench clean

install: $(STAMP)

# Re-runs only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# The seed documents live on fictional .example sites, so the demo does
# not fetch them when it re-checks.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	CLAIMS_FETCH_ENABLED=0 $(BIN)/python manage.py runserver $(HOST)

# Production on one machine: web (gunicorn), a Celery worker and beat from
# the Procfile, on PostgreSQL + Redis, DEBUG off. Migrates and collects the
# static files first; Ctrl-C stops all three. See README "Production".
serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve: set DATABASE_URL (postgres://...)" >&2; exit 2; }
	@test -n "$$CELERY_BROKER_URL" || { echo "make serve: set CELERY_BROKER_URL (redis://...)" >&2; exit 2; }
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY" >&2; exit 2; }
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 exec $(BIN)/honcho --procfile Procfile start

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/recheck.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/large_articles.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/matching_reports.py
	$(BIN)/python bench/changes.py
	$(BIN)/python bench/webhooks.py

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache
