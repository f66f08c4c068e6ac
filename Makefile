# One task runner for people and CI. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.12 or newer on the PATH (pyenv reads .python-version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)
EMBEDDED := SANCTUARY_EMBEDDED=1 DEBUG=1
# The embedded demo lets a newcomer click through without an authenticator app; production never does.
DEMO := $(EMBEDDED) SANCTUARY_REQUIRE_MFA=0

.PHONY: run test install lint format lock check-deploy migrate seed worker beat clean messages bench bench-quick

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: install it and try again."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

install: $(BIN)/.installed

migrate: install
	@mkdir -p var
	$(DEMO) $(BIN)/python manage.py migrate --noinput -v 0

seed: migrate
	$(DEMO) $(BIN)/python manage.py seed_demo

run: seed
	@echo "Serving the demo at http://127.0.0.1:8000 (Ctrl+C stops it)."
	$(DEMO) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Collect new strings into the Welsh and Arabic catalogues (locale/), then compile them.
# Commit both the .po and the .mo files: newcomers without gettext still get the translations.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=bench
messages: install
	$(EMBEDDED) $(BIN)/python manage.py makemessages -l cy -l ar $(I18N_IGNORE)
	$(EMBEDDED) $(BIN)/python manage.py compilemessages -l cy -l ar $(I18N_IGNORE)

# Production settings must pass Django's deployment checks.
check-deploy: install
	SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-value-for-the-check \
	ALLOWED_HOSTS=sanctuary.example.org EMAIL_HOST=smtp.example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Re-pin dependencies from pyproject.toml, with hashes and without any registry address:
# requirements.txt for production, requirements-dev.txt adds the test and lint tools.
PIN := --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(PIN) -o requirements.txt pyproject.toml
	$(BIN)/pip-compile $(PIN) --extra dev -o requirements-dev.txt pyproject.toml

worker: install
	$(BIN)/celery -A sanctuary worker --loglevel INFO

beat: install
	$(BIN)/celery -A sanctuary beat --loglevel INFO

clean:
	rm -rf var/sanctuary.sqlite3 var/static var/test-media var/test-private var/private var/media

# The benchmark of issue 15 (bench/README.md): two datasets on PostgreSQL, gunicorn with the
# production settings and Redis, loaded with wrk. Results in var/bench/; about an hour and a
# half in full, under five minutes quick (smaller datasets, one round).
bench: install
	$(BIN)/python bench/run.py --mode full

bench-quick: install
	$(BIN)/python bench/run.py --mode quick
