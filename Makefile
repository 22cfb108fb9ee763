# The two commands: `make run` and `make test`. Both create .venv and install on first use.
# With DATABASE_URL and CELERY_BROKER_URL set they use PostgreSQL and Redis; otherwise SQLite
# under var/ and kombu's filesystem broker, so nothing else is needed on the machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point at the address the app is served on.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run serve test lint format bench screenshots clean messages translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The translations (issue 16): locale/<language>/LC_MESSAGES/django.po, compiled to .mo with polib (no GNU
# gettext needed) whenever a .po is newer. `make messages` gathers the strings marked in the code into every
# .po (that step needs GNU gettext's xgettext); then translate the new entries and `make translations`.
translations: install
	$(BIN)/python manage.py compilemessages

MESSAGES_IGNORE := tests benchmarks var docs staticfiles static media bin
messages: install
	$(BIN)/python manage.py makemessages --all --add-location=file --no-obsolete \
	  $(addprefix --ignore=,$(MESSAGES_IGNORE))
	$(BIN)/python manage.py compilemessages

run: translations
	$(BIN)/python manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo
	SITE_URL=$(SITE_URL) HOST=$(HOST) PORT=$(PORT) bin/serve

# The suite runs on every core (pytest-xdist; a worker that is done takes tests from the others, and no
# fixture is shared beyond one test but the browser and the live server); TEST_WORKERS=0 runs one process.
TEST_WORKERS ?= auto
test: translations lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --quiet

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

bench: install
	$(BIN)/python -m benchmarks

# README's screenshots of each role's main page (needs Debian's chromium).
screenshots: install
	$(BIN)/python bin/screenshots

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
